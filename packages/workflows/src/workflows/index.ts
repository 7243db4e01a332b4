/** Workflow code only: this module is what the worker bundles. */

export { purgeExpiredHistory, refreshExpiringCredentials } from './maintenance.js';
export { postLifecycle } from './post-lifecycle.js';
