export { type RenderedLittle, renderLittle } from './render.js';
export {
  createLinkedInFake,
  type LinkedInFake,
  type LinkedInFakeExchange,
  type LinkedInFakeMedia,
  type LinkedInFakeOptions,
  type LinkedInFakeOrganization,
  type LinkedInFakePost,
} from './server.js';
