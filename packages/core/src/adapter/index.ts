export type { MediaKindLimits, PlatformCapabilities } from './capabilities.js';
export type { MediaAccess, MediaReader, MediaStore, MediaUrlProvider } from './media-access.js';
export {
  METRIC_NAMES,
  type MetricName,
  type MetricsCapability,
  type MetricsRequest,
  type PostMetrics,
} from './metrics.js';
export { createOAuthState, createPkcePair, type PkcePair, pkceChallenge } from './oauth.js';
export {
  type AdapterLookup,
  checkPostForTargets,
  contentForTarget,
  type PostDraft,
  validateForTargets,
} from './post-content.js';
export {
  type AdapterAccount,
  type AdapterContent,
  type AdapterRegistry,
  type ConnectableAccount,
  type DeleteRequest,
  defineAdapterRegistry,
  type OAuth2Auth,
  type PasswordAuth,
  type PlatformAdapter,
  type PlatformAdapterV1,
  type PreparedPublish,
  type PublishedPart,
  type PublishRequest,
  type PublishResult,
  type RegistryPlatformId,
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
  URL_PATTERN,
  type XUrlMatch,
} from './text-counting.js';
export { issuesToRejection, validateAgainstCapabilities } from './validate.js';
