import { z } from 'zod';
import { idSchema, instantSchema, timeZoneSchema } from './common.js';
import { actorSchema } from './history.js';
import {
  approvalPolicySchema,
  MAX_MEDIA_PER_POST,
  MAX_POST_TEXT,
  MAX_TARGETS_PER_POST,
  refuseDuplicateAccounts,
  targetInputSchema,
} from './post.js';
import { textSchema } from './text.js';

/**
 * The changes a post takes after it was created (edit, reschedule, approve, reject, cancel,
 * publish now, a new caption, a disconnected account), as one set of schemas: the SDK parses its
 * arguments with them before it sends anything, and the workflow's update validators parse them
 * again before they accept an update, so a refused call leaves no trace and an accepted one
 * cannot fail later for its input.
 */

/** Most characters of a rejection or cancellation reason. */
export const MAX_DECISION_REASON = 2000;
/** Most characters of a caption brief. */
export const MAX_CAPTION_BRIEF = 5000;

/** New content for a post: only the fields given change. */
export const contentChangeSchema = z
  .object({
    text: textSchema({ max: MAX_POST_TEXT }).optional(),
    mediaIds: z.array(idSchema).max(MAX_MEDIA_PER_POST).optional(),
    thread: z.boolean().optional(),
  })
  .strict();

/** `posts.edit`: new content, new targets, a new approval policy, or any of them together. */
export const editPostArgsSchema = z
  .object({
    actor: actorSchema,
    content: contentChangeSchema.optional(),
    targets: z.array(targetInputSchema).min(1).max(MAX_TARGETS_PER_POST).optional(),
    approval: approvalPolicySchema.optional(),
  })
  .strict()
  .superRefine((edit, ctx) => {
    if (edit.content === undefined && edit.targets === undefined && edit.approval === undefined)
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'an edit needs content, targets or an approval policy',
      });
    refuseDuplicateAccounts(edit.targets, ctx);
  });
export type EditPostArgs = z.output<typeof editPostArgsSchema>;
/** An edit as callers write it (defaults not yet filled in). */
export type EditPostInput = z.input<typeof editPostArgsSchema>;

/** `posts.reschedule`: a new publish time (the zone stays when none is given). */
export const rescheduleArgsSchema = z
  .object({ actor: actorSchema, at: instantSchema, timeZone: timeZoneSchema.optional() })
  .strict();
export type RescheduleArgs = z.output<typeof rescheduleArgsSchema>;

/** `posts.approve`, `reject`, `cancel`, `publishNow`: who decided, and why. */
export const decisionArgsSchema = z
  .object({ actor: actorSchema, reason: textSchema({ max: MAX_DECISION_REASON }).optional() })
  .strict();
export type DecisionArgs = z.output<typeof decisionArgsSchema>;

/** `posts.regenerateCaption`: optionally from a new brief. */
export const regenerateCaptionArgsSchema = z
  .object({ actor: actorSchema, brief: textSchema({ max: MAX_CAPTION_BRIEF }).optional() })
  .strict();
export type RegenerateCaptionArgs = z.output<typeof regenerateCaptionArgsSchema>;

/** Sent by `accounts.disconnect`: the post's targets on that account are cancelled. */
export const targetsCancelledArgsSchema = z.object({ actor: actorSchema, accountId: idSchema }).strict();
export type TargetsCancelledArgs = z.output<typeof targetsCancelledArgsSchema>;
