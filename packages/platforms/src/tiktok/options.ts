import { z } from 'zod';
import { TIKTOK_PHOTO_TITLE_MAX } from './limits.js';
import { PRIVACY_LEVELS } from './wire.js';

/**
 * Per-target options for TikTok. A direct post needs `privacyLevel`, with no default on purpose:
 * TikTok's UX rules require the user to choose it, and it must be one of the creator's
 * `privacy_level_options`. An inbox draft (`mode: 'inbox'`) needs none: the user chooses the
 * privacy and settings in the TikTok app, and the app needs only the `video.upload` scope.
 *
 * @example
 * ```ts
 * tikTokOptionsSchema.parse({ privacyLevel: 'SELF_ONLY', disableDuet: true });
 * tikTokOptionsSchema.parse({ mode: 'inbox' });
 * ```
 */
export const tikTokOptionsSchema = z
  .object({
    /** Who can see a direct post; required for `mode: 'direct'`, not sent for inbox drafts. */
    privacyLevel: z.enum(PRIVACY_LEVELS).optional(),
    disableComment: z.boolean().default(false),
    disableDuet: z.boolean().default(false),
    disableStitch: z.boolean().default(false),
    videoCoverTimestampMs: z.number().int().nonnegative().optional(),
    /** Promotes the creator's own business. */
    brandOrganicToggle: z.boolean().optional(),
    /** Paid partnership. */
    brandContentToggle: z.boolean().optional(),
    /** Label the content as AI-generated. */
    isAigc: z.boolean().optional(),
    /** `direct` posts at once; `inbox` sends a draft the user finishes in the TikTok app. */
    mode: z.enum(['direct', 'inbox']).default('direct'),
    /** Videos: `file` uploads the bytes; `url` lets TikTok fetch them (needs a MediaUrlProvider and a verified domain). */
    source: z.enum(['file', 'url']).default('file'),
    /** Photo posts: the title (the text becomes the description). */
    title: z.string().max(TIKTOK_PHOTO_TITLE_MAX).optional(),
    /** Photo posts: which image is the cover. */
    photoCoverIndex: z.number().int().nonnegative().default(0),
    /** Photo posts: let TikTok add music. */
    autoAddMusic: z.boolean().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.mode === 'direct' && value.privacyLevel === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['privacyLevel'],
        message: `is required for a direct post (one of ${PRIVACY_LEVELS.join(', ')}); inbox drafts need none`,
      });
    }
  });

export type TikTokOptions = z.output<typeof tikTokOptionsSchema>;
export type TikTokOptionsInput = z.input<typeof tikTokOptionsSchema>;
