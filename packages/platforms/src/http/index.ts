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
export { retryAfterFromHeaders } from './retry-after.js';
