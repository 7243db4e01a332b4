import { LIFECYCLE_TASK_QUEUE } from '@relaypost/workflows';
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';

/** How long a post must be unchanged before the reconciliation looks at it: a create or a step in flight is left alone. */
export const RECONCILE_GRACE_MINUTES = 2;

/**
 * Makes sure the maintenance schedules exist: credential refresh every 15 minutes, the
 * retention purge once a day and the reconciliation of wedged posts every `reconcileMinutes`.
 * Creating them is idempotent; a changed setting updates them.
 *
 * @example
 * ```ts
 * await ensureSchedules(client, { refreshWithinMinutes: 120, retentionDays: 365, reconcileMinutes: 10 });
 * ```
 */
export async function ensureSchedules(
  client: Client,
  options: { refreshWithinMinutes: number; retentionDays: number; reconcileMinutes: number },
): Promise<void> {
  const schedules = [
    {
      scheduleId: 'relaypost-refresh-credentials',
      every: '15 minutes',
      workflowType: 'refreshExpiringCredentials',
      args: [{ withinMinutes: options.refreshWithinMinutes }],
    },
    {
      scheduleId: 'relaypost-retention-purge',
      every: '1 day',
      workflowType: 'purgeExpiredHistory',
      args: [{ retentionDays: options.retentionDays }],
    },
    {
      scheduleId: 'relaypost-reconcile',
      every: `${options.reconcileMinutes} minutes`,
      workflowType: 'reconcileWedgedPosts',
      args: [{ graceMinutes: RECONCILE_GRACE_MINUTES }],
    },
  ];
  for (const schedule of schedules) {
    const action = {
      type: 'startWorkflow' as const,
      workflowType: schedule.workflowType,
      taskQueue: LIFECYCLE_TASK_QUEUE,
      args: schedule.args,
      workflowId: `${schedule.scheduleId}-run`,
    };
    try {
      await client.schedule.create({
        scheduleId: schedule.scheduleId,
        spec: { intervals: [{ every: schedule.every }] },
        action,
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
      });
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      await client.schedule.getHandle(schedule.scheduleId).update((previous) => ({
        ...previous,
        spec: { intervals: [{ every: schedule.every }] },
        action,
      }));
    }
  }
}
