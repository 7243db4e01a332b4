export {
  createPinterestFake,
  type PinterestFake,
  type PinterestFakeBoard,
  type PinterestFakeExchange,
  type PinterestFakeMedia,
  type PinterestFakeOptions,
  type PinterestFakePin,
} from './server.js';
