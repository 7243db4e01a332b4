export { createThreads, THREADS_DEFAULT_SCOPES, type ThreadsAdapterOptions } from './adapter.js';
export { threadsCapabilities } from './limits.js';
