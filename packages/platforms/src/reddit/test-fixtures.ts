import type { AdapterContent } from '@relaypost/core';
import { makePng, memoryMediaAccess, testMedia } from '../testing/media-fixtures.js';
import { createReddit, type RedditAdapterOptions } from './adapter.js';
import { createRedditFake, type RedditFakeOptions } from './fake/index.js';

/** Media used across the Reddit tests. */
export const png = testMedia(makePng(24, 16), { mimeType: 'image/png', width: 24, height: 16 });
export const gif = testMedia(Buffer.from('GIF89a fake animation bytes'), { mimeType: 'image/gif' });
export const media = memoryMediaAccess([png, gif]);

/** The User-Agent parts the tests configure. */
export const userAgent = {
  platform: 'web',
  appId: 'dev.relaypost.tests',
  version: '1.0.0',
  username: 'relaypost',
};

/** A post with defaults. */
export function post(
  text: string,
  options: Record<string, unknown> = { subreddit: 'test', title: 'A title' },
  attachments: AdapterContent['media'] = [],
): AdapterContent {
  return { text, media: attachments, thread: false, options };
}

/** A fake and an adapter pointed at it, looking image posts up fast. */
export async function startReddit(
  fakeOptions: RedditFakeOptions = {},
  adapterOptions: Partial<RedditAdapterOptions> = {},
) {
  const fake = await createRedditFake(fakeOptions);
  const adapter = createReddit({
    ...fake.adapterOptions(),
    userAgent,
    imagePostLookup: { attempts: 3, delayMs: 1 },
    ...adapterOptions,
  });
  return { fake, adapter };
}
