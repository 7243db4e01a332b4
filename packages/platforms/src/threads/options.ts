import { z } from 'zod';

/**
 * Who may reply (`reply_control`): the five values of Meta's reply management guide
 * (developers.facebook.com/docs/threads/reply-management#control-who-can-reply).
 */
export const THREADS_REPLY_CONTROLS = [
  'everyone',
  'accounts_you_follow',
  'mentioned_only',
  'parent_post_author_only',
  'followers_only',
] as const;

/**
 * Per-target options for Threads. All optional.
 *
 * @example
 * ```ts
 * threadsOptionsSchema.parse({ replyControl: 'accounts_you_follow' });
 * ```
 */
export const threadsOptionsSchema = z
  .object({
    replyControl: z.enum(THREADS_REPLY_CONTROLS).optional(),
    /** Publishes as a reply to this post (the first part of a chain replies to it). */
    replyToId: z
      .string()
      .regex(/^[0-9]+$/, 'must be a post id')
      .optional(),
  })
  .strict();

export type ThreadsOptions = z.output<typeof threadsOptionsSchema>;
export type ThreadsOptionsInput = z.input<typeof threadsOptionsSchema>;
