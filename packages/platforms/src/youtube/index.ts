export { createYouTube, type YouTubeAdapterOptions } from './adapter.js';
export { youTubeCapabilities } from './limits.js';
