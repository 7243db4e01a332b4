/**
 * `@relaypost/worker`: the deployable worker service (`relaypost worker`), and dev mode
 * (`relaypost dev`) with every dependency embedded.
 *
 * @packageDocumentation
 */
export { adaptersFromEnv } from './adapters-from-env.js';
export { loadWorkerConfig, type WorkerConfig, WorkerConfigError, workerConfigSchema } from './config.js';
export { SANDBOX_CREDENTIALS, type Sandbox } from './dev/sandbox.js';
export { type SandboxButtonPress, type SandboxStack, startSandboxStack } from './dev/sandbox-stack.js';
export type { DevStack } from './dev/stack.js';
export { createLogger } from './logger.js';
export { type RunningWorker, startWorker } from './run-worker.js';
export { WORKER_RUNTIME_ENV } from './runtime-env.js';
