import { z } from 'zod';

/** How the media is published: a feed post (image, or carousel; one video becomes a reel), a reel, or a story. */
export const INSTAGRAM_FORMATS = ['feed', 'reel', 'story'] as const;

/**
 * Per-target options for Instagram.
 *
 * @example
 * ```ts
 * instagramOptionsSchema.parse({ format: 'reel', shareToFeed: false });
 * ```
 */
export const instagramOptionsSchema = z
  .object({
    format: z.enum(INSTAGRAM_FORMATS).default('feed'),
    /** Reels only: also show the reel in the feed (`share_to_feed`). Default true. */
    shareToFeed: z.boolean().optional(),
    /** Reels only: a cover image URL (`cover_url`). */
    coverUrl: z.url().optional(),
    /** Usernames invited as collaborators (`collaborators`, at most 3). */
    collaborators: z
      .array(z.string().regex(/^[A-Za-z0-9._]{1,30}$/, 'must be a username'))
      .max(3)
      .optional(),
  })
  .strict();

export type InstagramOptions = z.output<typeof instagramOptionsSchema>;
export type InstagramOptionsInput = z.input<typeof instagramOptionsSchema>;
