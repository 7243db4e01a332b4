export {
  type CallOptions,
  createHttp,
  defaultHttpError,
  type HttpErrorMapper,
  type HttpFailure,
  type HttpOptions,
  httpErrorInit,
  platformCall,
  toPlatformError,
} from './client.js';
export { createNodeFetch, type NodeFetchOptions } from './node-fetch.js';
export { retryAfterFromHeaders } from './retry-after.js';
