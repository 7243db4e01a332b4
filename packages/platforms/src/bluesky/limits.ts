import type { PlatformCapabilities } from '@relaypost/core';

/** Lexicon `app.bsky.feed.post#text.maxGraphemes`. */
export const BLUESKY_TEXT_MAX_GRAPHEMES = 300;
/** Lexicon `app.bsky.feed.post#text.maxLength` (UTF-8 bytes). */
export const BLUESKY_TEXT_MAX_BYTES = 3000;
/** Lexicon `app.bsky.embed.images#image.image.maxSize`. */
export const BLUESKY_IMAGE_MAX_BYTES = 2_000_000;
/** Lexicon `app.bsky.embed.images#main.images.maxLength`. */
export const BLUESKY_MAX_IMAGES = 4;
/** Lexicon `app.bsky.feed.post#langs.maxLength`. */
export const BLUESKY_MAX_LANGS = 3;
/** ⚠ The Bluesky app's alt-text limit (the lexicon sets none). */
export const BLUESKY_ALT_TEXT_MAX = 2000;
/** ⚠ RelayPost's own bound on reply chains. */
export const BLUESKY_MAX_THREAD_PARTS = 25;

/**
 * Bluesky's capabilities as data: 300 graphemes; up to 4 images of ≤ 2,000,000 bytes (the
 * lexicon accepts `image/*`; RelayPost sends the types the Bluesky app shows: JPEG, PNG, WebP);
 * reply threads; alt text. No video (`app.bsky.embed.video` needs the video service) and no GIF
 * (the app turns GIFs into video).
 *
 * @example
 * ```ts
 * blueskyCapabilities().text.maxLength // 300
 * ```
 */
export function blueskyCapabilities(): PlatformCapabilities {
  return {
    // Text may be empty when there are images: checked in the adapter's own rules.
    text: { maxLength: BLUESKY_TEXT_MAX_GRAPHEMES, counting: 'graphemes', required: false },
    media: {
      kinds: {
        image: {
          mimeTypes: ['image/jpeg', 'image/png', 'image/webp'],
          maxBytes: BLUESKY_IMAGE_MAX_BYTES,
          maxCount: BLUESKY_MAX_IMAGES,
        },
      },
      maxItems: BLUESKY_MAX_IMAGES,
      mixedKinds: false,
      required: false,
      fetchedByUrl: false,
    },
    threads: true,
    altText: { maxLength: BLUESKY_ALT_TEXT_MAX },
    firstComment: false,
    title: null,
    delete: true,
    metrics: null,
  };
}
