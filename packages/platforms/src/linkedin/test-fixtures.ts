import type { AdapterContent } from '@relaypost/core';
import { makeFakeVideo, makePng, testMedia } from '../testing/media-fixtures.js';
import { createLinkedIn, type LinkedInAdapterOptions } from './adapter.js';
import { createLinkedInFake, type LinkedInFakeOptions } from './fake/index.js';

/** Media used across the LinkedIn tests. */
export const png = testMedia(makePng(16, 12), { mimeType: 'image/png', width: 16, height: 12 });
export const altPng = testMedia(makePng(8, 8, [200, 30, 30]), {
  mimeType: 'image/png',
  width: 8,
  height: 8,
  altText: 'A red square',
});
export const gif = testMedia(Buffer.from('GIF89a fake animation bytes'), { mimeType: 'image/gif' });
/** Over LinkedIn's 75 KB minimum; split into several parts by the fake's small part size. */
export const clip = testMedia(makeFakeVideo(100_000), { mimeType: 'video/mp4', durationMs: 5000 });

/** Every reserved character of the little format, in ordinary sentences. */
export const RESERVED_TEXT =
  'Launch day (beta) for RelayPost: [v1.0] ships <today> — #buildinpublic with @team, 50% off *now* ' +
  '~ under_score | {curly} \\ backslash 🚀 https://relaypost.dev/a_b?(x)';

/** A post with defaults. */
export function post(
  text: string,
  media = [] as AdapterContent['media'],
  extra: Partial<AdapterContent> = {},
): AdapterContent {
  return { text, media, thread: false, options: {}, ...extra };
}

/** A fake and an adapter pointed at it, polling fast and with small video parts. */
export async function startLinkedIn(
  fakeOptions: LinkedInFakeOptions = {},
  adapterOptions: Partial<LinkedInAdapterOptions> = {},
) {
  const fake = await createLinkedInFake({ partSizeBytes: 32 * 1024, ...fakeOptions });
  const adapter = createLinkedIn({
    ...fake.adapterOptions(),
    processingPolling: { delayMs: 1, timeoutMs: 5000 },
    ...adapterOptions,
  });
  return { fake, adapter };
}
