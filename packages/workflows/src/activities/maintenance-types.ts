/** What one reconciliation run did: posts looked at, workflows started again, posts failed, posts left alone. */
export interface ReconcileReport {
  examined: number;
  restarted: number;
  failed: number;
  left: number;
}

/** Activities behind the scheduled maintenance workflows. */
export interface MaintenanceActivities {
  refreshExpiringCredentials(input: { withinMs: number }): Promise<{ refreshed: number; failed: number }>;
  purgeHistory(input: { olderThanMs: number }): Promise<{ deleted: number }>;
  /**
   * Finds posts not final, unchanged for `graceMs`, whose workflow is gone or closed, and restarts
   * or fails them (see `createReconcileActivity`). At most `maxPosts` (default 1000) per run.
   */
  reconcilePosts(input: { graceMs: number; pageSize?: number; maxPosts?: number }): Promise<ReconcileReport>;
}
