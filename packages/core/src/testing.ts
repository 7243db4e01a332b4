/**
 * `@relaypost/core/testing`: conformance suites for store implementations. Needs `vitest`
 * (an optional peer dependency of this entry only).
 *
 * @packageDocumentation
 */
export * from './testing/index.js';
