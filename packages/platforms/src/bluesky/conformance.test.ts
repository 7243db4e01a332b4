import { describeAdapterConformance } from '../conformance/index.js';
import { memoryMediaAccess } from '../testing/media-fixtures.js';
import { LOGIN, plainPng, png, post, startBluesky } from './test-fixtures.js';

describeAdapterConformance('bluesky', {
  async setup() {
    const { fake, adapter } = await startBluesky();
    return { fake, adapter, media: memoryMediaAccess([png, plainPng]) };
  },
  login: LOGIN,
  textPost: post('Shipping RelayPost to Bluesky today 🦋 #relaypost https://relaypost.dev'),
  mediaPost: post('Two screenshots', [png.asset, plainPng.asset]),
  rotatesRefreshTokens: true,
  threadPost: post(`${'Long thoughts on scheduling. '.repeat(15)}The end.`, [], { thread: true }),
  invalid: [
    { name: 'text over 300 graphemes', content: post('a'.repeat(301)), path: 'text' },
    {
      name: 'emoji count as one grapheme but bytes add up',
      content: post('👩‍👩‍👧‍👦'.repeat(121)),
      path: 'text',
    },
    { name: 'no text and no images', content: post('  '), path: 'text' },
    { name: 'five images', content: post('five', Array(5).fill(png.asset)), path: 'media' },
    {
      name: 'an image over 2,000,000 bytes',
      content: post('big', [{ ...png.asset, sizeBytes: 2_000_001 }]),
      path: 'media.0.sizeBytes',
    },
    {
      name: 'a video',
      content: post('video', [{ ...png.asset, mimeType: 'video/mp4' }]),
      path: 'media.0.mimeType',
    },
    {
      name: 'alt text over 2000 characters',
      content: post('alt', [{ ...png.asset, altText: 'a'.repeat(2001) }]),
      path: 'media.0.altText',
    },
    {
      name: 'more than 3 languages',
      content: post('langs', [], { options: { langs: ['en', 'ja', 'ar', 'hi'] } }),
      path: 'options.langs',
    },
    {
      name: 'an unknown option',
      content: post('x', [], { options: { visibility: 'public' } }),
      path: 'options',
    },
    {
      name: 'a thread longer than 25 parts',
      content: post('word '.repeat(20_000), [], { thread: true }),
      path: 'text',
    },
  ],
});
