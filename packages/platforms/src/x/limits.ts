import type { PlatformCapabilities } from '@relaypost/core';

/** X's text limit, in weighted characters as twitter-text counts them (URLs 23, emoji and CJK 2). */
export const X_TEXT_MAX = 280;
/** `AltText.text` in the X API v2 OpenAPI document: ≤ 1000 characters. */
export const X_ALT_TEXT_MAX = 1000;
/** APPEND's `media` "must be <= 5 MB" (X's media upload reference), read strictly as 5,000,000 bytes. */
export const X_APPEND_MAX_BYTES = 5_000_000;
/** ⚠ RelayPost's own bound on reply chains (X sets none we know of); configurable per adapter. */
export const X_DEFAULT_MAX_THREAD_PARTS = 25;

const MB = 1024 * 1024;

/**
 * X's capabilities as data: 280 weighted characters; up to 4 images, or 1 GIF, or 1 video
 * (image ≤ 5 MB, GIF ≤ 15 MB, video ≤ 512 MB and 0.5–140 s); reply threads; alt text ≤ 1000.
 *
 * @example
 * ```ts
 * xCapabilities().media.kinds.image?.maxCount // 4
 * ```
 */
export function xCapabilities(): PlatformCapabilities {
  return {
    // Text is required only without media: checked in the adapter's own rules.
    text: { maxLength: X_TEXT_MAX, counting: 'weighted', required: false },
    media: {
      kinds: {
        image: { mimeTypes: ['image/jpeg', 'image/png', 'image/webp'], maxBytes: 5 * MB, maxCount: 4 },
        gif: { mimeTypes: ['image/gif'], maxBytes: 15 * MB, maxCount: 1 },
        video: {
          mimeTypes: ['video/mp4', 'video/quicktime'],
          maxBytes: 512 * MB,
          maxCount: 1,
          minDurationMs: 500,
          maxDurationMs: 140_000,
        },
      },
      maxItems: 4,
      mixedKinds: false,
      required: false,
      fetchedByUrl: false,
    },
    threads: true,
    altText: { maxLength: X_ALT_TEXT_MAX },
    firstComment: false,
    title: null,
    delete: true,
    metrics: null,
  };
}
