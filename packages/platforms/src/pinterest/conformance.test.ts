import { describeAdapterConformance } from '../conformance/index.js';
import { altPng, clip, png, startPinterest, thirdPng, webp } from './test-fixtures.js';

// Board ids come from the fake; the fake numbers them from this value in creation order.
const BOARD = '549755885175';
const textPost = {
  text: 'Summer salads, ready in ten minutes 🥗',
  media: [png.asset],
  thread: false,
  options: { boardId: BOARD },
};
const post = (text: string, media = [png.asset], options: Record<string, unknown> = { boardId: BOARD }) => ({
  text,
  media,
  thread: false,
  options,
});

describeAdapterConformance('pinterest', {
  async setup() {
    const started = await startPinterest();
    if (started.board.id !== BOARD) throw new Error(`the fake's first board is ${started.board.id}`);
    return {
      fake: started.fake,
      adapter: started.adapter,
      media: started.media,
      cleanup: () => started.host.close(),
    };
  },
  textPost,
  mediaPost: post('Three salads', [png.asset, altPng.asset, thirdPng.asset], {
    boardId: BOARD,
    title: 'Salads',
    link: 'https://relaypost.dev/salads',
  }),
  invalid: [
    { name: 'a Pin without media', content: post('no media', []), path: 'media' },
    { name: 'a description over 800 characters', content: post('a'.repeat(801)), path: 'text' },
    {
      name: 'a title over 100 characters',
      content: post('t', [png.asset], { boardId: BOARD, title: 'a'.repeat(101) }),
      path: 'options.title',
    },
    {
      name: 'a link over 2048 characters',
      content: post('l', [png.asset], { boardId: BOARD, link: `https://example.com/${'a'.repeat(2030)}` }),
      path: 'options.link',
    },
    {
      name: 'alt text over 500 characters',
      content: post('alt', [{ ...png.asset, altText: 'a'.repeat(501) }]),
      path: 'media.0.altText',
    },
    { name: 'six images', content: post('six', Array(6).fill(png.asset)), path: 'media' },
    { name: 'two videos', content: post('two', [clip.asset, clip.asset]), path: 'media' },
    { name: 'an image with a video', content: post('mixed', [png.asset, clip.asset]), path: 'media' },
    { name: 'a missing board', content: post('board', [png.asset], {}), path: 'options.boardId' },
    {
      name: 'a board id that is not numeric',
      content: post('board', [png.asset], { boardId: 'recipes' }),
      path: 'options.boardId',
    },
    {
      name: 'an image over 20 MB',
      content: post('big', [{ ...png.asset, sizeBytes: 20 * 1024 * 1024 + 1 }]),
      path: 'media.0.sizeBytes',
    },
    {
      name: 'a video under 4 s',
      content: post('short', [{ ...clip.asset, durationMs: 3000 }]),
      path: 'media.0.durationMs',
    },
    {
      name: 'a GIF',
      content: post('gif', [{ ...webp.asset, mimeType: 'image/gif' }]),
      path: 'media.0.mimeType',
    },
  ],
  rotatesRefreshTokens: true,
});
