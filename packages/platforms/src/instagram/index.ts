export { createInstagram, INSTAGRAM_DEFAULT_SCOPES, type InstagramAdapterOptions } from './adapter.js';
export { instagramCapabilities, instagramStoryCapabilities } from './limits.js';
