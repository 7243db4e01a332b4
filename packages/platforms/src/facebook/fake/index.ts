export {
  createFacebookFake,
  type FacebookFake,
  type FacebookFakeMedia,
  type FacebookFakeOptions,
  type FacebookFakePage,
  type FacebookFakePost,
} from './server.js';
