import type { PlatformCapabilities } from '@relaypost/core';

/** Text limit, counted the Threads way (an emoji counts as its UTF-8 length). */
export const THREADS_TEXT_MAX = 500;
/** ⚠ Carousel items (Meta's docs have said 10 and 20); configurable per adapter. */
export const THREADS_DEFAULT_CAROUSEL_MAX = 20;
/** ⚠ RelayPost's own bound on reply chains. */
export const THREADS_DEFAULT_MAX_THREAD_PARTS = 25;

const MB = 1024 * 1024;

/**
 * Threads capabilities as data: 500 characters (`characters-emoji-bytes`); JPEG/PNG images ≤ 8 MB,
 * MP4/MOV videos ≤ 1 GB and ≤ 5 min ⚠; carousels mixing both; media fetched by URL; reply chains.
 *
 * @example
 * ```ts
 * threadsCapabilities().text.counting // 'characters-emoji-bytes'
 * ```
 */
export function threadsCapabilities(options: { maxCarouselItems: number }): PlatformCapabilities {
  return {
    // Text is required only without media: checked in the adapter's own rules.
    text: { maxLength: THREADS_TEXT_MAX, counting: 'characters-emoji-bytes', required: false },
    media: {
      kinds: {
        image: {
          mimeTypes: ['image/jpeg', 'image/png'],
          maxBytes: 8 * MB,
          maxCount: options.maxCarouselItems,
        },
        video: {
          mimeTypes: ['video/mp4', 'video/quicktime'],
          maxBytes: 1024 * MB,
          maxCount: options.maxCarouselItems,
          maxDurationMs: 5 * 60 * 1000,
        },
      },
      maxItems: options.maxCarouselItems,
      mixedKinds: true,
      required: false,
      fetchedByUrl: true,
    },
    threads: true,
    altText: null,
    firstComment: false,
    title: null,
    delete: true,
    metrics: null,
  };
}
