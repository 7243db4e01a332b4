export * from './account.js';
export * from './common.js';
export * from './history.js';
export * from './media.js';
export * from './platform.js';
export * from './post.js';
export * from './workspace.js';
