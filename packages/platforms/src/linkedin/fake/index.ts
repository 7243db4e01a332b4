export {
  createLinkedInFake,
  type LinkedInFake,
  type LinkedInFakeExchange,
  type LinkedInFakeMedia,
  type LinkedInFakeOptions,
  type LinkedInFakeOrganization,
  type LinkedInFakePost,
} from './server.js';
