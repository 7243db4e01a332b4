import type { AdapterContent } from '@relaypost/core';
import {
  MediaHost,
  makeFakeVideo,
  makePng,
  memoryMediaAccess,
  testMedia,
} from '../testing/media-fixtures.js';
import { createThreads, type ThreadsAdapterOptions } from './adapter.js';
import { createThreadsFake, type ThreadsFakeOptions } from './fake/index.js';

export const png = testMedia(makePng(16, 12), { mimeType: 'image/png', width: 16, height: 12 });
export const png2 = testMedia(makePng(8, 8, [200, 30, 30]), { mimeType: 'image/png', width: 8, height: 8 });
export const clip = testMedia(makeFakeVideo(40_000), { mimeType: 'video/mp4', durationMs: 8000 });

/** A post with defaults. */
export function post(
  text: string,
  media = [] as AdapterContent['media'],
  extra: Partial<AdapterContent> = {},
): AdapterContent {
  return { text, media, thread: false, options: {}, ...extra };
}

/** A fake, an adapter pointed at it polling fast, and media served by a loopback host. */
export async function startThreads(
  fakeOptions: ThreadsFakeOptions = {},
  adapterOptions: Partial<ThreadsAdapterOptions> = {},
) {
  const fake = await createThreadsFake(fakeOptions);
  const host = await MediaHost.start();
  const adapter = createThreads({
    ...fake.adapterOptions(),
    polling: { initialDelayMs: 1, maxDelayMs: 10, factor: 2, timeoutMs: 5000 },
    ...adapterOptions,
  });
  return { fake, adapter, host, media: memoryMediaAccess([png, png2, clip], host) };
}
