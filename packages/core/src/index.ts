/**
 * `@relaypost/core`: the data model, the platform adapter spec, the error family, encryption
 * and the store interfaces that every other RelayPost package builds on.
 *
 * @packageDocumentation
 */
export * from './adapter/index.js';
export * from './crypto/index.js';
export * from './errors/index.js';
export * from './schemas.js';
export * from './store/index.js';
