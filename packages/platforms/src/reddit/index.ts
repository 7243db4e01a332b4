export {
  createReddit,
  REDDIT_DEFAULT_SCOPES,
  type RedditAdapterOptions,
  type RedditLinkFlair,
  type RedditListRequest,
  redditAdapterOptionsSchema,
  redditKindOf,
} from './adapter.js';
export {
  mapRedditApiErrors,
  mapRedditError,
  mapRedditOAuthError,
  type RedditBudget,
  type RedditErrorOptions,
  ratelimitWaitFromMessage,
  redditBudget,
} from './errors.js';
export {
  createRedditFake,
  type RedditFake,
  type RedditFakeExchange,
  type RedditFakeOptions,
  type RedditFakeSubmission,
  type RedditFakeSubreddit,
  type RedditFakeUpload,
} from './fake/index.js';
export { REDDIT_FLAIR_TEXT_MAX, REDDIT_TEXT_MAX, REDDIT_TITLE_MAX, redditCapabilities } from './limits.js';
export {
  REDDIT_POST_KINDS,
  type RedditOptions,
  type RedditOptionsInput,
  type RedditPostKind,
  redditOptionsSchema,
} from './options.js';
export {
  REDDIT_USER_AGENT_PATTERN,
  type RedditUserAgentParts,
  redditUserAgent,
  redditUserAgentSchema,
} from './user-agent.js';
