import type { Actor, PostProblem, PostStatus } from '@relaypost/core/schemas';
import { condition, uuid4 } from '@temporalio/workflow';
import type { Recorded, TransitionInput } from '../activities/types.js';
import type { LifecycleInput, LifecycleResult, LifecycleState, PostPlan, TargetOutcome } from '../types.js';
import { approvals, bookkeeping } from './activities.js';

/** The workflow acting on its own account. */
export const SYSTEM: Actor = { kind: 'workflow' };

/** An approver's verdict. */
export interface Decision {
  kind: 'approved' | 'rejected';
  actor: Actor;
  reason?: string | undefined;
}

/** A cancel asked for by an update, carried out by the main loop. */
export interface CancelRequest {
  actor: Actor;
  reason?: string | undefined;
}

/**
 * One post's life cycle as the workflow holds it. The store is the record: the workflow's view of
 * the status moves only after an activity wrote it (`transition`, `finish`), and a held publish's
 * claim, written by the store itself, is mirrored when its outcome arrives. Update handlers
 * change the other fields and bump `wake`, so whatever the main loop waits for checks again.
 */
export class Lifecycle {
  plan!: PostPlan;
  /** Update handlers wait for the plan before they act. */
  loaded = false;
  status: PostStatus = 'draft';
  decision: Decision | null = null;
  /** The post version the approver saw; approval covers that version only. */
  approvedVersion: number | null = null;
  cancelRequest: CancelRequest | null = null;
  publishNow = false;
  /** An edit or new caption while awaiting approval: the approvers get a fresh request. */
  approvalStale = false;
  /** A requested caption not yet written (the first one failed: waiting for a new caption). */
  captionPending = false;
  /** Bumped by every update the waits must re-check. */
  wake = 0;
  /** Updates still writing: the main loop waits for them before it moves on. */
  busy = 0;
  /** The publish hold the store has this post armed with; null once anything changed it. */
  armed: string | null = null;
  /** The main loop waits for the publish time or a held publish (a cancel then waits for its verdict). */
  parked = false;
  /** How long before its second a publish is prepared (the worker's setting, from the load). */
  leadMs = 0;

  constructor(readonly input: LifecycleInput) {}

  /** An activity input with a fresh event id, so a retried activity records its event once. */
  event(): Recorded {
    return { ...this.input, eventId: uuid4() };
  }

  /** Loads the post; a draft that needs neither caption nor approval is scheduled and armed by the load. */
  async load(): Promise<void> {
    const schedule = { eventId: uuid4(), arm: uuid4() };
    const { armed, ...plan } = await bookkeeping.loadPlan({ ...this.input, schedule });
    this.plan = plan;
    this.status = plan.status;
    this.armed = armed ?? null;
    this.leadMs = plan.publishLeadMs ?? 0;
    this.captionPending = plan.captionRequested && (plan.status === 'draft' || plan.status === 'captioning');
    this.loaded = true;
  }

  /** Reads the post again after the store refused a change this workflow had not seen. */
  async reload(): Promise<void> {
    const plan = await bookkeeping.loadPlan(this.input);
    this.plan = { ...plan, publishLeadMs: this.leadMs };
    this.status = plan.status;
    this.armed = null;
  }

  /** What the `state` query answers. */
  snapshot(): LifecycleState {
    const decision = this.decision;
    return {
      status: this.status,
      publishAt: this.plan.publishAt,
      approved: this.approvedVersion !== null && this.approvedVersion === this.plan.version,
      approvedBy: decision?.kind === 'approved' ? decision.actor : null,
      rejectedReason: decision?.kind === 'rejected' ? (decision.reason ?? null) : null,
      targets: Object.fromEntries(
        this.plan.targets.map((t) => [t.id, { platform: t.platform, status: t.status }]),
      ),
      version: this.plan.version,
    };
  }

  needsApproval(): boolean {
    return this.plan.approval.mode === 'required' && this.approvedVersion !== this.plan.version;
  }

  /** Runs an update's work once the plan is loaded, holding the main loop until it is written. */
  async whileBusy<T>(run: () => Promise<T>): Promise<T> {
    await condition(() => this.loaded);
    this.busy++;
    try {
      return await run();
    } finally {
      this.busy--;
      this.wake++;
    }
  }

  /** Waits until no update is writing. */
  settled(): Promise<void> {
    return condition(() => this.busy === 0);
  }

  /** What `recordTransition` is asked to write for a move from the current status to `to`. */
  transitionTo(to: PostStatus, actor: Actor, reason?: string, problem?: PostProblemInput): TransitionInput {
    // Leaving `scheduled` must not overwrite a publish the store has just claimed, and every
    // arrival in `scheduled` arms a fresh hold. (The hold's id is drawn before the event's.)
    const arm = to === 'scheduled' ? uuid4() : undefined;
    return {
      ...this.event(),
      from: this.status,
      to,
      actor,
      ...(reason ? { reason } : {}),
      ...(problem ? { problem } : {}),
      ...(this.status === 'scheduled' ? { expected: 'scheduled' as const } : {}),
      ...(arm ? { arm } : {}),
    };
  }

  /** Moves the post to `to` in the store and its history, then here. */
  async transition(
    to: PostStatus,
    actor: Actor = SYSTEM,
    reason?: string,
    problem?: PostProblemInput,
  ): Promise<void> {
    if (to === this.status && problem === undefined) return;
    const input = this.transitionTo(to, actor, reason, problem);
    await bookkeeping.recordTransition(input);
    this.status = to;
    this.armed = input.arm ?? null;
  }

  /** Arrives in `scheduled`, armed for a publish (after an edit or reschedule disarmed it). */
  async schedule(): Promise<void> {
    await this.transition('scheduled');
    if (this.armed !== null) return;
    this.armed = uuid4();
    await bookkeeping.armPublish({ ...this.input, hold: this.armed });
  }

  /**
   * Ends the post: one activity writes the final status (the store ends every target still open)
   * and sends the notices; the workflow's view takes the targets as the store left them.
   */
  async finish(
    final: PostStatus,
    outcomes: TargetOutcome[] = [],
    actor: Actor = SYSTEM,
    reason?: string,
    problem?: PostProblemInput,
  ): Promise<LifecycleResult> {
    await this.settled();
    // A held publish that lost to a cancel has already written the cancel: only the notices remain.
    const transition = final === this.status ? undefined : this.transitionTo(final, actor, reason, problem);
    const { targets, notice } = await bookkeeping.finishPost({
      ...this.event(),
      status: final,
      outcomes,
      ...(transition ? { transition } : {}),
    });
    this.status = final;
    this.armed = null;
    this.plan = {
      ...this.plan,
      targets: targets.map((t) => ({ id: t.targetId, platform: t.platform, status: t.status })),
    };
    // The post is over; a notice that failed is retried outside the workflow's task.
    if (notice) await approvals.deliverNotices(notice);
    return { status: final, targets };
  }

  /** Mirrors a target's outcome as soon as it is known (the query shows it). */
  noteOutcome<T extends TargetOutcome | null>(outcome: T): T {
    if (outcome === null) return outcome;
    this.plan = {
      ...this.plan,
      targets: this.plan.targets.map((t) =>
        t.id === outcome.targetId ? { ...t, status: outcome.status } : t,
      ),
    };
    return outcome;
  }
}

/** A problem as the workflow reports it; the store stamps the time. */
export type PostProblemInput = Pick<PostProblem, 'kind' | 'message'>;
