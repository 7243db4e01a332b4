export {
  createPinterest,
  PINTEREST_DEFAULT_SCOPES,
  type PinterestAdapterOptions,
  type PinterestListRequest,
  type PinterestProgress,
  pinterestAdapterOptionsSchema,
  pinterestProgressSchema,
} from './adapter.js';
export {
  canPinToSecretBoards,
  offeredBoards,
  PINTEREST_SECRET_BOARD_SCOPES,
  type PinterestBoard,
  type PinterestBoardSection,
} from './boards.js';
export {
  mapPinterestError,
  mapPinterestOAuthError,
  type PinterestErrorInfo,
  type PinterestErrorOptions,
  pinterestErrorInfo,
} from './errors.js';
export {
  createPinterestFake,
  type PinterestFake,
  type PinterestFakeBoard,
  type PinterestFakeExchange,
  type PinterestFakeMedia,
  type PinterestFakeOptions,
  type PinterestFakePin,
} from './fake/index.js';
export {
  PINTEREST_ALT_TEXT_MAX,
  PINTEREST_DESCRIPTION_MAX,
  PINTEREST_LINK_MAX,
  PINTEREST_TITLE_MAX,
  pinterestCapabilities,
} from './limits.js';
export type { PinterestImageSource } from './media-source.js';
export { type PinterestOptions, type PinterestOptionsInput, pinterestOptionsSchema } from './options.js';
