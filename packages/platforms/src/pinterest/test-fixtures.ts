import type { AdapterContent } from '@relaypost/core';
import {
  MediaHost,
  makeFakeVideo,
  makePng,
  memoryMediaAccess,
  testMedia,
} from '../testing/media-fixtures.js';
import { createPinterest, type PinterestAdapterOptions } from './adapter.js';
import { createPinterestFake, type PinterestFakeOptions } from './fake/index.js';

/** Media used across the Pinterest tests. */
export const png = testMedia(makePng(20, 30), { mimeType: 'image/png', width: 20, height: 30 });
export const altPng = testMedia(makePng(10, 15, [200, 30, 30]), {
  mimeType: 'image/png',
  width: 10,
  height: 15,
  altText: 'A red rectangle',
});
export const thirdPng = testMedia(makePng(12, 12, [30, 200, 30]), {
  mimeType: 'image/png',
  width: 12,
  height: 12,
});
export const webp = testMedia(
  Buffer.concat([Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ', 'latin1'), Buffer.alloc(32)]),
  {
    mimeType: 'image/webp',
  },
);
export const clip = testMedia(makeFakeVideo(60_000), { mimeType: 'video/mp4', durationMs: 8000 });

export const allMedia = [png, altPng, thirdPng, webp, clip];

/** A Pin's content with defaults. */
export function pin(
  text: string,
  media: AdapterContent['media'],
  options: Record<string, unknown>,
  extra: Partial<AdapterContent> = {},
): AdapterContent {
  return { text, media, thread: false, options, ...extra };
}

/**
 * A fake, a media host serving URLs, and an adapter pointed at the fake that polls fast. The
 * first board of the fake is `board.id`, with sections.
 */
export async function startPinterest(
  fakeOptions: PinterestFakeOptions = {},
  adapterOptions: Partial<PinterestAdapterOptions> = {},
) {
  const fake = await createPinterestFake(fakeOptions);
  const host = await MediaHost.start();
  const adapter = createPinterest({
    ...fake.adapterOptions(),
    videoPolling: { delayMs: 1, timeoutMs: 5000 },
    ...adapterOptions,
  });
  const board = fake.boards()[0];
  if (!board) throw new Error('the fake has no board');
  return {
    fake,
    host,
    adapter,
    board,
    media: memoryMediaAccess(allMedia, host),
    /** Media access without URLs (inline base64 images only). */
    bytesOnly: memoryMediaAccess(allMedia),
    close: async () => {
      await fake.close();
      await host.close();
    },
  };
}
