import { describeAdapterConformance } from '../conformance/index.js';
import { clip, png, png2, post, startThreads } from './test-fixtures.js';

describeAdapterConformance('threads', {
  async setup() {
    const { fake, adapter, host, media } = await startThreads();
    return { fake, adapter, media, cleanup: () => host.close() };
  },
  textPost: post('Shipping RelayPost to Threads today 🚀'),
  mediaPost: post('A carousel with a video', [png.asset, clip.asset, png2.asset]),
  threadPost: post(`${'Long thoughts on scheduling. '.repeat(25)}The end.`, [], { thread: true }),
  invalid: [
    { name: 'text over 500 characters', content: post('a'.repeat(501)), path: 'text' },
    { name: 'emoji counted as their UTF-8 bytes', content: post('😀'.repeat(126)), path: 'text' },
    { name: 'no text and no media', content: post('  '), path: 'text' },
    { name: 'more than 20 carousel items', content: post('many', Array(21).fill(png.asset)), path: 'media' },
    {
      name: 'an image over 8 MB',
      content: post('big', [{ ...png.asset, sizeBytes: 8 * 1024 * 1024 + 1 }]),
      path: 'media.0.sizeBytes',
    },
    {
      name: 'a video over 5 minutes',
      content: post('long', [{ ...clip.asset, durationMs: 5 * 60 * 1000 + 1 }]),
      path: 'media.0.durationMs',
    },
    {
      name: 'a GIF',
      content: post('gif', [{ ...png.asset, mimeType: 'image/gif' }]),
      path: 'media.0.mimeType',
    },
    {
      name: 'an unknown reply control',
      content: post('r', [], { options: { replyControl: 'nobody' } }),
      path: 'options.replyControl',
    },
  ],
  rotatesRefreshTokens: false,
});
