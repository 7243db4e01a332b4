import { isCancellation, TemporalFailure } from '@temporalio/workflow';
import type { LifecycleInput, LifecycleResult } from '../types.js';
import { approvals } from './activities.js';
import { awaitApproval } from './approval.js';
import { writeCaption } from './caption.js';
import { messageOf } from './failures.js';
import { awaitPublishTime } from './publish-time.js';
import { holdAndPublish } from './publishing.js';
import { finalStatusOf } from './rules.js';
import { Lifecycle, SYSTEM } from './state.js';
import { registerHandlers } from './updates.js';

/**
 * One post's whole life: draft → (captioning) → (awaiting approval) → scheduled → publishing →
 * published / partially published / failed, or rejected / cancelled on the way. Every change
 * comes in as an update with a validator (`updates.ts`), every transition is written to the store
 * and its history by an activity, and the publish time is a durable timer that reschedule moves
 * and publish-now cuts short. docs/architecture.md draws it, with a glossary of the publish path.
 */
export async function postLifecycle(input: LifecycleInput): Promise<LifecycleResult> {
  const life = new Lifecycle(input);
  registerHandlers(life);
  try {
    return await live(life);
  } catch (error) {
    // A Temporal failure here would fail the workflow and leave the post where it stood: end
    // the post instead, with the reason, every target final, and the host app told. (Bugs in
    // this code are not Temporal failures: they fail the workflow task, which retries until a
    // fixed worker takes it.)
    if (isCancellation(error) || !(error instanceof TemporalFailure) || !life.loaded) throw error;
    const message = `the post's workflow stopped: ${messageOf(error)}`;
    return life.finish('failed', [], SYSTEM, message, { kind: 'workflow_ended', message });
  }
}

async function live(life: Lifecycle): Promise<LifecycleResult> {
  await life.load();
  if (life.captionPending && (await writeCaption(life)) === 'cancelled') return cancelled(life);

  // Approval and the wait for the publish time, until both are settled.
  for (;;) {
    if (life.cancelRequest) return cancelled(life);
    if (life.needsApproval()) {
      const outcome = await awaitApproval(life);
      if (outcome === 'cancelled') return cancelled(life);
      if (outcome === 'rejected')
        return life.finish('rejected', [], life.decision!.actor, life.decision!.reason);
      if (outcome === 'expired') return life.finish('rejected', [], SYSTEM, 'approval deadline passed');
    }
    await life.schedule();
    const waited = await awaitPublishTime(life);
    if (waited === 'cancelled') return cancelled(life);
    if (waited !== 'publish') continue;
    const held = await holdAndPublish(life);
    if (held === 'cancelled') return cancelled(life);
    if (held === 'revoked') continue;
    return life.finish(finalStatusOf(held), held);
  }
}

/** Ends a post that was cancelled; approvers waiting on it are told. */
async function cancelled(life: Lifecycle): Promise<LifecycleResult> {
  const request = life.cancelRequest!;
  if (life.status === 'awaiting_approval') {
    await approvals.announceDecision({
      ...life.event(),
      decision: 'cancelled',
      actor: request.actor,
      ...(request.reason ? { reason: request.reason } : {}),
    });
  }
  return life.finish('cancelled', [], request.actor, request.reason);
}
