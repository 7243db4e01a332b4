export {
  createFacebook,
  FACEBOOK_DEFAULT_SCOPES,
  type FacebookAdapterOptions,
  facebookAdapterOptionsSchema,
} from './adapter.js';
export { mapFacebookError } from './errors.js';
export {
  createFacebookFake,
  type FacebookFake,
  type FacebookFakeMedia,
  type FacebookFakeOptions,
  type FacebookFakePage,
  type FacebookFakePost,
} from './fake/index.js';
export { FACEBOOK_MAX_PHOTOS, FACEBOOK_TEXT_MAX, facebookCapabilities } from './limits.js';
export { type FacebookOptions, type FacebookOptionsInput, facebookOptionsSchema } from './options.js';
export {
  FACEBOOK_VIDEO_LIMITS,
  type FacebookVideoProgress,
  facebookVideoProgressSchema,
  type VideoUploadMethod,
  videoUploadMethod,
} from './video-upload.js';
