import type { AdapterContent } from '@relaypost/core';
import {
  MediaHost,
  makeFakeVideo,
  memoryMediaAccess,
  type TestMedia,
  testMedia,
} from '../testing/media-fixtures.js';
import { createInstagram, type InstagramAdapterOptions } from './adapter.js';
import { createInstagramFake, type InstagramFakeOptions } from './fake/index.js';

/** Bytes that start and end like a JPEG (the fakes check the served type, not the pixels). */
export function makeJpeg(seed = 1): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
    Buffer.alloc(256, seed),
    Buffer.from([0xff, 0xd9]),
  ]);
}

export const jpeg = testMedia(makeJpeg(1), { mimeType: 'image/jpeg', width: 1080, height: 1080 });
export const jpeg2 = testMedia(makeJpeg(2), { mimeType: 'image/jpeg', width: 1080, height: 1350 });
export const reel = testMedia(makeFakeVideo(40_000), { mimeType: 'video/mp4', durationMs: 8000 });

/** A post with defaults. */
export function post(
  text: string,
  media = [] as AdapterContent['media'],
  extra: Partial<AdapterContent> = {},
): AdapterContent {
  return { text, media, thread: false, options: {}, ...extra };
}

/** A fake, an adapter pointed at it polling fast, and media served by a loopback host. */
export async function startInstagram(
  fakeOptions: InstagramFakeOptions = {},
  adapterOptions: Partial<InstagramAdapterOptions> = {},
  items: TestMedia[] = [jpeg, jpeg2, reel],
) {
  const fake = await createInstagramFake(fakeOptions);
  const host = await MediaHost.start();
  const adapter = createInstagram({
    ...fake.adapterOptions(),
    polling: { initialDelayMs: 1, maxDelayMs: 10, factor: 2, timeoutMs: 5000 },
    ...adapterOptions,
  });
  return { fake, adapter, host, media: memoryMediaAccess(items, host) };
}
