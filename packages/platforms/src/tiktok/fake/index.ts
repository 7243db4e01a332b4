export {
  type CreatorSettings,
  createTikTokFake,
  type FakeTikTokPublish,
  type TikTokFake,
  type TikTokFakeOptions,
} from './server.js';
