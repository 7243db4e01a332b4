export {
  createInstagram,
  INSTAGRAM_DEFAULT_SCOPES,
  type InstagramAdapterOptions,
  instagramAdapterOptionsSchema,
} from './adapter.js';
export { createInstagramAuth, type InstagramAuthConfig } from './auth.js';
export { mapInstagramError } from './errors.js';
export {
  createInstagramFake,
  type InstagramFake,
  type InstagramFakeContainer,
  type InstagramFakeMedia,
  type InstagramFakeOptions,
} from './fake/index.js';
export {
  INSTAGRAM_CAPTION_MAX,
  INSTAGRAM_CAROUSEL_MAX,
  INSTAGRAM_HASHTAGS_MAX,
  INSTAGRAM_MENTIONS_MAX,
  instagramCapabilities,
  instagramStoryCapabilities,
} from './limits.js';
export {
  INSTAGRAM_FORMATS,
  type InstagramOptions,
  type InstagramOptionsInput,
  instagramOptionsSchema,
} from './options.js';
