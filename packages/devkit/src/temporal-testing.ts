/**
 * `@relaypost/devkit/temporal-testing`: Temporal's test environments started with the binaries
 * the devkit finds. Needs the peer dependency `@temporalio/testing`, whose types these signatures
 * use; the main entry point does not, so Postgres-only users need not install it.
 *
 * @packageDocumentation
 */
export type { CreateLocalDevEnvOptions, CreateTimeSkippingEnvOptions } from './temporal/test-env.js';
export { createLocalDevEnv, createTimeSkippingEnv, temporalExecutable } from './temporal/test-env.js';
