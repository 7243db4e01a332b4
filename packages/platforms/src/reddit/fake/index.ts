export {
  createRedditFake,
  type RedditFake,
  type RedditFakeExchange,
  type RedditFakeOptions,
  type RedditFakeSubmission,
  type RedditFakeSubreddit,
  type RedditFakeUpload,
} from './server.js';
