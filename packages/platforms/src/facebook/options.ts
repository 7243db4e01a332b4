import { z } from 'zod';

/**
 * Per-target options for a Facebook Page post. All optional.
 *
 * @example
 * ```ts
 * facebookOptionsSchema.parse({ link: 'https://relaypost.dev' });
 * ```
 */
export const facebookOptionsSchema = z
  .object({
    /** A link shared with the post (`link` on `/{page-id}/feed`); only for posts without media. */
    link: z.url().optional(),
    /** The video's title (`title` on `/{page-id}/videos`). */
    videoTitle: z.string().min(1).max(255).optional(),
  })
  .strict();

export type FacebookOptions = z.output<typeof facebookOptionsSchema>;
export type FacebookOptionsInput = z.input<typeof facebookOptionsSchema>;
