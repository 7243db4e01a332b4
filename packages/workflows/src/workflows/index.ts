/**
 * `@relaypost/workflows/workflows`: workflow code only; this module is what the worker bundles.
 *
 * @packageDocumentation
 */

export { purgeExpiredHistory, reconcileWedgedPosts, refreshExpiringCredentials } from './maintenance.js';
export { postLifecycle } from './post-lifecycle.js';
