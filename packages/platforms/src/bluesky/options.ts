import { z } from 'zod';
import { BLUESKY_MAX_LANGS } from './limits.js';

/**
 * Per-target options for Bluesky. All optional: a plain post needs none.
 *
 * @example
 * ```ts
 * blueskyOptionsSchema.parse({ langs: ['en', 'ja'], linkTitle: 'Our launch post' });
 * ```
 */
export const blueskyOptionsSchema = z
  .object({
    /** Languages of the text (BCP-47), at most 3 (lexicon `app.bsky.feed.post#langs`). */
    langs: z
      .array(z.string().regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*$/, 'must be a BCP-47 language tag'))
      .max(BLUESKY_MAX_LANGS)
      .optional(),
    /** Add a link card (`app.bsky.embed.external`) for the first link when there are no images. */
    linkCard: z.boolean().default(true),
    /** The card's title; the URL when absent. */
    linkTitle: z.string().max(300).optional(),
    /** The card's description; empty when absent. */
    linkDescription: z.string().max(1000).optional(),
  })
  .strict();

export type BlueskyOptions = z.output<typeof blueskyOptionsSchema>;
export type BlueskyOptionsInput = z.input<typeof blueskyOptionsSchema>;
