import type { PlatformCapabilities } from '@relaypost/core';

/** Caption limit in characters. */
export const INSTAGRAM_CAPTION_MAX = 2200;
/** Hashtags in one caption. */
export const INSTAGRAM_HASHTAGS_MAX = 30;
/** ⚠ `@`-mentions in one caption (third-party figure; configurable). */
export const INSTAGRAM_MENTIONS_MAX = 20;
/** Items in a carousel. */
export const INSTAGRAM_CAROUSEL_MAX = 10;

const MB = 1024 * 1024;

/**
 * Instagram's capabilities as data: media required and fetched by URL; JPEG images ≤ 8 MB with an
 * aspect ratio of 4:5 to 1.91:1; MP4/MOV videos ≤ 300 MB, 3 s to 15 min ⚠; up to 10 items mixed in
 * a carousel; caption 2200 characters.
 *
 * @example
 * ```ts
 * instagramCapabilities().media.required // true
 * ```
 */
export function instagramCapabilities(options: { delete: boolean }): PlatformCapabilities {
  return {
    text: { maxLength: INSTAGRAM_CAPTION_MAX, counting: 'characters', required: false },
    media: {
      kinds: {
        image: {
          mimeTypes: ['image/jpeg'],
          maxBytes: 8 * MB,
          maxCount: INSTAGRAM_CAROUSEL_MAX,
          aspectRatio: { min: 4 / 5, max: 1.91 },
        },
        video: {
          mimeTypes: ['video/mp4', 'video/quicktime'],
          maxBytes: 300 * MB,
          maxCount: INSTAGRAM_CAROUSEL_MAX,
          minDurationMs: 3000,
          maxDurationMs: 15 * 60 * 1000,
        },
      },
      maxItems: INSTAGRAM_CAROUSEL_MAX,
      mixedKinds: true,
      required: true,
      fetchedByUrl: true,
    },
    threads: false,
    altText: null,
    firstComment: false,
    title: null,
    delete: options.delete,
    metrics: null,
  };
}

/**
 * The limits of a story (Meta's IG User Media reference, "Story Image Specifications" and "Story
 * Video Specifications"): one item; a JPEG image up to 8 MB with no required aspect ratio (9:16
 * is recommended); or an MP4/MOV video up to 100 MB ⚠ (read as MiB like the other sizes here),
 * 3 to 60 seconds, aspect ratio between 0.1:1 and 10:1.
 *
 * @example
 * ```ts
 * instagramStoryCapabilities({ delete: false }).media.kinds.video?.maxDurationMs // 60000
 * ```
 */
export function instagramStoryCapabilities(options: { delete: boolean }): PlatformCapabilities {
  const feed = instagramCapabilities(options);
  return {
    ...feed,
    media: {
      ...feed.media,
      kinds: {
        image: { mimeTypes: ['image/jpeg'], maxBytes: 8 * MB, maxCount: 1 },
        video: {
          mimeTypes: ['video/mp4', 'video/quicktime'],
          maxBytes: 100 * MB,
          maxCount: 1,
          minDurationMs: 3000,
          maxDurationMs: 60_000,
          aspectRatio: { min: 0.1, max: 10 },
        },
      },
      maxItems: 1,
    },
  };
}
