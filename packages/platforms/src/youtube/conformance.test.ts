import { describeAdapterConformance } from '../conformance/index.js';
import { memoryMediaAccess } from '../testing/media-fixtures.js';
import { createYouTube } from './adapter.js';
import { createYouTubeFake } from './fake/index.js';
import { videoPost, youTubeTestMedia } from './test-fixtures.js';

const { small, large, png } = youTubeTestMedia();
const textPost = videoPost(small, 'Launch day\nEverything we shipped this week.', {
  privacyStatus: 'unlisted',
});

describeAdapterConformance('youtube', {
  async setup() {
    const fake = await createYouTubeFake();
    const adapter = createYouTube({ ...fake.adapterOptions(), chunkSizeBytes: 256 * 1024 });
    return { fake, adapter, media: memoryMediaAccess([small, large, png]) };
  },
  textPost,
  mediaPost: videoPost(large, 'A longer video', {
    title: 'Behind the scenes',
    tags: ['making-of'],
    categoryId: '22',
  }),
  invalid: [
    { name: 'a post without video', content: { ...textPost, media: [] }, path: 'media' },
    { name: 'an image', content: { ...textPost, media: [png.asset] }, path: 'media.0.mimeType' },
    { name: 'two videos', content: { ...textPost, media: [small.asset, large.asset] }, path: 'media' },
    {
      name: 'a description over 5000 bytes',
      content: { ...textPost, text: `Title\n${'é'.repeat(2600)}` },
      path: 'text',
    },
    {
      name: 'a title over 100 characters',
      content: { ...textPost, options: { title: 'x'.repeat(101) } },
      path: 'options.title',
    },
    {
      name: 'a title with angle brackets',
      content: { ...textPost, options: { title: 'a <b> title' } },
      path: 'options.title',
    },
    { name: 'no title at all', content: { ...textPost, text: '' }, path: 'options.title' },
    {
      name: 'tags over 500 characters with the commas between them',
      content: {
        ...textPost,
        options: { tags: Array.from({ length: 51 }, (_, i) => `tag${String(i).padStart(6, '0')}`) },
      },
      path: 'options.tags',
    },
    {
      name: 'publishAt on a public video',
      content: { ...textPost, options: { privacyStatus: 'public', publishAt: '2030-01-01T00:00:00Z' } },
      path: 'options.publishAt',
    },
    {
      name: 'an unknown privacy status',
      content: { ...textPost, options: { privacyStatus: 'friends' } },
      path: 'options.privacyStatus',
    },
  ],
  rotatesRefreshTokens: false,
  expectedText: textPost.text,
});
