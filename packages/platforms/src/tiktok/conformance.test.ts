import type { AdapterContent } from '@relaypost/core';
import { describeAdapterConformance } from '../conformance/index.js';
import { makeFakeVideo, makePng, memoryMediaAccess, testMedia } from '../testing/media-fixtures.js';
import { createTikTok } from './adapter.js';
import { createTikTokFake } from './fake/index.js';

const clip = testMedia(makeFakeVideo(80_000), { mimeType: 'video/mp4', durationMs: 8000 });
const other = testMedia(makeFakeVideo(120_000), { mimeType: 'video/mp4', durationMs: 12_000 });
const png = testMedia(makePng(8, 8), { mimeType: 'image/png', width: 8, height: 8 });
const jpeg = testMedia(Buffer.from('fake-jpeg'), { mimeType: 'image/jpeg', width: 8, height: 8 });
const post = (
  text: string,
  media = [clip.asset],
  options: Record<string, unknown> = { privacyLevel: 'PUBLIC_TO_EVERYONE' },
): AdapterContent => ({
  text,
  media,
  thread: false,
  options,
});
const textPost = post('First TikTok through RelayPost #launch');

describeAdapterConformance('tiktok', {
  async setup() {
    const fake = await createTikTokFake();
    const adapter = createTikTok({
      ...fake.adapterOptions(),
      statusPolling: { initialDelayMs: 1, factor: 1, maxDelayMs: 5, timeoutMs: 5000 },
    });
    return { fake, adapter, media: memoryMediaAccess([clip, other, png, jpeg]) };
  },
  textPost,
  mediaPost: post('Behind the scenes', [other.asset], {
    privacyLevel: 'FOLLOWER_OF_CREATOR',
    disableDuet: true,
  }),
  invalid: [
    { name: 'a post without media', content: post('no media', []), path: 'media' },
    { name: 'a caption over 2200 characters', content: post('x'.repeat(2201)), path: 'text' },
    {
      name: 'a photo description over 4000 characters',
      content: post('x'.repeat(4001), [jpeg.asset]),
      path: 'text',
    },
    {
      name: 'a photo title over 90 characters',
      content: post('photo', [jpeg.asset], { privacyLevel: 'SELF_ONLY', title: 't'.repeat(91) }),
      path: 'options.title',
    },
    { name: 'a PNG photo', content: post('png', [png.asset]), path: 'media.0.mimeType' },
    { name: 'two videos', content: post('two', [clip.asset, other.asset]), path: 'media' },
    {
      name: 'a missing privacy level',
      content: post('no privacy', [clip.asset], {}),
      path: 'options.privacyLevel',
    },
    {
      name: 'an unknown privacy level',
      content: post('bad privacy', [clip.asset], { privacyLevel: 'PUBLIC' }),
      path: 'options.privacyLevel',
    },
  ],
  rotatesRefreshTokens: true,
  expectedText: textPost.text,
});
