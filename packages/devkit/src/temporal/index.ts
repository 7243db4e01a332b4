export type { StartTemporalDevServerOptions, TemporalDevServer } from './dev-server.js';
export { startTemporalDevServer } from './dev-server.js';
export { TemporalBinaryError } from './errors.js';
export type { FindTemporalOptions, TemporalBinary } from './find.js';
export { findTemporalCli } from './find.js';
export { defaultCacheDir } from './pip-install.js';
