import { LIFECYCLE_TASK_QUEUE } from '@relaypost/workflows';
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';

/**
 * Makes sure the maintenance schedules exist: credential refresh every 15 minutes and the
 * retention purge once a day. Creating them is idempotent; a changed setting updates them.
 */
export async function ensureSchedules(
  client: Client,
  options: { refreshWithinMinutes: number; retentionDays: number },
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
