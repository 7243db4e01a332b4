import type { Actor, HistoryEventType, PostStatus } from '@relaypost/core';
import type { EditPostArgs, LifecycleInput, PostPlan, TargetOutcome } from '../types.js';

/** Every input carries a workflow-made event id so a retried activity records its event once. */
interface Recorded extends LifecycleInput {
  eventId: string;
}

/** Bookkeeping activities on the life cycle task queue. */
export interface LifecycleActivities {
  loadPlan(input: LifecycleInput): Promise<PostPlan>;
  recordTransition(
    input: Recorded & { from: PostStatus; to: PostStatus; actor?: Actor; reason?: string },
  ): Promise<void>;
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
  applyReschedule(input: Recorded & { actor: Actor; at: string; timeZone?: string }): Promise<void>;
  /** Cancels the targets on an account in this post; returns the new plan. */
  cancelTargetsForAccount(input: Recorded & { actor: Actor; accountId: string }): Promise<PostPlan>;
  /** Records a target as failed after its publish activity gave up. */
  markTargetFailed(
    input: Recorded & { targetId: string; error: { kind: string; message: string } },
  ): Promise<TargetOutcome>;
  /** Tells Telegram approvers and the host app's webhook how the post ended. */
  notifyOutcome(input: Recorded & { status: PostStatus; targets: TargetOutcome[] }): Promise<void>;
}

/** The publish activity, run on each platform's own task queue. */
export interface PublishActivities {
  publishTarget(input: LifecycleInput & { targetId: string }): Promise<TargetOutcome>;
}
