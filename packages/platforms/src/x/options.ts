import { z } from 'zod';

/** Who may reply, as `POST /2/tweets` takes it (`reply_settings`). */
export const X_REPLY_SETTINGS = ['following', 'mentionedUsers', 'subscribers', 'verified'] as const;

/**
 * Per-target options for X. All optional: a plain post needs none.
 *
 * @example
 * ```ts
 * xOptionsSchema.parse({ replySettings: 'following' });
 * ```
 */
export const xOptionsSchema = z
  .object({
    /** Limits who can reply to the post (every part of a thread). */
    replySettings: z.enum(X_REPLY_SETTINGS).optional(),
    /** Publishes as a reply to this post (the first part of a thread replies to it). */
    inReplyToTweetId: z
      .string()
      .regex(/^[0-9]{1,19}$/, 'must be a post id')
      .optional(),
  })
  .strict();

export type XOptions = z.output<typeof xOptionsSchema>;
export type XOptionsInput = z.input<typeof xOptionsSchema>;
