export { createFacebook, FACEBOOK_DEFAULT_SCOPES, type FacebookAdapterOptions } from './adapter.js';
export { facebookCapabilities } from './limits.js';
