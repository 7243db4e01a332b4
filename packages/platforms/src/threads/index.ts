export {
  createThreads,
  THREADS_DEFAULT_SCOPES,
  type ThreadsAdapterOptions,
  threadsAdapterOptionsSchema,
  threadsProgressSchema,
} from './adapter.js';
export { createThreadsAuth, type ThreadsAuthConfig } from './auth.js';
export { mapThreadsError } from './errors.js';
export {
  createThreadsFake,
  type ThreadsFake,
  type ThreadsFakeContainer,
  type ThreadsFakeOptions,
  type ThreadsFakePost,
} from './fake/index.js';
export {
  THREADS_DEFAULT_CAROUSEL_MAX,
  THREADS_DEFAULT_MAX_THREAD_PARTS,
  THREADS_TEXT_MAX,
  threadsCapabilities,
} from './limits.js';
export {
  THREADS_REPLY_CONTROLS,
  type ThreadsOptions,
  type ThreadsOptionsInput,
  threadsOptionsSchema,
} from './options.js';
export { splitThreadsText } from './split.js';
