export {
  createYouTubeFake,
  type FakeYouTubeVideo,
  type YouTubeFake,
  type YouTubeFakeOptions,
} from './server.js';
