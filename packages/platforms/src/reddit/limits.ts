import type { PlatformCapabilities } from '@relaypost/core';

/** Reddit's title limit (`TOO_LONG … (max: 300)` on `/api/submit`). */
export const REDDIT_TITLE_MAX = 300;
/** Reddit's self-text limit. */
export const REDDIT_TEXT_MAX = 40_000;
/** Custom flair text limit. */
export const REDDIT_FLAIR_TEXT_MAX = 64;

const MB = 1024 * 1024;

/**
 * Reddit's capabilities as data: a required title (≤ 300, from the target options), self text
 * ≤ 40,000 characters, and at most one image or GIF (an image post; text is then dropped).
 *
 * ⚠ Image and GIF size limits (20 MB) are from Reddit's help pages, not the API reference.
 *
 * @example
 * ```ts
 * redditCapabilities().title?.maxLength // 300
 * ```
 */
export function redditCapabilities(): PlatformCapabilities {
  return {
    text: { maxLength: REDDIT_TEXT_MAX, counting: 'characters', required: false },
    media: {
      kinds: {
        image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 20 * MB, maxCount: 1 },
        gif: { mimeTypes: ['image/gif'], maxBytes: 20 * MB, maxCount: 1 },
      },
      maxItems: 1,
      mixedKinds: false,
      required: false,
      fetchedByUrl: false,
    },
    threads: false,
    altText: null,
    firstComment: false,
    title: { maxLength: REDDIT_TITLE_MAX, required: true },
    delete: true,
    metrics: null,
  };
}
