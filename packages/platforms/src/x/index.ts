export { createX, X_DEFAULT_SCOPES, type XAdapterOptions } from './adapter.js';
export { xCapabilities } from './limits.js';
