export {
  createXFake,
  type XFake,
  type XFakeExchange,
  type XFakeMedia,
  type XFakeOptions,
  type XFakeTweet,
} from './server.js';
