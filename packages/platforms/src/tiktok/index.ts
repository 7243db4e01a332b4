export { createTikTok, type TikTokAdapterOptions } from './adapter.js';
export { tikTokCapabilities } from './limits.js';
