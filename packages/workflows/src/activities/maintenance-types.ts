/** What one reconciliation run did: posts looked at, workflows started again, posts failed, posts left alone. */
export interface ReconcileReport {
  examined: number;
  restarted: number;
  failed: number;
  left: number;
}

/** One page of a reconciliation: the report for it, and where the next page starts (null: done). */
export interface ReconcilePage extends ReconcileReport {
  nextCursor: string | null;
}

/** Activities behind the scheduled maintenance workflows. */
export interface MaintenanceActivities {
  refreshExpiringCredentials(input: { withinMs: number }): Promise<{ refreshed: number; failed: number }>;
  purgeHistory(input: { olderThanMs: number }): Promise<{ deleted: number }>;
  /**
   * Checks one page of the posts not final and unchanged since `updatedBefore` against their
   * workflows, restarting or failing those whose workflow is gone or closed (see
   * `createReconcileActivity`).
   */
  reconcilePosts(input: {
    updatedBefore: string;
    cursor?: string;
    pageSize?: number;
  }): Promise<ReconcilePage>;
}
