/** Activities behind the scheduled maintenance workflows. */
export interface MaintenanceActivities {
  refreshExpiringCredentials(input: { withinMs: number }): Promise<{ refreshed: number; failed: number }>;
  purgeHistory(input: { olderThanMs: number }): Promise<{ deleted: number }>;
}
