import type { PlatformCapabilities } from '@relaypost/core';

/** `PinCreate.title` in the official OpenAPI document: ≤ 100 characters. */
export const PINTEREST_TITLE_MAX = 100;
/** `PinCreate.description`: ≤ 800 characters. */
export const PINTEREST_DESCRIPTION_MAX = 800;
/** `PinCreate.link`: ≤ 2048 characters. */
export const PINTEREST_LINK_MAX = 2048;
/** `PinCreate.alt_text`: ≤ 500 characters. */
export const PINTEREST_ALT_TEXT_MAX = 500;
/** `PinMediaSourceImagesURL.items`: 2 to 5 images in a multi-image Pin. */
export const PINTEREST_MAX_IMAGES = 5;
/** `ContentType`: the only types `image_base64` takes. */
export const PINTEREST_BASE64_TYPES = ['image/jpeg', 'image/png'] as const;

const MB = 1024 * 1024;

/**
 * Pinterest's capabilities as data: the post text is the Pin description (≤ 800 characters), an
 * optional title (≤ 100, from the target options), media required: 1 to 5 images (2 or more make a
 * multi-image Pin) or 1 video, never mixed; alt text ≤ 500.
 *
 * ⚠ Image and video sizes, types and durations come from Pinterest's help pages, not the API
 * reference (image ≤ 20 MB; video ≤ 2 GB, 4 s to 15 min).
 *
 * @example
 * ```ts
 * pinterestCapabilities().media.kinds.image?.maxCount // 5
 * ```
 */
export function pinterestCapabilities(options: { fetchedByUrl?: boolean } = {}): PlatformCapabilities {
  return {
    text: { maxLength: PINTEREST_DESCRIPTION_MAX, counting: 'characters', required: false },
    media: {
      kinds: {
        image: {
          mimeTypes: ['image/jpeg', 'image/png', 'image/webp'],
          maxBytes: 20 * MB,
          maxCount: PINTEREST_MAX_IMAGES,
        },
        video: {
          mimeTypes: ['video/mp4', 'video/quicktime', 'video/x-m4v'],
          maxBytes: 2 * 1024 * MB,
          maxCount: 1,
          minDurationMs: 4_000,
          maxDurationMs: 15 * 60 * 1000,
        },
      },
      maxItems: PINTEREST_MAX_IMAGES,
      mixedKinds: false,
      required: true,
      fetchedByUrl: options.fetchedByUrl ?? true,
    },
    threads: false,
    altText: { maxLength: PINTEREST_ALT_TEXT_MAX },
    firstComment: false,
    title: { maxLength: PINTEREST_TITLE_MAX, required: false },
    delete: true,
    metrics: null,
  };
}
