import type { AdapterContent } from '@relaypost/core';
import { makePng, testMedia } from '../testing/media-fixtures.js';
import { createBluesky } from './adapter.js';
import { type BlueskyFakeOptions, createBlueskyFake } from './fake/index.js';

/** Login the Bluesky fakes accept in tests. */
export const LOGIN = { identifier: 'alice.test', password: 'app-pass-word-1234' };

/** Media used across the Bluesky tests. */
export const png = testMedia(makePng(16, 12), {
  mimeType: 'image/png',
  width: 16,
  height: 12,
  altText: 'A blue rectangle',
});
export const plainPng = testMedia(makePng(8, 8, [200, 30, 30]), { mimeType: 'image/png' });

/** A post with defaults. */
export function post(
  text: string,
  media = [] as AdapterContent['media'],
  extra: Partial<AdapterContent> = {},
): AdapterContent {
  return { text, media, thread: false, options: {}, ...extra };
}

/** A fake PDS and an adapter pointed at it. */
export async function startBluesky(fakeOptions: BlueskyFakeOptions = {}) {
  const fake = await createBlueskyFake({ ...LOGIN, ...fakeOptions });
  const adapter = createBluesky(fake.adapterOptions());
  return { fake, adapter };
}
