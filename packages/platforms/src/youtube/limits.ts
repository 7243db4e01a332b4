import { countCodePoints, type PlatformCapabilities } from '@relaypost/core';

/** Video types YouTube accepts for upload (the common ones; YouTube transcodes them all). */
export const YOUTUBE_VIDEO_TYPES = [
  'video/mp4',
  'video/quicktime',
  'video/webm',
  'video/x-msvideo',
  'video/mpeg',
  'video/x-matroska',
  'video/x-flv',
  'video/3gpp',
] as const;

/** Title limit in characters (contract sheet §10). */
export const YOUTUBE_TITLE_MAX = 100;

/**
 * `snippet.tags`' limit: 500 characters for the whole list, counted as YouTube counts it (see
 * {@link youTubeTagsLength}; the `videos` resource reference).
 */
export const YOUTUBE_TAGS_TOTAL_MAX = 500;

/**
 * The length YouTube measures `snippet.tags` by: the tags' characters, plus one comma between
 * each two, plus two quotation marks around each tag with a space (YouTube treats it as quoted:
 * `Foo-Baz` is 7 characters, `Foo Baz` is 9).
 *
 * @example
 * ```ts
 * youTubeTagsLength(['Foo-Baz', 'Foo Baz']) // 7 + 1 + 9 = 17
 * ```
 */
export function youTubeTagsLength(tags: readonly string[]): number {
  const characters = tags.reduce((sum, tag) => sum + countCodePoints(tag) + (/\s/.test(tag) ? 2 : 0), 0);
  return characters + Math.max(0, tags.length - 1);
}

/**
 * YouTube's capabilities as data. The description limit is 5000 — ⚠ documented as bytes by
 * Google, so it is counted in UTF-8 bytes by default; `descriptionMaxBytes` makes it configurable.
 *
 * @example
 * ```ts
 * const caps = youTubeCapabilities({ descriptionMaxBytes: 5000 });
 * ```
 */
export function youTubeCapabilities(options: { descriptionMaxBytes: number }): PlatformCapabilities {
  return {
    text: { maxLength: options.descriptionMaxBytes, counting: 'utf8-bytes', required: false },
    media: {
      kinds: {
        video: {
          mimeTypes: YOUTUBE_VIDEO_TYPES,
          // 256 GB or 12 hours, whichever is less.
          maxBytes: 256 * 1024 ** 3,
          maxCount: 1,
          maxDurationMs: 12 * 60 * 60 * 1000,
        },
      },
      maxItems: 1,
      mixedKinds: false,
      required: true,
      fetchedByUrl: false,
    },
    threads: false,
    altText: null,
    firstComment: false,
    title: { maxLength: YOUTUBE_TITLE_MAX, required: true },
    delete: true,
    metrics: null,
  };
}
