import { z } from 'zod';
import { idSchema, instantSchema, jsonObjectSchema, timeZoneSchema } from './common.js';
import type { PlatformId } from './platform.js';
import { textSchema } from './text.js';

export const POST_STATUSES = [
  'draft',
  'captioning',
  'awaiting_approval',
  'scheduled',
  'publishing',
  'published',
  'partially_published',
  'failed',
  'rejected',
  'cancelled',
] as const;
export type PostStatus = (typeof POST_STATUSES)[number];
export const postStatusSchema = z.enum(POST_STATUSES);

/** Statuses a post never leaves. */
export const FINAL_POST_STATUSES: readonly PostStatus[] = [
  'published',
  'partially_published',
  'failed',
  'rejected',
  'cancelled',
];

export const TARGET_STATUSES = [
  'pending',
  'publishing',
  'published',
  'failed',
  'uncertain',
  'cancelled',
] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];
export const targetStatusSchema = z.enum(TARGET_STATUSES);

export const MAX_POST_TEXT = 100_000;
export const MAX_MEDIA_PER_POST = 20;
export const MAX_TARGETS_PER_POST = 50;

/** When to publish: an instant, plus the zone it was chosen in (for display and recurrence). */
export const publishTimeSchema = z.object({
  at: instantSchema,
  timeZone: timeZoneSchema,
});
export type PublishTime = z.infer<typeof publishTimeSchema>;

export const approvalPolicySchema = z.object({
  /** `none`: publish without asking. `required`: an approver must approve first. */
  mode: z.enum(['none', 'required']).default('none'),
  /** Approval must happen before this instant; defaults to the publish time. */
  deadline: instantSchema.optional(),
  /** What happens at the deadline without a decision. */
  onDeadline: z.enum(['expire', 'approve']).default('expire'),
  /** Send an edited post back for approval. */
  reapproveOnEdit: z.boolean().default(true),
  /** Remind approvers this many minutes before the deadline. */
  remindMinutesBefore: z.array(z.number().int().positive().max(10_080)).max(5).default([60]),
});
export type ApprovalPolicy = z.output<typeof approvalPolicySchema>;

export const captionRequestSchema = z.object({
  /** What the caption should be about; the post's text is used when absent. */
  brief: textSchema({ max: 5000 }).optional(),
  /** Replace the post text (and per-target overrides where limits differ) with the caption. */
  apply: z.boolean().default(true),
});

/** Adds an issue for every account a list of targets names twice (ids compare case-insensitively). */
export function refuseDuplicateAccounts(
  targets: ReadonlyArray<{ accountId: string }> | undefined,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  targets?.forEach((target, index) => {
    const key = target.accountId.toLowerCase();
    if (seen.has(key))
      ctx.addIssue({
        code: 'custom',
        path: ['targets', index, 'accountId'],
        message: 'account is targeted twice',
      });
    seen.add(key);
  });
}

/** Per-target content and options. `options` is validated by the target platform's adapter. */
export const targetInputSchema = z.object({
  id: idSchema.optional(),
  accountId: idSchema,
  /** Replaces the post's text for this target only. */
  text: textSchema({ max: MAX_POST_TEXT }).optional(),
  /** Replaces the post's media for this target only. */
  mediaIds: z.array(idSchema).max(MAX_MEDIA_PER_POST).optional(),
  /** Platform options, e.g. `{ subreddit: 'typescript' }` or `{ privacyStatus: 'private' }`. */
  options: jsonObjectSchema.default({}),
});
export type TargetInput = z.input<typeof targetInputSchema>;

export const postContentSchema = z.object({
  text: textSchema({ max: MAX_POST_TEXT }).default(''),
  mediaIds: z.array(idSchema).max(MAX_MEDIA_PER_POST).default([]),
  /** Split text that is too long for a platform into a reply thread where the platform has threads. */
  thread: z.boolean().default(false),
});
export type PostContent = z.output<typeof postContentSchema>;

export const createPostInputSchema = z
  .object({
    id: idSchema.optional(),
    /** Makes create idempotent: a second create with the same key returns the first post. */
    idempotencyKey: textSchema({ min: 1, max: 200 }).optional(),
    content: postContentSchema,
    targets: z.array(targetInputSchema).min(1).max(MAX_TARGETS_PER_POST),
    publishAt: publishTimeSchema.optional(),
    approval: approvalPolicySchema.default({
      mode: 'none',
      onDeadline: 'expire',
      reapproveOnEdit: true,
      remindMinutesBefore: [60],
    }),
    caption: captionRequestSchema.optional(),
  })
  .superRefine((post, ctx) => refuseDuplicateAccounts(post.targets, ctx));
export type CreatePostInput = z.input<typeof createPostInputSchema>;

export const targetErrorSchema = z.object({
  kind: z.string(),
  message: z.string(),
  platformMessage: z.string().optional(),
  status: z.number().int().optional(),
});

/** What happened on one target. */
export interface TargetResult {
  externalId: string | null;
  url: string | null;
  publishedAt: string | null;
  error: { kind: string; message: string; platformMessage?: string; status?: number } | null;
}

export interface PostTarget {
  id: string;
  postId: string;
  accountId: string;
  platform: PlatformId;
  text: string | null;
  mediaIds: string[] | null;
  options: Record<string, unknown>;
  status: TargetStatus;
  result: TargetResult;
  /** Stable key the adapter sends to the platform (or uses to find the post) so it publishes once. */
  idempotencyKey: string;
  updatedAt: string;
}

/**
 * What stops a post that is not final (a caption that failed: fix the cause, then ask for a new
 * caption), or why one ended before it was published (its workflow ended unexpectedly).
 */
export interface PostProblem {
  kind: 'caption_failed' | 'workflow_ended';
  /** In words for the user, e.g. "the Anthropic API key was refused". */
  message: string;
  /** When it happened (ISO instant). */
  at: string;
}

export const postProblemSchema = z
  .object({
    kind: z.enum(['caption_failed', 'workflow_ended']),
    message: textSchema({ min: 1, max: 2000 }),
    at: instantSchema,
  })
  .strict();

export interface Post {
  id: string;
  workspaceId: string;
  status: PostStatus;
  /** What stops the post, or why it ended early; null when nothing does. */
  problem: PostProblem | null;
  content: PostContent;
  publishAt: PublishTime | null;
  approval: ApprovalPolicy;
  caption: { brief?: string | undefined; apply: boolean } | null;
  idempotencyKey: string | null;
  targets: PostTarget[];
  /** Incremented on every change; writes can require the version they read. */
  version: number;
  createdAt: string;
  updatedAt: string;
}
