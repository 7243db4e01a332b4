// The floor: the least a Temporal workflow with one activity can cost on this server. Workflow code
// runs in Temporal's sandbox, so this file imports nothing but `@temporalio/workflow`.
import { proxyActivities, sleep } from '@temporalio/workflow';

/** @type {{ touch(n: number): Promise<number> }} */
const { touch } = proxyActivities({ startToCloseTimeout: '1 minute' });

/**
 * One activity, optionally after a timer (for the burst comparison).
 *
 * @param {{ n: number, at?: number }} input `at`: epoch milliseconds to wait for before the activity.
 * @returns {Promise<number>}
 */
export async function trivialWorkflow(input) {
  if (input.at !== undefined && input.at > Date.now()) await sleep(input.at - Date.now());
  return touch(input.n);
}
