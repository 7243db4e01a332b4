import type { PlatformCapabilities } from '@relaypost/core';
import { FACEBOOK_VIDEO_LIMITS } from './video-upload.js';

/** ⚠ Page post text limit (63,206 characters, Meta's long-standing figure). */
export const FACEBOOK_TEXT_MAX = 63_206;
/** ⚠ RelayPost's bound on photos in one post (`attached_media`); Meta publishes none. */
export const FACEBOOK_MAX_PHOTOS = 10;

const MB = 1024 * 1024;

/**
 * Facebook Page capabilities as data: text up to 63,206 characters; up to 10 photos (JPEG, PNG,
 * GIF, WebP ≤ 10 MB ⚠) or one video (MP4/MOV up to 10 GB and 4 hours, the resumable upload's
 * limits; smaller ones may go in one request); no threads, no alt text, delete supported.
 *
 * @example
 * ```ts
 * facebookCapabilities().media.kinds.video?.maxCount // 1
 * ```
 */
export function facebookCapabilities(): PlatformCapabilities {
  return {
    // A post needs text, a link or media: checked in the adapter's own rules.
    text: { maxLength: FACEBOOK_TEXT_MAX, counting: 'characters', required: false },
    media: {
      kinds: {
        image: {
          mimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/bmp', 'image/tiff'],
          maxBytes: 10 * MB,
          maxCount: FACEBOOK_MAX_PHOTOS,
        },
        gif: { mimeTypes: ['image/gif'], maxBytes: 10 * MB, maxCount: FACEBOOK_MAX_PHOTOS },
        video: {
          mimeTypes: ['video/mp4', 'video/quicktime'],
          maxBytes: FACEBOOK_VIDEO_LIMITS.resumableMaxBytes,
          maxCount: 1,
          maxDurationMs: FACEBOOK_VIDEO_LIMITS.resumableMaxDurationMs,
        },
      },
      maxItems: FACEBOOK_MAX_PHOTOS,
      // Photos and a video cannot share one post through the API.
      mixedKinds: false,
      required: false,
      fetchedByUrl: false,
    },
    threads: false,
    altText: null,
    firstComment: false,
    title: null,
    delete: true,
    metrics: null,
  };
}
