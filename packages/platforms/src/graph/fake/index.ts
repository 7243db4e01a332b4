export {
  createGraphFakeBase,
  downloadMedia,
  type GraphCaller,
  type GraphFakeBase,
  type GraphFakeBaseOptions,
  graphError,
  type MediaDownload,
  paramsOf,
} from './base.js';
export { makeMp4, mp4DurationMs } from './mp4.js';
