export { type BlueskyAdapterOptions, blueskyAdapterOptionsSchema, createBluesky } from './adapter.js';
export { type BlueskyAuthConfig, createBlueskyAuth, credentialsFromSession, jwtExpiry } from './auth.js';
export { blueskyRetryAfter, mapBlueskyError } from './errors.js';
export {
  type BlueskyFacet,
  buildFacets,
  type DetectedFeature,
  detectFeatures,
  mentionedHandles,
  type RichTextFeature,
  sliceUtf8,
  utf8Length,
} from './facets.js';
export {
  type BlueskyFake,
  type BlueskyFakeOptions,
  type BlueskyFakeRecord,
  createBlueskyFake,
} from './fake/index.js';
export {
  BLUESKY_ALT_TEXT_MAX,
  BLUESKY_IMAGE_MAX_BYTES,
  BLUESKY_TEXT_MAX_BYTES,
  BLUESKY_TEXT_MAX_GRAPHEMES,
  blueskyCapabilities,
} from './limits.js';
export { type BlueskyOptions, type BlueskyOptionsInput, blueskyOptionsSchema } from './options.js';
export { isTid, recordKeyFor } from './record-key.js';
export { type PartLimits, splitForThread as splitBlueskyThread } from './split.js';
