import {
  ConfigurationError,
  ContentRejectedError,
  NeedsReconnectError,
  type PublishRequest,
  RateLimitedError,
  UnknownOutcomeError,
} from '@relaypost/core';
import { afterEach, describe, expect, it } from 'vitest';
import { connectThroughAuth } from '../conformance/index.js';
import { memoryMediaAccess } from '../testing/media-fixtures.js';
import type { LinkedInAdapterOptions } from './adapter.js';
import {
  LINKEDIN_DEFAULT_API_VERSION,
  LINKEDIN_MEMBER_SCOPES,
  LINKEDIN_ORGANIZATION_SCOPES,
} from './adapter.js';
import { LINKEDIN_THROTTLE_WAIT_MS } from './errors.js';
import type { LinkedInFake, LinkedInFakeOptions } from './fake/index.js';
import { escapeLittleText } from './little-text.js';
import { altPng, clip, gif, png, post, RESERVED_TEXT, startLinkedIn } from './test-fixtures.js';

const media = memoryMediaAccess([png, altPng, clip, gif]);
const readScopes = [...LINKEDIN_MEMBER_SCOPES, 'r_member_social'];
let fake: LinkedInFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(
  fakeOptions: LinkedInFakeOptions = {},
  adapterOptions: Partial<LinkedInAdapterOptions> = {},
) {
  const started = await startLinkedIn(fakeOptions, { scopes: readScopes, ...adapterOptions });
  fake = started.fake;
  const connected = await connectThroughAuth(started.adapter, { redirectUri: 'https://app.example.test/cb' });
  const request = (
    content: PublishRequest['content'],
    extra: Partial<PublishRequest> = {},
  ): PublishRequest => ({
    account: connected.account,
    credentials: connected.credentials,
    content,
    media,
    idempotencyKey: crypto.randomUUID(),
    ...extra,
  });
  return { fake: started.fake, adapter: started.adapter, connected, request };
}

const postsBody = (f: LinkedInFake) =>
  f.server.requestsTo('POST', '/rest/posts').at(-1)?.json as Record<string, unknown>;

describe('linkedin posts', () => {
  it('sends the Posts API body with escaped commentary and every versioned header', async () => {
    const { fake, adapter, request } = await setup({}, { apiVersion: '202609' });
    const result = await adapter.publish(request(post(RESERVED_TEXT)));
    expect(postsBody(fake)).toEqual({
      author: fake.memberUrn,
      commentary: escapeLittleText(RESERVED_TEXT),
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    });
    expect(result.externalId).toMatch(/^urn:li:share:\d+$/);
    expect(result.url).toBe(`https://www.linkedin.com/feed/update/${result.externalId}/`);
    const restCalls = fake.server.requests.filter((r) => r.path.startsWith('/rest/'));
    expect(restCalls.length).toBeGreaterThan(0);
    for (const call of restCalls) {
      expect(call.headers['linkedin-version']).toBe('202609');
      expect(call.headers['x-restli-protocol-version']).toBe('2.0.0');
    }
    expect(fake.posts().at(-1)?.text).toBe(RESERVED_TEXT);
  });

  it('reads a URL-encoded x-restli-id', async () => {
    const { fake, adapter, request } = await setup({ encodeRestliId: true });
    const result = await adapter.publish(request(post('encoded id')));
    expect(result.externalId).toBe(fake.posts().at(-1)?.id);
    expect(result.externalId.startsWith('urn:li:share:')).toBe(true);
  });

  it('a created post without x-restli-id is an unknown outcome that findPublished resolves', async () => {
    const { fake, adapter, request } = await setup();
    fake.omitNextRestliId();
    const req = request(post('Where did my id go? (answer: nowhere)'));
    const error = await adapter.publish(req).catch((e: unknown) => e);
    expect(UnknownOutcomeError.isInstance(error)).toBe(true);
    expect(fake.posts()).toHaveLength(1);
    expect((await adapter.findPublished(req))?.externalId).toBe(fake.posts()[0]?.id);
  });

  it('links hashtags with the template when asked', async () => {
    const { fake, adapter, request } = await setup();
    await adapter.publish(
      request(post('Shipping #RelayPost today', [], { options: { linkHashtags: true } })),
    );
    expect(postsBody(fake).commentary).toBe('Shipping {hashtag|\\#|RelayPost} today');
    const stored = fake.linkedInPosts().at(-1);
    expect(stored?.text).toBe('Shipping #RelayPost today');
    expect(stored?.hashtags).toEqual(['RelayPost']);
  });

  it('sets CONNECTIONS visibility and the reshare switch for a member', async () => {
    const { fake, adapter, request } = await setup();
    await adapter.publish(
      request(post('friends only', [], { options: { visibility: 'CONNECTIONS', disableReshare: true } })),
    );
    expect(postsBody(fake)).toMatchObject({ visibility: 'CONNECTIONS', isReshareDisabledByAuthor: true });
  });

  it('sends a LinkedIn-Version the docs list as active by default', async () => {
    // LinkedIn's versioning and migrations pages, December 2026: 202601 (served until 2027-01-15)
    // to 202609 are documented as active.
    const { fake, adapter, request } = await setup({ versions: { oldest: '202601', newest: '202609' } });
    await adapter.publish(request(post('current version')));
    const sent = fake.server.requestsTo('POST', '/rest/posts').at(-1)?.headers['linkedin-version'];
    expect(sent).toBe(LINKEDIN_DEFAULT_API_VERSION);
    expect(fake.posts()).toHaveLength(1);
  });

  it('a sunset LinkedIn-Version (426) is a ConfigurationError naming apiVersion, not a content refusal', async () => {
    const { fake, adapter, request } = await setup({}, { apiVersion: '202501' });
    const error = await adapter.publish(request(post('old version'))).catch((e: unknown) => e);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(ContentRejectedError.isInstance(error)).toBe(false);
    expect((error as Error).message).toContain('LinkedIn-Version 202501');
    expect((error as Error).message).toContain('apiVersion');
    expect(fake.posts()).toHaveLength(0);
  });

  it('deletes by URL-encoded URN, and a second delete is not an error', async () => {
    const { fake, adapter, connected, request } = await setup();
    const result = await adapter.publish(request(post('short-lived')));
    const del = {
      account: connected.account,
      credentials: connected.credentials,
      externalId: result.externalId,
    };
    await adapter.delete(del);
    const call = fake.server.requestsTo('DELETE', /^\/rest\/posts\//)[0];
    expect(call?.path).toBe(`/rest/posts/${encodeURIComponent(result.externalId)}`);
    expect(call?.headers['x-restli-method']).toBe('DELETE');
    expect(fake.posts()).toHaveLength(0);
    await expect(adapter.delete(del)).resolves.toBeUndefined();
  });
});

describe('linkedin media', () => {
  it('uploads one image with alt text as content.media', async () => {
    const { fake, adapter, request } = await setup();
    await adapter.publish(request(post('one image', [altPng.asset])));
    const init = fake.server.requestsTo('POST', '/rest/images')[0];
    expect(init?.query).toEqual({ action: 'initializeUpload' });
    expect(init?.json).toEqual({ initializeUploadRequest: { owner: fake.memberUrn } });
    const image = fake.media()[0];
    expect(image?.bytes?.equals(altPng.bytes)).toBe(true);
    expect(postsBody(fake).content).toEqual({ media: { id: image?.urn, altText: 'A red square' } });
  });

  it('uploads several images as content.multiImage, in order, with their alt texts', async () => {
    const { fake, adapter, request } = await setup({ imageProcessingPolls: 1 });
    const result = await adapter.publish(request(post('three', [png.asset, altPng.asset, png.asset])));
    const urns = fake.media().map((m) => m.urn);
    expect(urns).toHaveLength(3);
    expect(postsBody(fake).content).toEqual({
      multiImage: { images: [{ id: urns[0] }, { id: urns[1], altText: 'A red square' }, { id: urns[2] }] },
    });
    // One status read saw PROCESSING, the next AVAILABLE, for each image.
    expect(fake.server.requestsTo('GET', /^\/rest\/images\//)).toHaveLength(6);
    expect(fake.posts().find((p) => p.id === result.externalId)?.mediaCount).toBe(3);
  });

  it('sends twenty images and no more', async () => {
    const { fake, adapter, request } = await setup();
    await adapter.publish(request(post('twenty', Array(20).fill(png.asset))));
    expect(fake.posts().at(-1)?.mediaCount).toBe(20);
    expect(adapter.validate(post('twenty-one', Array(21).fill(png.asset)))[0]?.path).toBe('media');
  });

  it('sends a GIF as a single media item', async () => {
    const { fake, adapter, request } = await setup();
    await adapter.publish(request(post('gif', [gif.asset])));
    expect(postsBody(fake).content).toEqual({ media: { id: fake.media()[0]?.urn } });
  });

  it('uploads a video in the parts LinkedIn asks for and finalizes with their ETags in order', async () => {
    const { fake, adapter, request } = await setup({ partSizeBytes: 32 * 1024, videoProcessingPolls: 2 });
    const result = await adapter.publish(
      request(post('demo video', [clip.asset], { options: { videoTitle: 'Demo' } })),
    );
    const init = fake.server
      .requestsTo('POST', '/rest/videos')
      .find((r) => r.query.action === 'initializeUpload');
    expect(init?.json).toEqual({
      initializeUploadRequest: {
        owner: fake.memberUrn,
        fileSizeBytes: 100_000,
        uploadCaptions: false,
        uploadThumbnail: false,
      },
    });
    const video = fake.media()[0];
    expect(video?.parts.map((p) => [p.firstByte, p.lastByte])).toEqual([
      [0, 32_767],
      [32_768, 65_535],
      [65_536, 98_303],
      [98_304, 99_999],
    ]);
    const puts = fake.server.requestsTo('PUT', /^\/dms-uploads\/videos\//);
    expect(puts.map((r) => r.body.length)).toEqual([32_768, 32_768, 32_768, 1696]);
    expect(puts.every((r) => r.headers.authorization === undefined)).toBe(true);
    const finalize = fake.server
      .requestsTo('POST', '/rest/videos')
      .find((r) => r.query.action === 'finalizeUpload');
    expect(finalize?.json).toEqual({
      finalizeUploadRequest: {
        video: video?.urn,
        uploadToken: video?.uploadToken,
        uploadedPartIds: video?.parts.map((p) => p.etag),
      },
    });
    expect(video?.uploadToken).not.toBe('');
    expect(video?.bytes?.equals(clip.bytes)).toBe(true);
    // PROCESSING twice, then AVAILABLE.
    expect(fake.server.requestsTo('GET', /^\/rest\/videos\//)).toHaveLength(3);
    expect(postsBody(fake).content).toEqual({ media: { id: video?.urn, title: 'Demo' } });
    expect(fake.posts().find((p) => p.id === result.externalId)?.mediaCount).toBe(1);
  });

  it('a video that fails processing is rejected content, and no post is created', async () => {
    const { fake, adapter, request } = await setup();
    fake.failNextProcessing('Unsupported codec');
    const error = await adapter.publish(request(post('bad video', [clip.asset]))).catch((e: unknown) => e);
    expect(ContentRejectedError.isInstance(error)).toBe(true);
    expect((error as ContentRejectedError).field).toBe('media.0');
    expect((error as ContentRejectedError).platformMessage).toBe('Unsupported codec');
    expect(fake.posts()).toHaveLength(0);
  });

  it('reports uploaded media and reuses it on a retry', async () => {
    const { fake, adapter, request } = await setup();
    const progress: unknown[] = [];
    fake.failNextPublish({ kind: 'server_error', status: 503 });
    const content = post('retry me', [png.asset, altPng.asset]);
    await adapter
      .publish(request(content, { reportProgress: (p) => progress.push(p) }))
      .catch(() => undefined);
    expect(progress).toHaveLength(2);
    const result = await adapter.publish(request(content, { resumeFrom: progress.at(-1) as never }));
    expect(fake.server.requestsTo('POST', '/rest/images')).toHaveLength(2);
    expect(fake.posts().find((p) => p.id === result.externalId)?.mediaCount).toBe(2);
  });
});

describe('linkedin articles', () => {
  it('publishes a link post as content.article', async () => {
    const { fake, adapter, request } = await setup();
    const result = await adapter.publish(
      request(
        post('Read the launch notes', [], {
          options: {
            article: {
              url: 'https://relaypost.dev/blog/launch',
              title: 'We launched',
              description: 'What is new',
            },
          },
        }),
      ),
    );
    expect(postsBody(fake).content).toEqual({
      article: {
        source: 'https://relaypost.dev/blog/launch',
        title: 'We launched',
        description: 'What is new',
      },
    });
    expect(fake.posts().find((p) => p.id === result.externalId)?.mediaCount).toBe(0);
  });
});

describe('linkedin limits and failures', () => {
  it('a used-up member daily limit waits until midnight UTC (no Retry-After)', async () => {
    const { fake, adapter, request } = await setup();
    fake.exhaustDailyLimit('MEMBER');
    const before = Date.now();
    const error = (await adapter
      .publish(request(post('one too many')))
      .catch((e: unknown) => e)) as RateLimitedError;
    expect(RateLimitedError.isInstance(error)).toBe(true);
    const midnight = Date.UTC(
      new Date(before).getUTCFullYear(),
      new Date(before).getUTCMonth(),
      new Date(before).getUTCDate() + 1,
    );
    expect(Math.abs(before + (error.retryAfterMs ?? 0) - midnight)).toBeLessThan(5000);
    expect(error.scope).toBe('account');
  });

  it('short-lived throttling ("Too many requests") waits a minute, not until midnight UTC', async () => {
    const { fake, adapter, request } = await setup();
    fake.throttleNextPost();
    const error = (await adapter
      .publish(request(post('slow down')))
      .catch((e: unknown) => e)) as RateLimitedError;
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect(error.retryAfterMs).toBe(LINKEDIN_THROTTLE_WAIT_MS);
    expect(error.scope).toBe('account');
  });

  it('the application daily limit is app-scoped', async () => {
    const { fake, adapter, request } = await setup();
    fake.exhaustDailyLimit('APPLICATION');
    const error = (await adapter
      .publish(request(post('app cap')))
      .catch((e: unknown) => e)) as RateLimitedError;
    expect(error.scope).toBe('app');
  });

  it('the fake enforces the per-member daily post count', async () => {
    const { adapter, request } = await setup({ memberDailyPostLimit: 2 });
    await adapter.publish(request(post('one')));
    await adapter.publish(request(post('two')));
    const error = await adapter.publish(request(post('three'))).catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(error)).toBe(true);
  });

  it('a duplicate post is rejected content on the text', async () => {
    const { adapter, request } = await setup({ rejectDuplicates: true });
    await adapter.publish(request(post('same words')));
    const error = await adapter.publish(request(post('same words'))).catch((e: unknown) => e);
    expect(ContentRejectedError.isInstance(error)).toBe(true);
    expect((error as ContentRejectedError).field).toBe('text');
    expect((error as ContentRejectedError).platformMessage).toContain('duplicate of urn:li:share:');
  });

  it('findPublished without a scope to read posts throws instead of guessing', async () => {
    const { adapter, request } = await setup({}, { scopes: LINKEDIN_MEMBER_SCOPES });
    const error = await adapter.findPublished(request(post('lost'))).catch((e: unknown) => e);
    expect(UnknownOutcomeError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('r_member_social');
  });

  it('findPublished ignores posts outside the window', async () => {
    const { adapter, request } = await setup({}, { findWindowMs: 1 });
    const req = request(post('old news'));
    await adapter.publish(req);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await adapter.findPublished(req)).toBeNull();
  });
});

describe('linkedin organization roles', () => {
  const orgScopes = [...LINKEDIN_MEMBER_SCOPES, ...LINKEDIN_ORGANIZATION_SCOPES];

  async function asOrganization(role: string) {
    return setup(
      { organizations: [{ id: '7001', name: 'Content Co', vanityName: 'content-co', role }] },
      {
        scopes: orgScopes,
        includeMember: false,
        organizationRoles: ['ADMINISTRATOR', 'CONTENT_ADMINISTRATOR', 'DIRECT_SPONSORED_CONTENT_POSTER'],
      },
    );
  }

  it('a CONTENT_ADMINISTRATOR refused a video upload is told to get a role, and the account stays connected', async () => {
    const { fake, adapter, connected, request } = await asOrganization('CONTENT_ADMINISTRATOR');
    expect(connected.account.externalId).toBe('urn:li:organization:7001');
    expect(connected.account.metadata.role).toBe('CONTENT_ADMINISTRATOR');
    const error = await adapter
      .publish(request(post('our launch video', [clip.asset])))
      .catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error)).toBe(false);
    expect(ContentRejectedError.isInstance(error)).toBe(true);
    const rejected = error as ContentRejectedError;
    expect(rejected.status).toBe(403);
    expect(rejected.field).toBe('media.0');
    expect(rejected.message).toContain('ADMINISTRATOR or DIRECT_SPONSORED_CONTENT_POSTER');
    expect(rejected.message).toContain('CONTENT_ADMINISTRATOR');
    expect(rejected.message).toContain('reconnecting does not help');
    expect(fake.posts()).toHaveLength(0);
  });

  it('a CONTENT_ADMINISTRATOR still posts text and images for the organization', async () => {
    const { fake, adapter, request } = await asOrganization('CONTENT_ADMINISTRATOR');
    await adapter.publish(request(post('a picture', [png.asset])));
    expect(fake.posts()).toHaveLength(1);
  });

  it('an ADMINISTRATOR or DSC poster uploads video for the organization', async () => {
    for (const role of ['ADMINISTRATOR', 'DIRECT_SPONSORED_CONTENT_POSTER']) {
      const { fake, adapter, request } = await asOrganization(role);
      await adapter.publish(request(post('video', [clip.asset])));
      expect(fake.posts().at(-1)?.mediaCount).toBe(1);
      await fake.close();
    }
  });

  it('a 403 on video for an organization whose recorded role may upload video still asks to reconnect', async () => {
    const { fake, adapter, connected, request } = await asOrganization('ADMINISTRATOR');
    fake.server.scriptFault((r) => r.path === '/rest/videos', {
      kind: 'respond',
      response: {
        status: 403,
        body: {
          status: 403,
          serviceErrorCode: 100,
          code: 'ACCESS_DENIED',
          message: 'Not enough permissions',
        },
      },
    });
    const error = await adapter
      .publish(request(post('video', [clip.asset]), { account: connected.account }))
      .catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error)).toBe(true);
  });
});
