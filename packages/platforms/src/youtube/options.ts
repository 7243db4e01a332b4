import { countCodePoints } from '@relaypost/core';
import { z } from 'zod';
import { YOUTUBE_TITLE_MAX } from './limits.js';

/**
 * Per-target options for YouTube. `publishAt` schedules a private video to go public at that
 * time, so it requires `privacyStatus: 'private'`.
 *
 * @example
 * ```ts
 * youTubeOptionsSchema.parse({ title: 'Launch day', privacyStatus: 'unlisted', tags: ['launch'] });
 * ```
 */
export const youTubeOptionsSchema = z
  .object({
    /** Defaults to the first line of the text. */
    title: z.string().trim().min(1).max(YOUTUBE_TITLE_MAX).optional(),
    tags: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
    /** A YouTube video category id, e.g. "22" (People & Blogs). */
    categoryId: z.string().regex(/^\d+$/, 'must be a numeric category id').optional(),
    /** Unaudited API projects' uploads are forced to private by YouTube whatever is asked. */
    privacyStatus: z.enum(['private', 'unlisted', 'public']).default('public'),
    publishAt: z.iso.datetime({ offset: true }).optional(),
    madeForKids: z.boolean().default(false),
    notifySubscribers: z.boolean().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.publishAt !== undefined && value.privacyStatus !== 'private') {
      ctx.addIssue({ code: 'custom', path: ['publishAt'], message: "requires privacyStatus 'private'" });
    }
  });

export type YouTubeOptions = z.output<typeof youTubeOptionsSchema>;
export type YouTubeOptionsInput = z.input<typeof youTubeOptionsSchema>;

/**
 * The video title: `options.title`, else the first non-empty line of the text, cut to 100
 * characters (with a warning when cut). Empty when neither gives one.
 */
export function deriveTitle(
  text: string,
  options: { title?: string | undefined },
): { title: string; truncated: boolean } {
  if (options.title) return { title: options.title, truncated: false };
  const firstLine = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .find((line) => line !== '');
  if (!firstLine) return { title: '', truncated: false };
  if (countCodePoints(firstLine) <= YOUTUBE_TITLE_MAX) return { title: firstLine, truncated: false };
  return {
    title: `${Array.from(firstLine)
      .slice(0, YOUTUBE_TITLE_MAX - 1)
      .join('')}…`,
    truncated: true,
  };
}
