import {
  type AdapterContent,
  ContentRejectedError,
  credentialsFromInput,
  NeedsReconnectError,
  type PublishRequest,
  RateLimitedError,
} from '@relaypost/core';
import { describe, expect, it } from 'vitest';
import { connectThroughAuth } from '../conformance/connect.js';
import { createFacebook } from '../facebook/adapter.js';
import { createFacebookFake } from '../facebook/fake/index.js';
import { clip, png, png2 } from '../facebook/test-fixtures.js';
import { jpeg, startInstagram } from '../instagram/test-fixtures.js';
import { MediaHost, memoryMediaAccess } from '../testing/media-fixtures.js';
import { startThreads } from '../threads/test-fixtures.js';

const content = (text: string, media: AdapterContent['media'] = [], extra: Partial<AdapterContent> = {}) => ({
  text,
  media,
  thread: false,
  options: {},
  ...extra,
});
const redirectUri = 'https://app.example.test/cb';

describe('facebook', () => {
  it('connects only Pages the user can post to, and posts photos by URL with appsecret_proof', async () => {
    const fake = await createFacebookFake();
    const host = await MediaHost.start();
    try {
      const adapter = createFacebook(fake.adapterOptions());
      const refused = await adapter.auth
        .exchangeCode({ code: 'made-up', redirectUri })
        .catch((e: unknown) => e);
      expect(NeedsReconnectError.isInstance(refused)).toBe(true);
      const connected = await connectThroughAuth(adapter, { redirectUri });
      expect(connected.account.externalId).toBe(fake.pages[0]!.id);
      const request = (c: AdapterContent): PublishRequest => ({
        account: connected.account,
        credentials: connected.credentials,
        content: c,
        media: memoryMediaAccess([png, png2, clip], host),
        idempotencyKey: crypto.randomUUID(),
      });
      const photos = await adapter.publish(request(content('two photos', [png.asset, png2.asset])));
      const uploads = fake.media().filter((m) => m.kind === 'photo');
      expect(uploads.map((m) => m.via)).toEqual(['url', 'url']);
      expect(uploads.every((m) => m.attachedTo === photos.externalId)).toBe(true);
      const video = await adapter.publish(request(content('a clip', [clip.asset])));
      expect(fake.pagePosts().find((p) => p.id === video.externalId)?.kind).toBe('video');
      const calls = fake.server.requests.filter((r) => r.path.includes('/v25.0/2000'));
      expect(calls.every((r) => /^[0-9a-f]{64}$/.test(r.query.appsecret_proof ?? ''))).toBe(true);
      expect(calls.every((r) => r.query.access_token === undefined)).toBe(true);
    } finally {
      await fake.close();
      await host.close();
    }
  });
});

describe('instagram', () => {
  it('fails clearly without a MediaUrlProvider', async () => {
    const { fake, adapter, host } = await startInstagram();
    try {
      const connected = await connectThroughAuth(adapter, { redirectUri });
      const error = await adapter
        .publish({
          account: connected.account,
          credentials: connected.credentials,
          content: content('hi', [jpeg.asset]),
          media: memoryMediaAccess([jpeg]),
          idempotencyKey: 'k',
        })
        .catch((e: unknown) => e);
      expect(ContentRejectedError.isInstance(error)).toBe(true);
      expect(String(error)).toMatch(/MediaUrlProvider/);
      expect(fake.containers()).toEqual([]);
    } finally {
      await fake.close();
      await host.close();
    }
  });

  it('refuses to publish over the 24-hour quota with the wait until the window frees', async () => {
    const { fake, adapter, host, media } = await startInstagram({ quotaTotal: 2 });
    try {
      const connected = await connectThroughAuth(adapter, { redirectUri });
      fake.seedPublished(2, new Date(Date.now() - 23 * 3_600_000));
      const error = await adapter
        .publish({ ...connected, content: content('hi', [jpeg.asset]), media, idempotencyKey: 'k' })
        .catch((e: unknown) => e);
      expect(RateLimitedError.isInstance(error)).toBe(true);
      const wait = (error as RateLimitedError).retryAfterMs ?? 0;
      expect(wait).toBeGreaterThan(3_500_000);
      expect(wait).toBeLessThanOrEqual(3_600_000);
    } finally {
      await fake.close();
      await host.close();
    }
  });

  it('maps a container in ERROR to ContentRejectedError and publishes reels', async () => {
    const { fake, adapter, host, media } = await startInstagram();
    try {
      const connected = await connectThroughAuth(adapter, { redirectUri });
      const { reel } = await import('../instagram/test-fixtures.js');
      const reelPost = content('a reel', [reel.asset], { options: { format: 'reel' } });
      fake.failNextProcessing();
      const error = await adapter
        .publish({ ...connected, content: reelPost, media, idempotencyKey: 'k' })
        .catch((e: unknown) => e);
      expect(ContentRejectedError.isInstance(error)).toBe(true);
      const ok = await adapter.publish({ ...connected, content: reelPost, media, idempotencyKey: 'k2' });
      expect(fake.media().find((m) => m.id === ok.externalId)?.mediaType).toBe('VIDEO');
      expect(fake.containers().at(-1)?.params.media_type).toBe('REELS');
    } finally {
      await fake.close();
      await host.close();
    }
  });

  it('refreshes an Instagram Login token close to expiry and hands it to the caller', async () => {
    const { fake, adapter, host, media } = await startInstagram();
    try {
      const connected = await connectThroughAuth(adapter, { redirectUri });
      const credentials = credentialsFromInput({
        accessToken: connected.credentials.accessToken.reveal(),
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      });
      const refreshed: string[] = [];
      await adapter.publish({
        ...connected,
        credentials,
        content: content('fresh', [jpeg.asset]),
        media,
        idempotencyKey: 'k',
        onCredentialsRefreshed: async (c) => {
          refreshed.push(c.accessToken);
        },
      });
      expect(refreshed).toHaveLength(1);
      expect(fake.server.requestsTo('GET', '/refresh_access_token')).toHaveLength(1);
    } finally {
      await fake.close();
      await host.close();
    }
  });
});

describe('threads', () => {
  it('posts long text as a reply chain and deletes every part', async () => {
    const { fake, adapter, host, media } = await startThreads();
    try {
      const connected = await connectThroughAuth(adapter, { redirectUri });
      const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
      const progress: unknown[] = [];
      const result = await adapter.publish({
        ...connected,
        content: content(words, [], { thread: true }),
        media,
        idempotencyKey: 'k',
        reportProgress: (state) => progress.push(state),
      });
      expect(result.parts.length).toBeGreaterThan(2);
      const stored = fake.threads();
      expect(stored.map((p) => p.replyTo)).toEqual([
        undefined,
        ...result.parts.slice(0, -1).map((p) => p.externalId),
      ]);
      expect(progress).toHaveLength(result.parts.length);
      await adapter.delete({ ...connected, externalId: result.externalId, parts: result.parts });
      expect(fake.threads()).toEqual([]);
    } finally {
      await fake.close();
      await host.close();
    }
  });
});
