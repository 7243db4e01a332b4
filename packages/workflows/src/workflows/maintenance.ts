import { proxyActivities } from '@temporalio/workflow';
import type { MaintenanceActivities, ReconcileReport } from '../activities/maintenance-types.js';

const maintenance = proxyActivities<MaintenanceActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '10s', maximumAttempts: 5 },
});

/**
 * Refreshes every account whose access token expires within `withinMinutes`, before a publish
 * needs it. Run by a Temporal Schedule. Accounts whose refresh fails are marked
 * `needs_reconnect` and their workspace is told.
 */
export async function refreshExpiringCredentials(input: {
  withinMinutes: number;
}): Promise<{ refreshed: number; failed: number }> {
  return maintenance.refreshExpiringCredentials({ withinMs: input.withinMinutes * 60_000 });
}

/**
 * Repairs posts whose workflow is gone or closed while the post is not final: restarts those that
 * sent nothing yet, fails (and reports) the others. Only posts unchanged for `graceMinutes` are
 * touched. Run by a Temporal Schedule every `RECONCILE_MINUTES`.
 */
export async function reconcileWedgedPosts(input: { graceMinutes: number }): Promise<ReconcileReport> {
  return maintenance.reconcilePosts({ graceMs: input.graceMinutes * 60_000 });
}

/** Deletes history older than the retention period. Run by a Temporal Schedule. */
export async function purgeExpiredHistory(input: { retentionDays: number }): Promise<{ deleted: number }> {
  return maintenance.purgeHistory({ olderThanMs: input.retentionDays * 86_400_000 });
}
