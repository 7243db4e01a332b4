import { proxyActivities } from '@temporalio/workflow';
import type {
  MaintenanceActivities,
  ReconcilePage,
  ReconcileReport,
} from '../activities/maintenance-types.js';

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
  // One instant for the whole run, so the pages follow each other; a page per activity, so a
  // deployment with many long-waiting posts is covered without one long activity.
  const updatedBefore = new Date(Date.now() - input.graceMinutes * 60_000).toISOString();
  const total: ReconcileReport = { examined: 0, restarted: 0, failed: 0, left: 0 };
  let cursor: string | null = null;
  do {
    const page: ReconcilePage = await maintenance.reconcilePosts({
      updatedBefore,
      ...(cursor ? { cursor } : {}),
    });
    total.examined += page.examined;
    total.restarted += page.restarted;
    total.failed += page.failed;
    total.left += page.left;
    cursor = page.nextCursor;
  } while (cursor);
  return total;
}

/** Deletes history older than the retention period. Run by a Temporal Schedule. */
export async function purgeExpiredHistory(input: { retentionDays: number }): Promise<{ deleted: number }> {
  return maintenance.purgeHistory({ olderThanMs: input.retentionDays * 86_400_000 });
}
