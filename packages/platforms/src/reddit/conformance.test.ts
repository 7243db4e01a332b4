import { describeAdapterConformance } from '../conformance/index.js';
import { gif, media, png, post, startReddit } from './test-fixtures.js';

const textPost = post('Self text from RelayPost, with **markdown** and an emoji 🚀', {
  subreddit: 'test',
  title: 'Hello from RelayPost',
});

describeAdapterConformance('reddit', {
  async setup() {
    const { fake, adapter } = await startReddit();
    return { fake, adapter, media };
  },
  textPost,
  mediaPost: post(
    '',
    { subreddit: 'pics', title: 'A square', flairId: '3c1a9d2e-0000-4000-8000-000000000003' },
    [png.asset],
  ),
  invalid: [
    { name: 'a missing title', content: post('x', { subreddit: 'test' }), path: 'options.title' },
    {
      name: 'a title over 300 characters',
      content: post('x', { subreddit: 'test', title: 't'.repeat(301) }),
      path: 'options.title',
    },
    { name: 'a missing subreddit', content: post('x', { title: 'T' }), path: 'options.subreddit' },
    {
      name: 'a malformed subreddit',
      content: post('x', { subreddit: 'r/no spaces', title: 'T' }),
      path: 'options.subreddit',
    },
    { name: 'self text over 40000 characters', content: post('a'.repeat(40_001)), path: 'text' },
    {
      name: 'two images',
      content: post('', { subreddit: 'test', title: 'T' }, [png.asset, gif.asset]),
      path: 'media',
    },
    {
      name: 'a link post without its link',
      content: post('', { subreddit: 'test', title: 'T', kind: 'link' }),
      path: 'options.url',
    },
    {
      name: 'an image on a self post',
      content: post('x', { subreddit: 'test', title: 'T', kind: 'self' }, [png.asset]),
      path: 'media',
    },
    {
      name: 'flair text without a flair id',
      content: post('x', { subreddit: 'test', title: 'T', flairText: 'Custom' }),
      path: 'options.flairId',
    },
    {
      name: 'a video',
      content: post('', { subreddit: 'test', title: 'T' }, [{ ...png.asset, mimeType: 'video/mp4' }]),
      path: 'media.0.mimeType',
    },
  ],
  rotatesRefreshTokens: false,
});
