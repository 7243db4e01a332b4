export type { MediaKindLimits, PlatformCapabilities } from './capabilities.js';
export type { MediaAccess, MediaReader, MediaStore, MediaUrlProvider } from './media-access.js';
export {
  METRIC_NAMES,
  type MetricName,
  type MetricsCapability,
  type MetricsRequest,
  type PostMetrics,
} from './metrics.js';
export { createOAuthState, createPkcePair, type PkcePair } from './oauth.js';
export {
  type AdapterLookup,
  checkPostForTargets,
  contentForTarget,
  type PostDraft,
  validateForTargets,
} from './post-content.js';
export type {
  AdapterAccount,
  AdapterContent,
  ConnectableAccount,
  DeleteRequest,
  OAuth2Auth,
  PasswordAuth,
  PlatformAdapter,
  PlatformAdapterV1,
  PreparedPublish,
  PublishedPart,
  PublishRequest,
  PublishResult,
} from './spec.js';
export {
  countCodePoints,
  countGraphemes,
  countText,
  countThreadsCharacters,
  countUtf8Bytes,
  countXWeighted,
  findXUrls,
  type TextCounting,
  type XUrlMatch,
} from './text-counting.js';
export { issuesToRejection, validateAgainstCapabilities } from './validate.js';
