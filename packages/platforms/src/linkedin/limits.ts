import type { PlatformCapabilities } from '@relaypost/core';
import { z } from 'zod';

const MB = 1024 * 1024;

/** ⚠ `commentary` limit: about 3000 characters (contract sheet; LinkedIn publishes no exact rule). */
export const LINKEDIN_COMMENTARY_MAX = 3000;
/** `content.multiImage.images`: 2 to 20 images (Posts API, MultiImage). */
export const LINKEDIN_MAX_IMAGES = 20;
/** ⚠ `altText` on media: at most 4086 characters (Posts API media content). */
export const LINKEDIN_ALT_TEXT_MAX = 4086;

/**
 * The limits the adapter enforces. ⚠ Each is configurable because LinkedIn documents some only
 * loosely: the commentary length, the image size (the Images API states a pixel count, not a
 * size), and the video bounds from the Videos API (75 KB–500 MB, 3 s–30 min, MP4).
 */
export const linkedInLimitsSchema = z.object({
  commentaryMaxLength: z.number().int().positive().default(LINKEDIN_COMMENTARY_MAX),
  maxImages: z.number().int().min(1).max(LINKEDIN_MAX_IMAGES).default(LINKEDIN_MAX_IMAGES),
  imageMaxBytes: z
    .number()
    .int()
    .positive()
    .default(10 * MB),
  /** GIFs go out as a single image post. */
  gifMaxBytes: z
    .number()
    .int()
    .positive()
    .default(10 * MB),
  videoMinBytes: z
    .number()
    .int()
    .nonnegative()
    .default(75 * 1024),
  videoMaxBytes: z
    .number()
    .int()
    .positive()
    .default(500 * MB),
  videoMinDurationMs: z.number().int().nonnegative().default(3000),
  videoMaxDurationMs: z
    .number()
    .int()
    .positive()
    .default(30 * 60 * 1000),
  altTextMaxLength: z.number().int().positive().default(LINKEDIN_ALT_TEXT_MAX),
});
export type LinkedInLimits = z.output<typeof linkedInLimitsSchema>;
/**
 * The limits the adapter enforces, as {@link linkedInCapabilities} and the factory's `limits`
 * take them. ⚠ Each is configurable because LinkedIn documents some only loosely: the commentary
 * length, the image size (the Images API states a pixel count, not a size), and the video bounds
 * from the Videos API (75 KB–500 MB, 3 s–30 min, MP4). Every field is optional.
 *
 * @example
 * ```ts
 * const limits: LinkedInLimitsInput = { commentaryMaxLength: 2800 };
 * ```
 *
 * @useDeclaredType
 */
export type LinkedInLimitsInput = z.input<typeof linkedInLimitsSchema>;

/**
 * LinkedIn's capabilities as data: commentary of 3000 characters (⚠ configurable) and required;
 * one image or GIF, up to 20 images (multiImage), or one MP4 video; alt text on images; no
 * threads or first comments; delete.
 *
 * @example
 * ```ts
 * linkedInCapabilities().media.kinds.image?.maxCount // 20
 * ```
 */
export function linkedInCapabilities(input: LinkedInLimitsInput = {}): PlatformCapabilities {
  const limits = linkedInLimitsSchema.parse(input);
  return {
    text: { maxLength: limits.commentaryMaxLength, counting: 'characters', required: true },
    media: {
      kinds: {
        image: {
          mimeTypes: ['image/jpeg', 'image/png'],
          maxBytes: limits.imageMaxBytes,
          maxCount: limits.maxImages,
        },
        gif: { mimeTypes: ['image/gif'], maxBytes: limits.gifMaxBytes, maxCount: 1 },
        video: {
          mimeTypes: ['video/mp4'],
          maxBytes: limits.videoMaxBytes,
          maxCount: 1,
          minDurationMs: limits.videoMinDurationMs,
          maxDurationMs: limits.videoMaxDurationMs,
        },
      },
      maxItems: limits.maxImages,
      mixedKinds: false,
      required: false,
      fetchedByUrl: false,
    },
    threads: false,
    altText: { maxLength: limits.altTextMaxLength },
    firstComment: false,
    title: null,
    delete: true,
    metrics: null,
  };
}
