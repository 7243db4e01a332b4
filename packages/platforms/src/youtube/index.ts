export { createYouTube, type YouTubeAdapterOptions, youTubeAdapterOptionsSchema } from './adapter.js';
export {
  createYouTubeFake,
  type FakeYouTubeVideo,
  type YouTubeFake,
  type YouTubeFakeOptions,
} from './fake/index.js';
export { YOUTUBE_TAGS_TOTAL_MAX, youTubeCapabilities, youTubeTagsLength } from './limits.js';
export { type YouTubeOptions, type YouTubeOptionsInput, youTubeOptionsSchema } from './options.js';
export { msUntilPacificMidnight } from './quota-reset.js';
export { type ResumableProgress, resumableProgressSchema } from './upload.js';
