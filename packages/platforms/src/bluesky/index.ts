export { type BlueskyAdapterOptions, createBluesky } from './adapter.js';
export { blueskyCapabilities } from './limits.js';
