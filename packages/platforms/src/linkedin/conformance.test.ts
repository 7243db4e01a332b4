import { describeAdapterConformance, type InvalidSample } from '../conformance/index.js';
import { memoryMediaAccess } from '../testing/media-fixtures.js';
import { LINKEDIN_MEMBER_SCOPES, LINKEDIN_ORGANIZATION_SCOPES } from './adapter.js';
import { altPng, clip, gif, png, post, RESERVED_TEXT, startLinkedIn } from './test-fixtures.js';

const MB = 1024 * 1024;
/** `r_member_social` lets `findPublished` read the member's posts back. */
const scopes = [...LINKEDIN_MEMBER_SCOPES, 'r_member_social'];

const invalid: InvalidSample[] = [
  { name: 'commentary over 3000 characters', content: post('a'.repeat(3001)), path: 'text' },
  { name: 'no commentary', content: post('   ', [png.asset]), path: 'text' },
  { name: 'twenty-one images', content: post('many', Array(21).fill(png.asset)), path: 'media' },
  { name: 'two videos', content: post('two', [clip.asset, clip.asset]), path: 'media' },
  { name: 'an image with a video', content: post('mixed', [png.asset, clip.asset]), path: 'media' },
  { name: 'a GIF with an image', content: post('mixed', [gif.asset, png.asset]), path: 'media' },
  {
    name: 'an image over 10 MB',
    content: post('big', [{ ...png.asset, sizeBytes: 10 * MB + 1 }]),
    path: 'media.0.sizeBytes',
  },
  {
    name: 'a video over 500 MB',
    content: post('big video', [{ ...clip.asset, sizeBytes: 500 * MB + 1 }]),
    path: 'media.0.sizeBytes',
  },
  {
    name: 'a video under 75 KB',
    content: post('tiny video', [{ ...clip.asset, sizeBytes: 75 * 1024 - 1 }]),
    path: 'media.0.sizeBytes',
  },
  {
    name: 'a video under 3 s',
    content: post('short', [{ ...clip.asset, durationMs: 2999 }]),
    path: 'media.0.durationMs',
  },
  {
    name: 'a video over 30 min',
    content: post('long', [{ ...clip.asset, durationMs: 30 * 60 * 1000 + 1 }]),
    path: 'media.0.durationMs',
  },
  {
    name: 'alt text over 4086 characters',
    content: post('alt', [{ ...png.asset, altText: 'a'.repeat(4087) }]),
    path: 'media.0.altText',
  },
  {
    name: 'an unsupported image type',
    content: post('webp', [{ ...png.asset, mimeType: 'image/webp' }]),
    path: 'media.0.mimeType',
  },
  {
    name: 'an unknown visibility',
    content: post('v', [], { options: { visibility: 'EVERYONE' } }),
    path: 'options.visibility',
  },
  {
    name: 'an article link that is not a URL',
    content: post('a', [], { options: { article: { url: 'relaypost dot dev', title: 'T' } } }),
    path: 'options.article.url',
  },
  {
    name: 'an article together with media',
    content: post('a', [png.asset], { options: { article: { url: 'https://relaypost.dev', title: 'T' } } }),
    path: 'options.article',
  },
  {
    name: 'a video title without a video',
    content: post('t', [png.asset], { options: { videoTitle: 'Demo' } }),
    path: 'options.videoTitle',
  },
];

const harness = {
  textPost: post(RESERVED_TEXT),
  mediaPost: post('Two screenshots (light & dark)', [png.asset, altPng.asset]),
  invalid,
  rotatesRefreshTokens: false,
};

// An approved partner: programmatic refresh tokens, kept (not rotated) across refreshes.
describeAdapterConformance('linkedin (partner refresh)', {
  ...harness,
  async setup() {
    const { fake, adapter } = await startLinkedIn({ refreshTokens: true }, { scopes });
    return { fake, adapter, media: memoryMediaAccess([png, altPng, clip, gif]) };
  },
  supportsRefresh: true,
});

// Most apps: no refresh tokens, and the adapter offers no refresh.
describeAdapterConformance('linkedin (no refresh)', {
  ...harness,
  async setup() {
    const { fake, adapter } = await startLinkedIn({}, { scopes, programmaticRefresh: false });
    return { fake, adapter, media: memoryMediaAccess([png, altPng, clip, gif]) };
  },
  supportsRefresh: false,
});

// Posting as an organization with the documented scope sets: the fake checks w_organization_social
// on every write and r_organization_social on the read-back, so a scope missing from
// LINKEDIN_ORGANIZATION_SCOPES fails here.
describeAdapterConformance('linkedin (organization)', {
  ...harness,
  async setup() {
    const { fake, adapter } = await startLinkedIn(
      {},
      {
        scopes: [...LINKEDIN_MEMBER_SCOPES, ...LINKEDIN_ORGANIZATION_SCOPES],
        includeMember: false,
        programmaticRefresh: false,
      },
    );
    return { fake, adapter, media: memoryMediaAccess([png, altPng, clip, gif]) };
  },
  supportsRefresh: false,
});
