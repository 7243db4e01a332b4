export {
  createTikTokFake,
  type FakeTikTokPublish,
  type TikTokFake,
  type TikTokFakeOptions,
} from './server.js';
