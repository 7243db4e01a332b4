import type { AdapterContent } from '@relaypost/core';
import { makeMp4 } from '../graph/fake/mp4.js';
import { makeFakeVideo, makePng, testMedia } from '../testing/media-fixtures.js';

/** Media used across the Meta tests. */
export const png = testMedia(makePng(16, 12), { mimeType: 'image/png', width: 16, height: 12 });
export const png2 = testMedia(makePng(8, 8, [200, 30, 30]), {
  mimeType: 'image/png',
  width: 8,
  height: 8,
  altText: 'A red square',
});
export const clip = testMedia(makeFakeVideo(50_000), { mimeType: 'video/mp4', durationMs: 5000 });
/** 25 minutes long (over the non-resumable 20), 200 kB: four chunks at 64 KiB. */
export const longVideo = testMedia(makeMp4({ durationMs: 25 * 60_000, sizeBytes: 200_000 }), {
  mimeType: 'video/mp4',
  durationMs: 25 * 60_000,
});
/** Five hours long: over the resumable upload's 4 hours too. */
export const tooLongVideo = testMedia(makeMp4({ durationMs: 5 * 3_600_000, sizeBytes: 20_000 }), {
  mimeType: 'video/mp4',
  durationMs: 5 * 3_600_000,
});

/** A post with defaults. */
export function post(
  text: string,
  media = [] as AdapterContent['media'],
  extra: Partial<AdapterContent> = {},
): AdapterContent {
  return { text, media, thread: false, options: {}, ...extra };
}
