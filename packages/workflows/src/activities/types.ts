import type { Actor, HistoryEventType, PostProblem, PostStatus } from '@relaypost/core';
import type { EditPostArgs, LifecycleInput, PostPlan, TargetOutcome } from '../types.js';
import type { OutcomeNotice } from './approval.js';

/** Every input carries a workflow-made event id so a retried activity records its event once. */
export interface Recorded extends LifecycleInput {
  eventId: string;
}

/** Bookkeeping activities on the life cycle task queue. */
export interface LifecycleActivities {
  /**
   * Reads the plan. With `schedule`, a draft that needs no caption and no approval is also moved
   * to `scheduled` and armed with `schedule.arm`, recorded under `schedule.eventId`; the plan's
   * `armed` says so.
   */
  loadPlan(input: LifecycleInput & { schedule?: { eventId: string; arm: string } }): Promise<PostPlan>;
  /**
   * Moves the post to `to` and records it. `expected`: refuse (RelayPostConflict) unless the post
   * is still in that status. `arm`: with `to` = `scheduled`, also arm the post for this publish
   * hold. `problem`: what stops the post now (any earlier problem is cleared).
   */
  recordTransition(
    input: Recorded & {
      from: PostStatus;
      to: PostStatus;
      actor?: Actor;
      reason?: string;
      expected?: PostStatus;
      arm?: string;
      problem?: Pick<PostProblem, 'kind' | 'message'>;
    },
  ): Promise<void>;
  /** Arms a scheduled post for a new publish hold (after an edit or reschedule disarmed it). */
  armPublish(input: LifecycleInput & { hold: string }): Promise<void>;
  recordEvent(
    input: Recorded & {
      type: HistoryEventType;
      actor: Actor;
      data?: Record<string, string | number | boolean | null>;
    },
  ): Promise<void>;
  /** Writes AI captions into the post; returns the new post version. */
  generateCaption(input: Recorded & { actor: Actor; brief?: string }): Promise<{ version: number }>;
  /** Sends (or re-sends) the approval request to the workspace's Telegram approvers. */
  requestApproval(
    input: Recorded & { reminder: boolean; deadline: string | null },
  ): Promise<{ sent: number }>;
  /** Edits the approval messages to show the decision and who made it. */
  announceDecision(
    input: Recorded & {
      decision: 'approved' | 'rejected' | 'expired' | 'cancelled';
      actor: Actor;
      reason?: string;
    },
  ): Promise<void>;
  /** Validates an edit against every target and writes it; returns the new plan. */
  applyEdit(input: Recorded & { edit: EditPostArgs }): Promise<PostPlan>;
  /** Moves the publish time (`publishNow`: to now, at the user's request). Disarms the publish hold. */
  applyReschedule(
    input: Recorded & { actor: Actor; at: string; timeZone?: string; publishNow?: boolean },
  ): Promise<void>;
  /** Cancels the targets on an account in this post; returns the new plan. */
  cancelTargetsForAccount(input: Recorded & { actor: Actor; accountId: string }): Promise<PostPlan>;
  /** Records a target as failed after its publish activity gave up. */
  markTargetFailed(
    input: Recorded & { targetId: string; error: { kind: string; message: string } },
  ): Promise<TargetOutcome>;
  /**
   * The end of a post in one activity: the final transition (unless the post is there already),
   * then the outcome notices to the Telegram chats and the host app's webhook. Returns every
   * target's outcome as the store left it (the store ends the targets still open). A retry repeats
   * nothing: the transition lands once and each notice is recorded under its own id.
   */
  finishPost(
    input: Recorded & { status: PostStatus; outcomes: TargetOutcome[]; transition?: TransitionInput },
  ): Promise<{ targets: TargetOutcome[]; notice: OutcomeNotice | null }>;
  /**
   * Sends the outcome notices `finishPost` could not (each once, a failing one recorded as failed
   * after several attempts): an ordinary activity, so its retries never hold the workflow's task.
   */
  deliverNotices(notice: OutcomeNotice): Promise<void>;
}

/** A status change as `recordTransition` takes it. */
export type TransitionInput = Parameters<LifecycleActivities['recordTransition']>[0];

/** The publish activity, run on each platform's own task queue. */
export interface PublishActivities {
  publishTarget(input: LifecycleInput & { targetId: string; hold: PublishHold }): Promise<TargetOutcome>;
}

/** A publish started ahead of its second, valid while the post stays armed with `name`. */
export interface PublishHold {
  name: string;
  /** The second to send at (ISO); null sends as soon as the claim succeeds. */
  notBefore: string | null;
}
