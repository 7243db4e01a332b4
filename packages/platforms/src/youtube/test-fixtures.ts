import type { AdapterContent } from '@relaypost/core';
import { makeFakeVideo, makePng, type TestMedia, testMedia } from '../testing/media-fixtures.js';

/** Test media shared by the YouTube tests: a one-chunk video, a three-chunk video, a PNG. */
export function youTubeTestMedia(): { small: TestMedia; large: TestMedia; png: TestMedia } {
  return {
    small: testMedia(makeFakeVideo(100_000), { mimeType: 'video/mp4', durationMs: 5000 }),
    // Two full 256 KiB chunks and a short last one.
    large: testMedia(makeFakeVideo(2 * 256 * 1024 + 50_000), { mimeType: 'video/mp4', durationMs: 9000 }),
    png: testMedia(makePng(16, 16), { mimeType: 'image/png', width: 16, height: 16 }),
  };
}

/** A post with one video. */
export function videoPost(
  media: TestMedia,
  text: string,
  options: Record<string, unknown> = {},
): AdapterContent {
  return { text, media: [media.asset], thread: false, options };
}
