import type { Actor, PostStatus } from '@relaypost/core';
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  uuid4,
} from '@temporalio/workflow';
import type {
  LifecycleActivities,
  PublishActivities,
  PublishHold,
  TransitionInput,
} from '../activities/types.js';
import { FAILURE_TYPES, NON_RETRYABLE_FAILURE_TYPES, publishTaskQueue } from '../names.js';
import type {
  DecisionArgs,
  LifecycleInput,
  LifecycleResult,
  LifecycleState,
  PostPlan,
  RegenerateCaptionArgs,
  TargetOutcome,
  TargetsCancelledArgs,
} from '../types.js';
import {
  approveUpdate,
  cancelUpdate,
  editUpdate,
  publishNowUpdate,
  regenerateCaptionUpdate,
  rejectUpdate,
  rescheduleUpdate,
  stateQuery,
  targetsCancelledUpdate,
} from './definitions.js';

const BOOKKEEPING = {
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
  },
} as const;

/** Activities on the life cycle task queue: every store write before `lifecycle-v2`, approvals always. */
const remote = proxyActivities<LifecycleActivities>(BOOKKEEPING);
/**
 * Store writes as local activities (`lifecycle-v2`): they run in the workflow task that asks for
 * them, without a round trip through a task queue, which halves the tasks a post costs Temporal.
 */
const local = proxyLocalActivities<LifecycleActivities>(BOOKKEEPING);

/**
 * Marks histories written by the second life cycle: bookkeeping as local activities, and the
 * publish prepared ahead of its second and claimed in the store (see `holdAndPublish`).
 */
export const LIFECYCLE_V2_PATCH = 'lifecycle-v2';

/**
 * Marks histories written by the third life cycle, which spends two bookkeeping activities on a
 * post that goes straight to its timer instead of four: the load also schedules and arms it, and
 * the final transition and the outcome notices are one activity (`finishPost`). A history with
 * it follows the second life cycle too, without that patch's marker.
 */
export const LIFECYCLE_V3_PATCH = 'lifecycle-v3';

const captioning = proxyActivities<Pick<LifecycleActivities, 'generateCaption'>>({
  startToCloseTimeout: '3 minutes',
  retry: {
    initialInterval: '2s',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 6,
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
  },
});

function publisherFor(platform: string): PublishActivities {
  return proxyActivities<PublishActivities>({
    taskQueue: publishTaskQueue(platform),
    // Long uploads heartbeat; a dead worker is noticed within the heartbeat timeout.
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: '30 seconds',
    retry: {
      initialInterval: '5s',
      backoffCoefficient: 2,
      maximumInterval: '15 minutes',
      maximumAttempts: 10,
      nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
    },
  });
}

const FINAL: readonly PostStatus[] = ['published', 'partially_published', 'failed', 'rejected', 'cancelled'];
const SYSTEM: Actor = { kind: 'workflow' };

type Decision = { kind: 'approved' | 'rejected'; actor: Actor; reason?: string | undefined } | null;

/**
 * One post's whole life: draft → captioning → awaiting approval → scheduled → publishing →
 * published / partially published / failed, or rejected / cancelled on the way. Every change
 * comes in as an update with a validator, every transition is written to the store's history by
 * an activity, and the publish time is a durable timer that reschedule moves and publish-now cuts.
 */
export async function postLifecycle(input: LifecycleInput): Promise<LifecycleResult> {
  const { workspaceId, postId } = input;
  const event = () => ({ workspaceId, postId, eventId: uuid4() });
  // Histories from before the patch replay on the first life cycle, step for step.
  // The third life cycle implies the second, so a new history carries one patch, not two (each
  // costs the server two events: the marker and an upsert of its search attribute).
  const v3 = patched(LIFECYCLE_V3_PATCH);
  const v2 = v3 || patched(LIFECYCLE_V2_PATCH);
  const bookkeeping = v2 ? local : remote;

  // Handlers are registered before the plan loads: an update that arrives in the first activation
  // is only kept if its handler exists by the end of it. They wait for `loaded` before acting.
  let plan!: PostPlan;
  let loaded = false;
  let status: PostStatus = 'draft';
  let decision: Decision = null;
  let approvedVersion: number | null = null;
  let cancelRequested: { actor: Actor; reason?: string | undefined } | null = null;
  let publishNow = false;
  let approvalStale = false;
  let wake = 0; // bumped by any update the waits must re-check
  let busy = 0; // updates still writing; the main loop waits for them before moving on
  let armed: string | null = null; // v2: the publish hold the store has this post armed with
  let parked = false; // v2: the main loop waits for the publish time or a held publish
  let leadMs = 0; // v2: how long before its second a publish is prepared

  const state = (): LifecycleState => ({
    status,
    publishAt: plan.publishAt,
    approved: approvedVersion !== null && approvedVersion === plan.version,
    approvedBy: decision?.kind === 'approved' ? decision.actor : null,
    rejectedReason: decision?.kind === 'rejected' ? (decision.reason ?? null) : null,
    targets: Object.fromEntries(plan.targets.map((t) => [t.id, { platform: t.platform, status: t.status }])),
    version: plan.version,
  });

  /** What `recordTransition` is asked to write for a move from the current status to `to`. */
  const transitionTo = (to: PostStatus, actor: Actor, reason: string | undefined): TransitionInput => {
    // v2: leaving `scheduled` must not overwrite a publish the store has just claimed, and every
    // arrival in `scheduled` arms a fresh hold. (The hold's id is drawn before the event's:
    // replayed histories depend on that order.)
    const arm = v2 && to === 'scheduled' ? uuid4() : undefined;
    return {
      ...event(),
      from: status,
      to,
      actor,
      ...(reason ? { reason } : {}),
      ...(v2 && status === 'scheduled' ? { expected: 'scheduled' as const } : {}),
      ...(arm ? { arm } : {}),
    };
  };
  const transition = async (to: PostStatus, actor: Actor = SYSTEM, reason?: string) => {
    if (to === status) return;
    const input = transitionTo(to, actor, reason);
    await bookkeeping.recordTransition(input);
    status = to;
    if (v2) armed = input.arm ?? null;
  };

  const changeable = () => {
    if (FINAL.includes(status)) throw ApplicationFailure.nonRetryable(`post is ${status}`, 'InvalidState');
    if (status === 'publishing') throw ApplicationFailure.nonRetryable('post is publishing', 'InvalidState');
  };
  const withBusy = async <T>(run: () => Promise<T>): Promise<T> => {
    await condition(() => loaded);
    busy++;
    try {
      return await run();
    } finally {
      busy--;
      wake++;
    }
  };
  const needsApproval = () => plan.approval.mode === 'required' && approvedVersion !== plan.version;

  setHandler(stateQuery, () => {
    if (!loaded) throw new Error('the post is still loading');
    return state();
  });

  setHandler(
    editUpdate,
    (args) =>
      withBusy(async () => {
        plan = await bookkeeping.applyEdit({ ...event(), edit: args });
        armed = null;
        if (approvedVersion !== null && plan.approval.reapproveOnEdit) approvedVersion = null;
        if (status === 'awaiting_approval') approvalStale = true;
        if (approvedVersion !== null) approvedVersion = plan.version;
        return state();
      }),
    {
      validator: (args) => {
        changeable();
        if (!args.content && !args.targets) throw new Error('an edit needs content or targets');
      },
    },
  );

  setHandler(
    rescheduleUpdate,
    (args) =>
      withBusy(async () => {
        await bookkeeping.applyReschedule({
          ...event(),
          actor: args.actor,
          at: args.at,
          ...(args.timeZone ? { timeZone: args.timeZone } : {}),
        });
        plan = {
          ...plan,
          publishAt: new Date(args.at).toISOString(),
          timeZone: args.timeZone ?? plan.timeZone,
        };
        armed = null;
        return state();
      }),
    {
      validator: (args) => {
        changeable();
        const at = Date.parse(args.at);
        if (Number.isNaN(at)) throw new Error('at: must be an ISO-8601 instant');
        if (at < Date.now()) throw new Error('at: must not be in the past');
      },
    },
  );

  setHandler(
    cancelUpdate,
    async (args) => {
      await condition(() => loaded);
      cancelRequested = { actor: args.actor, reason: args.reason };
      wake++;
      if (v2 && parked) {
        // The main loop answers at once here, and a held publish may already have been claimed:
        // wait for the verdict so the caller learns whether the cancel won.
        await condition(() => status === 'cancelled' || cancelRequested === null);
        if (status !== 'cancelled')
          throw ApplicationFailure.nonRetryable('post is publishing', 'InvalidState');
      }
      return state();
    },
    { validator: (_args: DecisionArgs) => changeable() },
  );

  setHandler(
    publishNowUpdate,
    async (args) =>
      withBusy(async () => {
        if (v2) {
          // Moving the time disarms a publish held for the old one, or fails once it was claimed.
          const at = new Date(Date.now()).toISOString();
          await bookkeeping.applyReschedule({ ...event(), actor: args.actor, at, publishNow: true });
          plan = { ...plan, publishAt: at };
          armed = null;
          publishNow = true;
          return state();
        }
        publishNow = true;
        await bookkeeping.recordEvent({
          ...event(),
          type: 'post.rescheduled',
          actor: args.actor,
          data: { publishNow: true },
        });
        return state();
      }),
    { validator: (_args: DecisionArgs) => changeable() },
  );

  setHandler(
    approveUpdate,
    async (args) => {
      await condition(() => loaded);
      decision = { kind: 'approved', actor: args.actor, reason: args.reason };
      wake++;
      return state();
    },
    {
      validator: (_args: DecisionArgs) => {
        if (status !== 'awaiting_approval') throw new Error(`post is ${status}, not awaiting approval`);
      },
    },
  );

  setHandler(
    rejectUpdate,
    async (args) => {
      await condition(() => loaded);
      decision = { kind: 'rejected', actor: args.actor, reason: args.reason };
      wake++;
      return state();
    },
    {
      validator: (args) => {
        if (status !== 'awaiting_approval') throw new Error(`post is ${status}, not awaiting approval`);
        if (args.reason !== undefined && args.reason.length > 2000)
          throw new Error('reason: at most 2000 characters');
      },
    },
  );

  setHandler(
    regenerateCaptionUpdate,
    (args) =>
      withBusy(async () => {
        const { version } = await captioning.generateCaption({
          ...event(),
          actor: args.actor,
          ...(args.brief ? { brief: args.brief } : {}),
        });
        plan = { ...plan, version };
        armed = null;
        if (status === 'awaiting_approval') approvalStale = true;
        return state();
      }),
    {
      validator: (_args: RegenerateCaptionArgs) => {
        changeable();
        if (status === 'captioning') throw new Error('a caption is being generated');
      },
    },
  );

  setHandler(
    targetsCancelledUpdate,
    (args) =>
      withBusy(async () => {
        plan = await bookkeeping.cancelTargetsForAccount({
          ...event(),
          actor: args.actor,
          accountId: args.accountId,
        });
        if (plan.targets.every((t) => t.status === 'cancelled'))
          cancelRequested = { actor: args.actor, reason: 'every target was cancelled' };
        return state();
      }),
    { validator: (_args: TargetsCancelledArgs) => changeable() },
  );

  const finish = async (
    final: PostStatus,
    targets: TargetOutcome[] = [],
    actor: Actor = SYSTEM,
    reason?: string,
  ): Promise<LifecycleResult> => {
    await condition(() => busy === 0);
    if (v3 && final !== status) {
      // v3: one activity writes the end and sends the notices.
      await bookkeeping.finishPost({ ...transitionTo(final, actor, reason), targets });
      status = final;
      armed = null;
      return { status: final, targets };
    }
    await transition(final, actor, reason);
    await bookkeeping.notifyOutcome({ ...event(), status: final, targets });
    return { status: final, targets };
  };
  const cancelled = async () => {
    const request = cancelRequested!;
    if (status === 'awaiting_approval') {
      await remote.announceDecision({
        ...event(),
        decision: 'cancelled',
        actor: request.actor,
        ...(request.reason ? { reason: request.reason } : {}),
      });
    }
    return finish('cancelled', [], request.actor, request.reason);
  };

  // v3: a post that goes straight to its timer is scheduled and armed by the load itself.
  const schedule = v3 ? { eventId: uuid4(), arm: uuid4() } : undefined;
  const { armed: armedByLoad, ...loadedPlan } = await bookkeeping.loadPlan(
    schedule ? { ...input, schedule } : input,
  );
  plan = loadedPlan;
  status = plan.status;
  if (armedByLoad !== undefined) armed = armedByLoad;
  leadMs = plan.publishLeadMs ?? 0;
  loaded = true;

  // 1. Caption.
  if (plan.captionRequested) {
    await transition('captioning');
    try {
      const { version } = await captioning.generateCaption({ ...event(), actor: SYSTEM });
      plan = { ...plan, version };
    } catch (error) {
      // Retries are spent or the failure is permanent (a bad API key): the post ends, with the
      // reason in its history, instead of hanging in `captioning`.
      const cause = error instanceof ActivityFailure ? error.cause : error;
      const reason = `the AI caption failed: ${cause instanceof Error ? cause.message : String(cause)}`;
      return finish('failed', [], SYSTEM, reason);
    }
    await transition('draft');
  }

  // 2. Approval and the wait for the publish time, until both are settled.
  for (;;) {
    if (cancelRequested) return cancelled();
    if (needsApproval()) {
      const outcome = await awaitApproval();
      if (outcome === 'cancelled') return cancelled();
      if (outcome === 'rejected') {
        // Set by the reject update's handler, which the compiler cannot see from here.
        const made = decision as Decision;
        return finish('rejected', [], made?.actor ?? SYSTEM, made?.reason);
      }
      if (outcome === 'expired') return finish('rejected', [], SYSTEM, 'approval deadline passed');
    }
    await transition('scheduled');
    if (v2 && armed === null) {
      armed = uuid4();
      await bookkeeping.armPublish({ workspaceId, postId, hold: armed });
    }
    const outcome = await awaitPublishTime();
    if (outcome === 'cancelled') return cancelled();
    if (outcome !== 'publish') continue;
    if (!v2) break;
    const held = await holdAndPublish(armed!);
    if (held === 'cancelled') return cancelled();
    if (held === 'revoked') continue;
    return settle(held);
  }

  // 3. (First life cycle) publish every target in parallel, each isolated from the others.
  await condition(() => busy === 0);
  await transition('publishing');
  const outcomes = await Promise.all(
    plan.targets.filter((t) => t.status !== 'cancelled').map((t) => publishTarget(t.id, t.platform)),
  );
  return settle(outcomes);

  function settle(outcomes: TargetOutcome[]): Promise<LifecycleResult> {
    const published = outcomes.filter((o) => o.status === 'published').length;
    const final: PostStatus =
      published === outcomes.length && published > 0
        ? 'published'
        : published > 0
          ? 'partially_published'
          : 'failed';
    return finish(final, outcomes);
  }

  /**
   * v2: starts every target's publish `leadMs` before the second, each waiting in its activity for
   * the second and then claiming the post in the store. Until a claim, an update that changes the
   * post disarms the hold (the store refuses the stale claims) and the loop starts over; a cancel
   * wins unless a claim came first.
   */
  async function holdAndPublish(hold: string): Promise<TargetOutcome[] | 'revoked' | 'cancelled'> {
    // Without a lead the workflow's own timer was the wait: send as soon as the claim succeeds.
    const notBefore = publishNow || leadMs === 0 ? null : plan.publishAt;
    const publishHold: PublishHold = { name: hold, notBefore };
    const targets = plan.targets.filter((t) => t.status !== 'cancelled');
    const scope = new CancellationScope();
    let results: Array<TargetOutcome | null> | null = null;
    let failure: unknown = null;
    scope
      .run(() =>
        Promise.all(targets.map((t) => attemptTarget(t.id, t.platform, publishHold).then(noteOutcome))),
      )
      .then(
        (done) => {
          results = done;
        },
        (error: unknown) => {
          failure = error ?? new Error('publish failed');
        },
      );
    const settled = () => results !== null || failure !== null;
    parked = true;
    try {
      for (;;) {
        const seen = wake;
        await condition(() => settled() || wake !== seen || cancelRequested !== null);
        if (settled()) break;
        await condition(() => busy === 0 || settled());
        if (settled()) break;
        if (cancelRequested) {
          const request: { actor: Actor; reason?: string | undefined } = cancelRequested;
          try {
            await transition('cancelled', request.actor, request.reason);
          } catch (error) {
            if (!isConflict(error)) throw error;
            cancelRequested = null; // a target was claimed first: the post is publishing
            continue;
          }
          scope.cancel();
          return 'cancelled';
        }
        if (armed !== hold) {
          scope.cancel();
          return 'revoked';
        }
      }
    } finally {
      parked = false;
    }
    if (failure !== null) throw failure;
    const done = results as unknown as Array<TargetOutcome | null>;
    if (done.every((outcome) => outcome === null)) {
      // Every claim lost to a change this workflow has not seen yet: read the post again.
      plan = { ...(await bookkeeping.loadPlan(input)), publishLeadMs: leadMs };
      status = plan.status;
      armed = null;
      return 'revoked';
    }
    status = 'publishing'; // the first claim moved the post in the store
    return Promise.all(
      done.map(
        (outcome, i) =>
          outcome ??
          bookkeeping
            .markTargetFailed({
              ...event(),
              targetId: targets[i]!.id,
              error: { kind: 'transient', message: 'the publish was superseded before it was sent' },
            })
            .then(noteOutcome),
      ),
    );
  }

  async function awaitApproval(): Promise<'approved' | 'rejected' | 'expired' | 'cancelled'> {
    decision = null;
    await transition('awaiting_approval');
    const deadline = approvalDeadline();
    await remote.requestApproval({
      ...event(),
      reminder: false,
      deadline: deadline === null ? null : new Date(deadline).toISOString(),
    });
    const reminders = (plan.approval.remindMinutesBefore ?? [])
      .map((minutes) => (deadline === null ? Number.NaN : deadline - minutes * 60_000))
      .filter((at) => !Number.isNaN(at) && at > Date.now())
      .sort((a, b) => a - b);
    for (;;) {
      const seen = wake;
      const nextWake = Math.min(
        reminders[0] ?? Number.POSITIVE_INFINITY,
        deadline ?? Number.POSITIVE_INFINITY,
      );
      const until = () => decision !== null || cancelRequested !== null || approvalStale || wake !== seen;
      if (Number.isFinite(nextWake)) await condition(until, Math.max(1, nextWake - Date.now()));
      else await condition(until);
      await condition(() => busy === 0);
      if (cancelRequested) return 'cancelled';
      if (decision) {
        const made: NonNullable<Decision> = decision;
        await bookkeeping.recordEvent({
          ...event(),
          type: made.kind === 'approved' ? 'post.approved' : 'post.rejected',
          actor: made.actor,
          data: made.reason ? { reason: made.reason } : {},
        });
        await remote.announceDecision({
          ...event(),
          decision: made.kind,
          actor: made.actor,
          ...(made.reason ? { reason: made.reason } : {}),
        });
        if (made.kind === 'rejected') return 'rejected';
        approvedVersion = plan.version;
        return 'approved';
      }
      if (approvalStale) {
        approvalStale = false;
        await remote.requestApproval({
          ...event(),
          reminder: false,
          deadline: deadline === null ? null : new Date(deadline).toISOString(),
        });
        continue;
      }
      if (deadline !== null && Date.now() >= deadline) {
        if (plan.approval.onDeadline === 'approve') {
          decision = { kind: 'approved', actor: SYSTEM, reason: 'approved automatically at the deadline' };
          continue;
        }
        await remote.announceDecision({ ...event(), decision: 'expired', actor: SYSTEM });
        return 'expired';
      }
      if (reminders[0] !== undefined && Date.now() >= reminders[0]) {
        reminders.shift();
        await remote.requestApproval({
          ...event(),
          reminder: true,
          deadline: deadline === null ? null : new Date(deadline).toISOString(),
        });
      }
    }
  }

  function approvalDeadline(): number | null {
    if (plan.approval.deadline) return Date.parse(plan.approval.deadline);
    return plan.publishAt ? Date.parse(plan.publishAt) : null;
  }

  /** Waits on a durable timer that updates can move (reschedule) or cut short (publish now, cancel). */
  async function awaitPublishTime(): Promise<'publish' | 'cancelled' | 'reapprove' | 'rearm'> {
    // v2 wakes `leadMs` early: the publish is prepared ahead and waits for the second itself.
    const lead = v2 ? leadMs : 0;
    for (;;) {
      const seen = wake;
      const due = plan.publishAt === null ? Date.now() : Date.parse(plan.publishAt) - lead;
      const until = () => publishNow || cancelRequested !== null || wake !== seen;
      parked = v2;
      try {
        if (!publishNow && due > Date.now()) await condition(until, due - Date.now());
        await condition(() => busy === 0);
      } finally {
        parked = false;
      }
      if (cancelRequested) return 'cancelled';
      if (needsApproval()) return 'reapprove';
      if (v2 && armed === null) return 'rearm';
      const now = Date.now();
      const dueNow = plan.publishAt === null ? now : Date.parse(plan.publishAt) - lead;
      if (publishNow || dueNow <= now) return 'publish';
    }
  }

  async function publishTarget(targetId: string, platform: string): Promise<TargetOutcome> {
    return noteOutcome(await attemptTarget(targetId, platform));
  }

  /** The query shows each target's outcome as soon as it is known. */
  function noteOutcome<T extends TargetOutcome | null>(outcome: T): T {
    if (outcome === null) return outcome;
    plan = {
      ...plan,
      targets: plan.targets.map((t) => (t.id === outcome.targetId ? { ...t, status: outcome.status } : t)),
    };
    return outcome;
  }

  /** One target's publish; `null` when a held publish lost its claim to a change (nothing was sent). */
  async function attemptTarget(targetId: string, platform: string): Promise<TargetOutcome>;
  async function attemptTarget(
    targetId: string,
    platform: string,
    hold: PublishHold,
  ): Promise<TargetOutcome | null>;
  async function attemptTarget(
    targetId: string,
    platform: string,
    hold?: PublishHold,
  ): Promise<TargetOutcome | null> {
    try {
      return await publisherFor(platform).publishTarget({
        workspaceId,
        postId,
        targetId,
        ...(hold ? { hold } : {}),
      });
    } catch (error) {
      if (hold && isCancellation(error)) throw error;
      const cause = error instanceof ActivityFailure ? error.cause : error;
      if (cause instanceof ApplicationFailure && cause.type === FAILURE_TYPES.holdSuperseded) return null;
      const kind = cause instanceof ApplicationFailure ? (cause.type ?? 'error') : 'error';
      const message = cause instanceof Error ? cause.message : String(cause);
      return bookkeeping.markTargetFailed({ ...event(), targetId, error: { kind: kindOf(kind), message } });
    }
  }
}

/** A store write refused because the post changed first (a cancel after a claim). */
function isConflict(error: unknown): boolean {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure && cause.type === FAILURE_TYPES.conflict;
}

/** The stored error kind for a failure type: `RelayPostRateLimited` → `rate_limited`, as core spells kinds. */
function kindOf(failureType: string): string {
  const entry = Object.entries(FAILURE_TYPES).find(([, type]) => type === failureType);
  return entry ? entry[0].replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`) : failureType;
}
