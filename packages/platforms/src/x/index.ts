export {
  createX,
  X_DEFAULT_SCOPES,
  type XAdapterOptions,
  type XProgress,
  xAdapterOptionsSchema,
  xProgressSchema,
} from './adapter.js';
export { mapXError, mapXOAuthError, type XErrorInfo, type XErrorOptions, xErrorInfo } from './errors.js';
export {
  createXFake,
  type XFake,
  type XFakeExchange,
  type XFakeMedia,
  type XFakeOptions,
  type XFakeTweet,
} from './fake/index.js';
export { X_ALT_TEXT_MAX, X_TEXT_MAX, xCapabilities } from './limits.js';
export { X_REPLY_SETTINGS, type XOptions, type XOptionsInput, xOptionsSchema } from './options.js';
export { normaliseXText } from './reconcile.js';
export { splitForThread as splitXThread } from './thread.js';
