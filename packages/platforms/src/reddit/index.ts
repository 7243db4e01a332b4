export {
  createReddit,
  REDDIT_DEFAULT_SCOPES,
  type RedditAdapterOptions,
  type RedditLinkFlair,
  type RedditListRequest,
} from './adapter.js';
export { redditCapabilities } from './limits.js';
