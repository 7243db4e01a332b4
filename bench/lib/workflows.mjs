import { mapPool } from './pool.mjs';

/**
 * Waits for every workflow to close, then reads each one's close time from the server (its own
 * clock, not when this process happened to notice).
 *
 * @param {import('@temporalio/client').Client} client
 * @param {readonly string[]} workflowIds
 * @returns {Promise<Array<{ workflowId: string, status: string, closeTime: number }>>}
 */
export async function waitForClose(client, workflowIds) {
  // Waiting in creation order with a few long polls at a time keeps the server's stream count low.
  await mapPool(workflowIds, 20, (id) =>
    client.workflow
      .getHandle(id)
      .result()
      .catch(() => undefined),
  );
  return mapPool(workflowIds, 20, async (workflowId) => {
    const description = await client.workflow.getHandle(workflowId).describe();
    return {
      workflowId,
      status: description.status.name,
      closeTime: description.closeTime ? description.closeTime.getTime() : Number.NaN,
    };
  });
}

/**
 * What one workflow cost the server: its history's events, activities and workflow tasks.
 *
 * @param {import('@temporalio/client').Client} client
 * @param {string} workflowId
 * @returns {Promise<{ events: number, activities: number, workflowTasks: number, timers: number }>}
 */
export async function historyShape(client, workflowId) {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  return {
    events: events.length,
    activities: events.filter((e) => e.activityTaskScheduledEventAttributes).length,
    workflowTasks: events.filter((e) => e.workflowTaskScheduledEventAttributes).length,
    timers: events.filter((e) => e.timerStartedEventAttributes).length,
  };
}

/**
 * @param {{ seconds?: unknown, nanos?: number | null } | null | undefined} time a protobuf Timestamp
 * @returns {number} epoch ms
 */
function epochMs(time) {
  if (!time) return Number.NaN;
  const seconds = time.seconds;
  const whole =
    typeof seconds === 'object' && seconds !== null && 'toNumber' in seconds
      ? /** @type {{ toNumber(): number }} */ (seconds).toNumber()
      : Number(seconds ?? 0);
  return whole * 1000 + Math.floor((time.nanos ?? 0) / 1e6);
}

/**
 * When the server scheduled, started and completed a workflow's first activity of one type
 * (server clock).
 *
 * @param {import('@temporalio/client').Client} client
 * @param {string} workflowId
 * @param {string} activityType
 * @returns {Promise<{ scheduled: number, started: number, completed: number } | null>}
 */
export async function activityTimes(client, workflowId, activityType) {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const scheduled = events.find(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activityType,
  );
  if (!scheduled?.eventId) return null;
  const id = String(scheduled.eventId);
  const started = events.find((e) => String(e.activityTaskStartedEventAttributes?.scheduledEventId) === id);
  const completed = events.find(
    (e) => String(e.activityTaskCompletedEventAttributes?.scheduledEventId) === id,
  );
  return {
    scheduled: epochMs(scheduled.eventTime),
    started: epochMs(started?.eventTime),
    completed: epochMs(completed?.eventTime),
  };
}
