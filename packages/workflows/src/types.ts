import type { Actor, ApprovalPolicy, PlatformId, PostStatus, TargetStatus } from '@relaypost/core/schemas';

/** The life cycle workflow's only input: ids. Content and secrets stay in the store. */
export interface LifecycleInput {
  workspaceId: string;
  postId: string;
}

/** What the workflow needs to know about a post to drive it. Never contains secrets. */
export interface PostPlan {
  status: PostStatus;
  /** ISO instant, or null to publish as soon as the post is approved. */
  publishAt: string | null;
  timeZone: string | null;
  approval: ApprovalPolicy;
  captionRequested: boolean;
  targets: Array<{ id: string; platform: PlatformId; status: TargetStatus }>;
  version: number;
  /** From `loadPlan` only: how long before its second the worker prepares a publish. */
  publishLeadMs?: number;
  /** From `loadPlan` with `schedule` only: the hold the load armed the post with. */
  armed?: string;
}

/** How one target ended. */
export interface TargetOutcome {
  targetId: string;
  platform: PlatformId;
  status: Extract<TargetStatus, 'published' | 'failed' | 'uncertain' | 'cancelled'>;
  externalId?: string | null;
  url?: string | null;
  error?: { kind: string; message: string } | null;
}

export interface LifecycleResult {
  status: PostStatus;
  targets: TargetOutcome[];
}

/** What the `state` query returns. */
export interface LifecycleState {
  status: PostStatus;
  publishAt: string | null;
  approved: boolean;
  approvedBy: Actor | null;
  rejectedReason: string | null;
  targets: Record<string, { platform: PlatformId; status: TargetStatus }>;
  version: number;
}

/** The arguments of the updates: one schema each, in core, shared by the SDK and the validators. */
export type {
  DecisionArgs,
  EditPostArgs,
  RegenerateCaptionArgs,
  RescheduleArgs,
  TargetsCancelledArgs,
} from '@relaypost/core/schemas';
