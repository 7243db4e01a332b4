import { describeAdapterConformance } from '../conformance/index.js';
import { memoryMediaAccess } from '../testing/media-fixtures.js';
import { createFacebook } from './adapter.js';
import { createFacebookFake } from './fake/index.js';
import { clip, png, png2, post } from './test-fixtures.js';

describeAdapterConformance('facebook', {
  async setup() {
    const fake = await createFacebookFake();
    const adapter = createFacebook(fake.adapterOptions());
    return { fake, adapter, media: memoryMediaAccess([png, png2, clip]) };
  },
  textPost: post('Shipping RelayPost to our Page today 🚀'),
  mediaPost: post('Two screenshots', [png.asset, png2.asset]),
  invalid: [
    { name: 'text over 63,206 characters', content: post('a'.repeat(63_207)), path: 'text' },
    { name: 'no text, media or link', content: post('  '), path: 'text' },
    { name: 'eleven photos', content: post('many', Array(11).fill(png.asset)), path: 'media' },
    { name: 'two videos', content: post('two', [clip.asset, clip.asset]), path: 'media' },
    { name: 'a photo with a video', content: post('mixed', [png.asset, clip.asset]), path: 'media' },
    {
      name: 'a photo over 10 MB',
      content: post('big', [{ ...png.asset, sizeBytes: 10 * 1024 * 1024 + 1 }]),
      path: 'media.0.sizeBytes',
    },
    {
      name: 'an unsupported media type',
      content: post('heic', [{ ...png.asset, mimeType: 'image/heic' }]),
      path: 'media.0.mimeType',
    },
    {
      name: 'a link that is not a URL',
      content: post('link', [], { options: { link: 'not a url' } }),
      path: 'options.link',
    },
    {
      name: 'a link together with media',
      content: post('link', [png.asset], { options: { link: 'https://relaypost.dev' } }),
      path: 'options.link',
    },
  ],
  rotatesRefreshTokens: false,
  supportsRefresh: false,
});
