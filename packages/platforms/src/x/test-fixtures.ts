import type { AdapterContent } from '@relaypost/core';
import { makeFakeVideo, makePng, testMedia } from '../testing/media-fixtures.js';
import { createX } from './adapter.js';
import { createXFake, type XFakeOptions } from './fake/index.js';

/** Media used across the X tests. */
export const png = testMedia(makePng(16, 12), { mimeType: 'image/png', width: 16, height: 12 });
export const altPng = testMedia(makePng(8, 8, [200, 30, 30]), {
  mimeType: 'image/png',
  width: 8,
  height: 8,
  altText: 'A red square',
});
export const clip = testMedia(makeFakeVideo(50_000), { mimeType: 'video/mp4', durationMs: 5000 });
export const gif = testMedia(Buffer.from('GIF89a fake animation bytes'), { mimeType: 'image/gif' });

/** A post with defaults. */
export function post(
  text: string,
  media = [] as AdapterContent['media'],
  extra: Partial<AdapterContent> = {},
): AdapterContent {
  return { text, media, thread: false, options: {}, ...extra };
}

/** A fake and an adapter pointed at it, polling fast and uploading in small chunks. */
export async function startX(fakeOptions: XFakeOptions = {}, chunkSizeBytes = 16_384) {
  const fake = await createXFake({ checkAfterSecs: 0, ...fakeOptions });
  const adapter = createX({
    ...fake.adapterOptions(),
    chunkSizeBytes,
    processingPolling: { defaultDelayMs: 1, minDelayMs: 1, maxDelayMs: 2000, timeoutMs: 5000 },
  });
  return { fake, adapter };
}
