import { z } from 'zod';

/** Who sees the post (`visibility`). `CONNECTIONS` is for member authors only. */
export const LINKEDIN_VISIBILITIES = ['PUBLIC', 'CONNECTIONS'] as const;

/**
 * Per-target options for LinkedIn. All optional: a plain post needs none.
 *
 * @example
 * ```ts
 * linkedInOptionsSchema.parse({
 *   article: { url: 'https://relaypost.dev/blog/launch', title: 'We launched' },
 *   linkHashtags: true,
 * });
 * ```
 */
export const linkedInOptionsSchema = z
  .object({
    /** Default `PUBLIC`. */
    visibility: z.enum(LINKEDIN_VISIBILITIES).optional(),
    /** A link post (`content.article`). LinkedIn does not fetch a preview: give the title here. */
    article: z
      .object({
        url: z.url({ protocol: /^https?$/ }),
        title: z.string().trim().min(1).max(400),
        description: z.string().max(4086).optional(),
      })
      .strict()
      .optional(),
    /** Send `#word` as a linked hashtag (LinkedIn's hashtag template) instead of plain text. */
    linkHashtags: z.boolean().optional(),
    /** `isReshareDisabledByAuthor`. */
    disableReshare: z.boolean().optional(),
    /** Title shown with a video (`content.media.title`). */
    videoTitle: z.string().trim().min(1).max(400).optional(),
  })
  .strict();

export type LinkedInOptions = z.output<typeof linkedInOptionsSchema>;
export type LinkedInOptionsInput = z.input<typeof linkedInOptionsSchema>;
