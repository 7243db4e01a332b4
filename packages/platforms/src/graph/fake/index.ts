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
