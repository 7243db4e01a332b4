import { countCodePoints } from '@relaypost/core';
import { z } from 'zod';
import { REDDIT_FLAIR_TEXT_MAX, REDDIT_TITLE_MAX } from './limits.js';

/**
 * A subreddit (`test`, `r/test`: letters, digits and `_`, up to 21 characters) or a user's profile
 * (`u_` and a Reddit username: 3–20 letters, digits, `-` or `_`; no subreddit name starts `u_`).
 */
const SUBREDDIT_OR_PROFILE = /^(?:(?:\/?r\/)?(?!u_)[A-Za-z0-9][A-Za-z0-9_]{1,20}|u_[A-Za-z0-9_-]{3,20})$/;

/** What a submission is: text (`self`), a link, or an uploaded image. */
export const REDDIT_POST_KINDS = ['self', 'link', 'image'] as const;
export type RedditPostKind = (typeof REDDIT_POST_KINDS)[number];

/**
 * Per-target options for Reddit: the subreddit and title (both required), the kind (inferred
 * when left out: media → image, `url` → link, else self), flair, and the submit switches.
 *
 * @example
 * ```ts
 * redditOptionsSchema.parse({ subreddit: 'r/test', title: 'Hello', flairId: 'a1b2' }).subreddit // 'test'
 * ```
 */
export const redditOptionsSchema = z
  .object({
    /** `test`, `r/test` or a profile (`u_name`, for the connected account's own profile). */
    subreddit: z
      .string()
      .trim()
      .regex(SUBREDDIT_OR_PROFILE, 'must be a subreddit name like r/test, or a profile like u_name')
      .transform((name) => name.replace(/^\/?r\//, '')),
    title: z
      .string()
      .trim()
      .min(1, 'is required')
      .refine(
        (title) => countCodePoints(title) <= REDDIT_TITLE_MAX,
        `must be at most ${REDDIT_TITLE_MAX} characters`,
      ),
    kind: z.enum(REDDIT_POST_KINDS).optional(),
    /** The link of a link post. */
    url: z.url().optional(),
    /** A link flair template id (from `listLinkFlairs`). */
    flairId: z.string().min(1).max(64).optional(),
    /** Custom text for an editable flair template; needs `flairId`. */
    flairText: z.string().max(REDDIT_FLAIR_TEXT_MAX).optional(),
    /** Send comment replies to the author's inbox. */
    sendReplies: z.boolean().default(true),
    /** Allow a link that was already submitted to the subreddit. */
    resubmit: z.boolean().default(true),
    nsfw: z.boolean().default(false),
    spoiler: z.boolean().default(false),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.kind === 'link' && !value.url)
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'is required for a link post' });
    if (value.kind !== undefined && value.kind !== 'link' && value.url)
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: `is only for link posts, not ${value.kind} posts`,
      });
    if (value.flairText !== undefined && !value.flairId)
      ctx.addIssue({ code: 'custom', path: ['flairId'], message: 'is required with flairText' });
  });

export type RedditOptions = z.output<typeof redditOptionsSchema>;
export type RedditOptionsInput = z.input<typeof redditOptionsSchema>;
