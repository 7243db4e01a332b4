export {
  createLinkedIn,
  LINKEDIN_MEMBER_SCOPES,
  LINKEDIN_ORGANIZATION_SCOPES,
  type LinkedInAdapterOptions,
} from './adapter.js';
export { type LinkedInLimitsInput, linkedInCapabilities } from './limits.js';
