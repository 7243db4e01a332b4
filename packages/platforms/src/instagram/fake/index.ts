export {
  createInstagramFake,
  type InstagramFake,
  type InstagramFakeContainer,
  type InstagramFakeMedia,
  type InstagramFakeOptions,
} from './server.js';
