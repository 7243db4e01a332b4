import { randomUUID } from 'node:crypto';
import type { Actor, PostProblem, PostStatus } from '@relaypost/core';
import {
  finalStatusOf,
  type LifecycleActivities,
  type LifecycleState,
  type PostPlan,
  type TargetOutcome,
} from '@relaypost/workflows';
import type { TestClock } from './clock.js';
import type { TargetPublisher } from './publish.js';

/** The workflow acting on its own account. */
const SYSTEM: Actor = { kind: 'workflow' };

/** Where a post's life cycle stands between two calls. */
type Step =
  | 'caption' // a caption is to be written
  | 'captionFailed' // the caption failed: waiting for regenerateCaption (or a cancel)
  | 'decide' // approval needed or not?
  | 'approval' // waiting for a decision or the deadline
  | 'schedule' // to be moved to scheduled and armed
  | 'time' // waiting for the publish time
  | 'done';

/** What the life cycle of one post needs from the engine. */
export interface LifeDeps {
  activities: LifecycleActivities;
  publisher: TargetPublisher;
  clock: TestClock;
}

/**
 * One post's life cycle in the in-memory double: the steps of the workflow in
 * `@relaypost/workflows` (`post-lifecycle.ts`, `approval.ts`, `caption.ts`, `publish-time.ts`,
 * `publishing.ts`), taken in order whenever a call lets them move instead of on Temporal's timers.
 * Its store writes are the workflow's own bookkeeping activities; only publishing is the engine's
 * (`publish.ts`). `advance(false)` takes the steps that need no time; `advance(true)` also those due
 * at the clock's time: an approval deadline, the publish.
 */
export class Life {
  plan!: PostPlan;
  status: PostStatus = 'draft';
  running = true;
  decision: { kind: 'approved' | 'rejected'; actor: Actor; reason?: string | undefined } | null = null;
  /** The post version the approver saw; approval covers that version only. */
  approvedVersion: number | null = null;
  cancelRequest: { actor: Actor; reason?: string | undefined } | null = null;
  publishNow = false;
  captionPending = false;
  /** The publish hold the store has this post armed with; null once anything changed it. */
  armed: string | null = null;
  /** The approval deadline (milliseconds), fixed when approval is asked, as the workflow fixes it. */
  deadline: number | null = null;
  step: Step = 'decide';
  readonly #ended: Array<() => void> = [];

  constructor(
    readonly workspaceId: string,
    readonly postId: string,
    private readonly deps: LifeDeps,
  ) {}

  /** Loads the post; a draft that needs neither caption nor approval is scheduled and armed by the load. */
  async load(): Promise<void> {
    const schedule = { eventId: randomUUID(), arm: randomUUID() };
    const { armed, ...plan } = await this.deps.activities.loadPlan({ ...this.ids(), schedule });
    this.plan = plan;
    this.status = plan.status;
    this.armed = armed ?? null;
    this.captionPending = plan.captionRequested && (plan.status === 'draft' || plan.status === 'captioning');
    this.step = this.captionPending ? 'caption' : 'decide';
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

  /** When this post next waits for the clock (an approval deadline, the publish time); null when it does not. */
  dueAt(): number | null {
    if (!this.running) return null;
    if (this.step === 'approval') return this.deadline;
    if (this.step !== 'time') return null;
    if (this.publishNow || this.plan.publishAt === null) return this.deps.clock.now();
    return Date.parse(this.plan.publishAt);
  }

  /** Resolves once the life cycle is over. */
  ended(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.#ended.push(resolve));
  }

  /** Takes every step that can be taken now; `timed` also those due at the clock's time. */
  async advance(timed: boolean): Promise<void> {
    for (;;) {
      if (!this.running) return;
      if (this.cancelRequest) return this.cancelled();
      switch (this.step) {
        case 'caption':
          await this.writeCaption();
          break;
        case 'captionFailed':
          if (this.captionPending) return;
          this.step = 'decide';
          break;
        case 'decide':
          if (this.needsApproval()) await this.askApproval();
          else this.step = 'schedule';
          break;
        case 'approval':
          if (!(await this.settleApproval(timed))) return;
          break;
        case 'schedule':
          await this.schedule();
          this.step = 'time';
          break;
        case 'time':
          if (this.needsApproval()) this.step = 'decide';
          else if (this.armed === null) this.step = 'schedule';
          else if (timed && this.dueAt()! <= this.deps.clock.now()) return this.publish();
          else return;
          break;
        case 'done':
          return;
      }
    }
  }

  /** Moves the post to `to` in the store and its history, then here. */
  async transition(to: PostStatus, actor = SYSTEM, reason?: string, problem?: ProblemInput): Promise<void> {
    if (to === this.status && problem === undefined) return;
    const input = this.transitionTo(to, actor, reason, problem);
    await this.deps.activities.recordTransition(input);
    this.status = to;
    this.armed = input.arm ?? null;
  }

  /** The post's ids with a fresh event id, as every activity takes them. */
  event(): { workspaceId: string; postId: string; eventId: string } {
    return { ...this.ids(), eventId: randomUUID() };
  }

  /** Mirrors a target's outcome as soon as it is known. */
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

  private ids() {
    return { workspaceId: this.workspaceId, postId: this.postId };
  }

  private transitionTo(to: PostStatus, actor: Actor, reason?: string, problem?: ProblemInput) {
    const arm = to === 'scheduled' ? randomUUID() : undefined;
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

  /** The caption the post was created with; a failure sends it back to draft to wait for a new one. */
  private async writeCaption(): Promise<void> {
    await this.transition('captioning');
    try {
      const { version } = await this.deps.activities.generateCaption({ ...this.event(), actor: SYSTEM });
      this.plan = { ...this.plan, version };
      this.captionPending = false;
      await this.transition('draft');
      this.step = 'decide';
    } catch (error) {
      const message = `the AI caption failed: ${error instanceof Error ? error.message : String(error)}`;
      await this.transition('draft', SYSTEM, message, { kind: 'caption_failed', message });
      this.step = 'captionFailed';
    }
  }

  private async askApproval(): Promise<void> {
    this.decision = null;
    await this.transition('awaiting_approval');
    const { deadline } = this.plan.approval;
    const at = deadline ?? this.plan.publishAt;
    this.deadline = at ? Date.parse(at) : null;
    this.step = 'approval';
  }

  /** Records a decision, or acts on a deadline that passed; false while the post still waits. */
  private async settleApproval(timed: boolean): Promise<boolean> {
    const decision = this.decision;
    if (decision) {
      await this.deps.activities.recordEvent({
        ...this.event(),
        type: decision.kind === 'approved' ? 'post.approved' : 'post.rejected',
        actor: decision.actor,
        data: decision.reason ? { reason: decision.reason } : {},
      });
      if (decision.kind === 'rejected') {
        await this.finish('rejected', [], decision.actor, decision.reason);
        return false;
      }
      this.approvedVersion = this.plan.version;
      this.step = 'schedule';
      return true;
    }
    if (!timed || this.deadline === null || this.deps.clock.now() < this.deadline) return false;
    if (this.plan.approval.onDeadline === 'approve') {
      this.decision = { kind: 'approved', actor: SYSTEM, reason: 'approved automatically at the deadline' };
      return true;
    }
    await this.finish('rejected', [], SYSTEM, 'approval deadline passed');
    return false;
  }

  /** Arrives in `scheduled`, armed for a publish (after an edit or reschedule disarmed it). */
  private async schedule(): Promise<void> {
    await this.transition('scheduled');
    if (this.armed !== null) return;
    this.armed = randomUUID();
    await this.deps.activities.armPublish({ ...this.ids(), hold: this.armed });
  }

  /** Publishes every target that is not cancelled, one after the other, then ends the post. */
  private async publish(): Promise<void> {
    const hold = this.armed!;
    const targets = this.plan.targets.filter((t) => t.status !== 'cancelled');
    const outcomes: Array<TargetOutcome | null> = [];
    for (const target of targets)
      outcomes.push(this.noteOutcome(await this.deps.publisher.publish(this.ids(), target.id, hold)));
    if (outcomes.every((outcome) => outcome === null)) {
      // Every claim lost to a change made past the engine (in the store): read the post again.
      const plan = await this.deps.activities.loadPlan(this.ids());
      this.plan = plan;
      this.status = plan.status;
      this.armed = null;
      return;
    }
    this.status = 'publishing'; // the store's claim moved it
    const done: TargetOutcome[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      done.push(
        outcome ??
          this.noteOutcome(
            await this.deps.activities.markTargetFailed({
              ...this.event(),
              targetId: targets[i]!.id,
              error: { kind: 'transient', message: 'the publish was superseded before it was sent' },
            }),
          ),
      );
    }
    await this.finish(finalStatusOf(done), done);
  }

  private async cancelled(): Promise<void> {
    const request = this.cancelRequest!;
    await this.finish('cancelled', [], request.actor, request.reason);
  }

  /** Ends the post: the final status and notices in one activity, as the workflow ends it. */
  private async finish(
    final: PostStatus,
    outcomes: TargetOutcome[],
    actor = SYSTEM,
    reason?: string,
  ): Promise<void> {
    const transition = final === this.status ? undefined : this.transitionTo(final, actor, reason);
    // The double sends no notices of its own: a notice that failed is not retried here.
    const { targets } = await this.deps.activities.finishPost({
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
    this.stop();
  }

  /** Ends the run here (the post ended, or the engine stopped it); whoever waits for it goes on. */
  stop(): void {
    this.running = false;
    this.step = 'done';
    for (const resolve of this.#ended.splice(0)) resolve();
  }
}

type ProblemInput = Pick<PostProblem, 'kind' | 'message'>;
