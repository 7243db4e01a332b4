import { condition } from '@temporalio/workflow';
import type { Lifecycle } from './state.js';

/** Why the wait for the publish time ended. */
export type PublishTimeOutcome = 'publish' | 'cancelled' | 'reapprove' | 'rearm';

/**
 * Waits on a durable timer that updates can move (reschedule) or cut short (publish now, cancel).
 * It wakes the lead time before the second: the publish is prepared ahead and waits for the
 * second itself (see `holdAndPublish`). A change that needs approval again, or that disarmed the
 * publish hold, ends the wait so the main loop can start over.
 */
export async function awaitPublishTime(life: Lifecycle): Promise<PublishTimeOutcome> {
  const due = () =>
    life.plan.publishAt === null ? Date.now() : Date.parse(life.plan.publishAt) - life.leadMs;
  for (;;) {
    const seen = life.wake;
    const woken = () => life.publishNow || life.cancelRequest !== null || life.wake !== seen;
    life.parked = true;
    try {
      if (!life.publishNow && due() > Date.now()) await condition(woken, due() - Date.now());
      await life.settled();
    } finally {
      life.parked = false;
    }
    if (life.cancelRequest) return 'cancelled';
    if (life.needsApproval()) return 'reapprove';
    if (life.armed === null) return 'rearm';
    if (life.publishNow || due() <= Date.now()) return 'publish';
  }
}
