import { describeAdapterConformance } from '../conformance/index.js';
import { memoryMediaAccess } from '../testing/media-fixtures.js';
import { altPng, clip, gif, png, post, startX } from './test-fixtures.js';

const textPost = post('Shipping RelayPost to X today 🚀 https://relaypost.dev');

describeAdapterConformance('x', {
  async setup() {
    const { fake, adapter } = await startX();
    return { fake, adapter, media: memoryMediaAccess([png, altPng, clip, gif]) };
  },
  textPost,
  mediaPost: post('Two screenshots', [png.asset, altPng.asset]),
  threadPost: post(`${'Long thoughts on scheduling. '.repeat(15)}The end.`, [], { thread: true }),
  invalid: [
    { name: 'text over 280 weighted characters', content: post('a'.repeat(281)), path: 'text' },
    { name: 'emoji that weigh 2 each', content: post('😀'.repeat(141)), path: 'text' },
    { name: 'no text and no media', content: post('   '), path: 'text' },
    { name: 'five images', content: post('five', Array(5).fill(png.asset)), path: 'media' },
    { name: 'two videos', content: post('two', [clip.asset, clip.asset]), path: 'media' },
    { name: 'an image with a video', content: post('mixed', [png.asset, clip.asset]), path: 'media' },
    {
      name: 'an image over 5 MB',
      content: post('big', [{ ...png.asset, sizeBytes: 5 * 1024 * 1024 + 1 }]),
      path: 'media.0.sizeBytes',
    },
    {
      name: 'a GIF over 15 MB',
      content: post('big gif', [{ ...gif.asset, sizeBytes: 15 * 1024 * 1024 + 1 }]),
      path: 'media.0.sizeBytes',
    },
    {
      name: 'a video over 512 MB',
      content: post('big video', [{ ...clip.asset, sizeBytes: 512 * 1024 * 1024 + 1 }]),
      path: 'media.0.sizeBytes',
    },
    {
      name: 'a video over 140 s',
      content: post('long', [{ ...clip.asset, durationMs: 140_001 }]),
      path: 'media.0.durationMs',
    },
    {
      name: 'a video under 0.5 s',
      content: post('short', [{ ...clip.asset, durationMs: 400 }]),
      path: 'media.0.durationMs',
    },
    {
      name: 'alt text over 1000 characters',
      content: post('alt', [{ ...png.asset, altText: 'a'.repeat(1001) }]),
      path: 'media.0.altText',
    },
    {
      name: 'an unsupported media type',
      content: post('bmp', [{ ...png.asset, mimeType: 'image/bmp' }]),
      path: 'media.0.mimeType',
    },
    {
      name: 'an unknown reply setting',
      content: post('r', [], { options: { replySettings: 'everyone' } }),
      path: 'options.replySettings',
    },
  ],
  rotatesRefreshTokens: true,
});
