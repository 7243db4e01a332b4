export {
  createPinterest,
  PINTEREST_DEFAULT_SCOPES,
  type PinterestAdapterOptions,
  type PinterestListRequest,
} from './adapter.js';
export { PINTEREST_SECRET_BOARD_SCOPES, type PinterestBoard, type PinterestBoardSection } from './boards.js';
export { pinterestCapabilities } from './limits.js';
