import { describeAdapterConformance } from '../conformance/index.js';
import { jpeg, jpeg2, post, reel, startInstagram } from './test-fixtures.js';

const caption = 'Shipping RelayPost to Instagram today 🚀 #relaypost';
const invalid = [
  { name: 'no media', content: post('caption only'), path: 'media' },
  { name: 'a caption over 2200 characters', content: post('a'.repeat(2201), [jpeg.asset]), path: 'text' },
  {
    name: 'more than 30 hashtags',
    content: post(Array.from({ length: 31 }, (_, i) => `#tag${i}`).join(' '), [jpeg.asset]),
    path: 'text',
  },
  {
    name: 'more than 20 mentions',
    content: post(Array.from({ length: 21 }, (_, i) => `@user${i}`).join(' '), [jpeg.asset]),
    path: 'text',
  },
  { name: 'eleven carousel items', content: post('many', Array(11).fill(jpeg.asset)), path: 'media' },
  {
    name: 'a PNG image',
    content: post('png', [{ ...jpeg.asset, mimeType: 'image/png' }]),
    path: 'media.0.mimeType',
  },
  {
    name: 'an image over 8 MB',
    content: post('big', [{ ...jpeg.asset, sizeBytes: 8 * 1024 * 1024 + 1 }]),
    path: 'media.0.sizeBytes',
  },
  {
    name: 'an image wider than 1.91:1',
    content: post('wide', [{ ...jpeg.asset, width: 2000, height: 1000 }]),
    path: 'media.0.aspectRatio',
  },
  {
    name: 'a video over 15 minutes',
    content: post('long', [{ ...reel.asset, durationMs: 15 * 60 * 1000 + 1 }]),
    path: 'media.0.durationMs',
  },
  {
    name: 'a reel made of an image',
    content: post('reel', [jpeg.asset], { options: { format: 'reel' } }),
    path: 'media',
  },
  {
    name: 'a story with two items',
    content: post('story', [jpeg.asset, jpeg2.asset], { options: { format: 'story' } }),
    path: 'media',
  },
  {
    name: 'an unknown format',
    content: post('x', [jpeg.asset], { options: { format: 'igtv' } }),
    path: 'options.format',
  },
];

for (const login of ['instagram', 'facebook'] as const) {
  describeAdapterConformance(`instagram (${login} login)`, {
    async setup() {
      const { fake, adapter, host, media } = await startInstagram({ login }, { enableDelete: true });
      return { fake, adapter, media, cleanup: () => host.close() };
    },
    textPost: post(caption, [jpeg.asset]),
    expectedText: caption,
    mediaPost: post('A carousel with a reel', [jpeg.asset, reel.asset, jpeg2.asset]),
    invalid,
    rotatesRefreshTokens: false,
    supportsRefresh: login === 'instagram',
  });
}
