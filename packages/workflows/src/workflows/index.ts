/** Workflow code only: this module is what the worker bundles. */

export { purgeExpiredHistory, reconcileWedgedPosts, refreshExpiringCredentials } from './maintenance.js';
export { postLifecycle } from './post-lifecycle.js';
