import { ApplicationFailure, CancellationScope, condition, isCancellation } from '@temporalio/workflow';
import type { PublishHold } from '../activities/types.js';
import { FAILURE_TYPES } from '../names.js';
import type { TargetOutcome } from '../types.js';
import { bookkeeping, publisherFor } from './activities.js';
import { causeOf, failedWith, kindOf, messageOf } from './failures.js';
import type { Lifecycle } from './state.js';

/** How a held publish ended: every target's outcome, or why nothing was sent. */
export type HeldOutcome = TargetOutcome[] | 'revoked' | 'cancelled';

/**
 * Starts every target's publish `leadMs` before the second, each waiting in its activity for the
 * second and then claiming the post in the store (the claim is the one moment after which the
 * post can no longer change). Until a claim, an update that changes the post disarms the hold (the
 * store refuses the stale claims) and the main loop starts over; a cancel wins unless a claim
 * came first. Targets publish in parallel, each isolated from the others.
 */
export async function holdAndPublish(life: Lifecycle): Promise<HeldOutcome> {
  const hold = life.armed!;
  // Without a lead the workflow's own timer was the wait: send as soon as the claim succeeds.
  const notBefore = life.publishNow || life.leadMs === 0 ? null : life.plan.publishAt;
  const publishHold: PublishHold = { name: hold, notBefore };
  const targets = life.plan.targets.filter((t) => t.status !== 'cancelled');
  const scope = new CancellationScope();
  let results: Array<TargetOutcome | null> | null = null;
  let failure: unknown = null;
  scope
    .run(() =>
      Promise.all(
        targets.map((t) =>
          attemptTarget(life, t.id, t.platform, publishHold).then((o) => life.noteOutcome(o)),
        ),
      ),
    )
    .then(
      (done) => {
        results = done;
      },
      (error: unknown) => {
        failure = error ?? new Error('publish failed');
      },
    );
  const over = () => results !== null || failure !== null;

  life.parked = true;
  try {
    for (;;) {
      const seen = life.wake;
      await condition(() => over() || life.wake !== seen || life.cancelRequest !== null);
      if (over()) break;
      await condition(() => life.busy === 0 || over());
      if (over()) break;
      const cancel = life.cancelRequest;
      if (cancel) {
        try {
          await life.transition('cancelled', cancel.actor, cancel.reason);
        } catch (error) {
          if (!failedWith(error, FAILURE_TYPES.conflict)) throw error;
          life.cancelRequest = null; // a target was claimed first: the post is publishing
          continue;
        }
        scope.cancel();
        return 'cancelled';
      }
      if (life.armed !== hold) {
        scope.cancel();
        return 'revoked';
      }
    }
  } finally {
    life.parked = false;
  }
  if (failure !== null) throw failure;
  const done = results as unknown as Array<TargetOutcome | null>;
  if (done.every((outcome) => outcome === null)) {
    // Every claim lost to a change this workflow has not seen yet: read the post again.
    await life.reload();
    return 'revoked';
  }
  // The first claim moved the post to `publishing` in the store (its one writer of that move).
  life.status = 'publishing';
  return Promise.all(
    done.map(
      (outcome, i) =>
        outcome ??
        bookkeeping
          .markTargetFailed({
            ...life.event(),
            targetId: targets[i]!.id,
            error: { kind: 'transient', message: 'the publish was superseded before it was sent' },
          })
          .then((o) => life.noteOutcome(o)),
    ),
  );
}

/** One target's publish; `null` when the held publish lost its claim to a change (nothing was sent). */
async function attemptTarget(
  life: Lifecycle,
  targetId: string,
  platform: string,
  hold: PublishHold,
): Promise<TargetOutcome | null> {
  try {
    return await publisherFor(platform).publishTarget({ ...life.input, targetId, hold });
  } catch (error) {
    if (isCancellation(error)) throw error;
    if (failedWith(error, FAILURE_TYPES.holdSuperseded)) return null;
    const cause = causeOf(error);
    const type = cause instanceof ApplicationFailure ? (cause.type ?? 'error') : 'error';
    return bookkeeping.markTargetFailed({
      ...life.event(),
      targetId,
      error: { kind: kindOf(type), message: messageOf(error) },
    });
  }
}
