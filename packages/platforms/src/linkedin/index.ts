export {
  createLinkedIn,
  LINKEDIN_DEFAULT_API_VERSION,
  LINKEDIN_MEMBER_SCOPES,
  LINKEDIN_ORGANIZATION_SCOPES,
  LINKEDIN_POSTING_ROLES,
  type LinkedInAdapterOptions,
  type LinkedInProgress,
  linkedInAdapterOptionsSchema,
  linkedInProgressSchema,
} from './adapter.js';
export type { LinkedInAccountMetadata } from './auth.js';
export {
  contentFieldOf,
  type LinkedInErrorInfo,
  linkedInErrorInfo,
  mapLinkedInError,
  mapLinkedInOAuthError,
  msUntilUtcMidnight,
} from './errors.js';
export {
  createLinkedInFake,
  type LinkedInFake,
  type LinkedInFakeExchange,
  type LinkedInFakeMedia,
  type LinkedInFakeOptions,
  type LinkedInFakeOrganization,
  type LinkedInFakePost,
} from './fake/index.js';
export {
  LINKEDIN_ALT_TEXT_MAX,
  LINKEDIN_COMMENTARY_MAX,
  LINKEDIN_MAX_IMAGES,
  type LinkedInLimits,
  type LinkedInLimitsInput,
  linkedInCapabilities,
  linkedInLimitsSchema,
} from './limits.js';
export {
  escapeLittleText,
  LITTLE_RESERVED,
  type LittleTextOptions,
  littleTextToPlain,
} from './little-text.js';
export {
  LINKEDIN_VISIBILITIES,
  type LinkedInOptions,
  type LinkedInOptionsInput,
  linkedInOptionsSchema,
} from './options.js';
export { authorOf, type LinkedInAuthorType, restliIdOf } from './rest.js';
