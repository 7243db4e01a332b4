import type { PlatformCapabilities } from '@relaypost/core';

/** Caption limit for videos (`post_info.title`). ⚠ TikTok counts UTF-16 runes; counted here as code points. */
export const TIKTOK_VIDEO_CAPTION_MAX = 2200;
/** Photo posts: `title` ≤ 90, `description` ≤ 4000. ⚠ */
export const TIKTOK_PHOTO_TITLE_MAX = 90;
export const TIKTOK_PHOTO_DESCRIPTION_MAX = 4000;

/**
 * TikTok's capabilities as data: one video, or up to 35 photos (JPEG/WebP, fetched by TikTok
 * from URLs). The creator's own maximum video duration is checked at publish time.
 *
 * @example
 * ```ts
 * tikTokCapabilities().media.kinds.video?.maxCount // 1
 * ```
 */
export function tikTokCapabilities(): PlatformCapabilities {
  return {
    text: { maxLength: TIKTOK_VIDEO_CAPTION_MAX, counting: 'characters', required: false },
    media: {
      kinds: {
        video: {
          mimeTypes: ['video/mp4', 'video/quicktime', 'video/webm'],
          maxBytes: 4 * 1024 ** 3,
          maxCount: 1,
          // ⚠ The creator's max_video_post_duration_sec decides; 10 minutes is the usual ceiling.
          maxDurationMs: 10 * 60 * 1000,
        },
        image: { mimeTypes: ['image/jpeg', 'image/webp'], maxBytes: 20 * 1024 * 1024, maxCount: 35 },
      },
      maxItems: 35,
      mixedKinds: false,
      required: true,
      // Videos can be uploaded; photos need a MediaUrlProvider (checked at publish time).
      fetchedByUrl: false,
    },
    threads: false,
    altText: null,
    firstComment: false,
    title: { maxLength: TIKTOK_PHOTO_TITLE_MAX, required: false },
    delete: false,
    metrics: null,
  };
}
