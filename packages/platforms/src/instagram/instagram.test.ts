import { ContentRejectedError, NeedsReconnectError, RateLimitedError, TransientError } from '@relaypost/core';
import { describe, expect, it } from 'vitest';
import { authorizeAtFake, connectThroughAuth } from '../conformance/connect.js';
import { graphError } from '../graph/fake/base.js';
import { makeMp4 } from '../graph/fake/mp4.js';
import { testMedia } from '../testing/media-fixtures.js';
import { createInstagram, INSTAGRAM_DEFAULT_SCOPES } from './adapter.js';
import { jpeg, post, reel, startInstagram } from './test-fixtures.js';

const redirectUri = 'https://app.example.test/cb';
const storyImage = testMedia(jpeg.bytes, { mimeType: 'image/jpeg', width: 1080, height: 1920 });
const longStory = testMedia(makeMp4({ durationMs: 90_000, sizeBytes: 30_000 }), { mimeType: 'video/mp4' });
const story = (media: Parameters<typeof post>[1]) => post('', media, { options: { format: 'story' } });

describe('instagram with Facebook Login and Business Manager', () => {
  it('asks for business_management by default, without which a Page role from Business Manager lists no account', async () => {
    expect(INSTAGRAM_DEFAULT_SCOPES.facebook).toContain('business_management');
    const { fake, adapter, host } = await startInstagram(
      { login: 'facebook' },
      { scopes: INSTAGRAM_DEFAULT_SCOPES.facebook.filter((s) => s !== 'business_management') },
    );
    try {
      expect(
        await adapter.auth.exchangeCode({
          code: (await authorizeAtFake(adapter, redirectUri)).code,
          redirectUri,
        }),
      ).toEqual([]);
      // The same user with the default scopes sees the account.
      const withDefaults = createInstagram({
        ...fake.adapterOptions(),
        polling: { initialDelayMs: 1, maxDelayMs: 5, factor: 2, timeoutMs: 2000 },
      });
      const connected = await connectThroughAuth(withDefaults, { redirectUri });
      expect(connected.account.externalId).toBe(fake.igUserId);
    } finally {
      await fake.close();
      await host.close();
    }
  });

  it('refuses publishing to a Business Manager Page with a token lacking business_management (#10)', async () => {
    const { fake, adapter, host } = await startInstagram(
      { login: 'facebook' },
      {
        scopes: ['instagram_basic', 'instagram_content_publish', 'pages_show_list', 'pages_read_engagement'],
      },
    );
    try {
      const { code } = await authorizeAtFake(adapter, redirectUri);
      const options = fake.adapterOptions();
      const token = (await fetch(
        `${options.graphBaseUrl}/v25.0/oauth/access_token?${new URLSearchParams({
          client_id: options.clientId,
          client_secret: options.clientSecret,
          redirect_uri: redirectUri,
          code,
        })}`,
      ).then((r) => r.json())) as { access_token: string };
      const answer = (await fetch(
        `${options.graphBaseUrl}/v25.0/${fake.igUserId}/media_publish?creation_id=1`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token.access_token}` },
        },
      ).then((r) => r.json())) as { error: Record<string, unknown> };
      expect(answer.error).toMatchObject({ code: 10, type: 'OAuthException' });
    } finally {
      await fake.close();
      await host.close();
    }
  });

  it('needs no business_management for a Page role given directly', async () => {
    const { fake, adapter, host, media } = await startInstagram(
      { login: 'facebook', pageRole: 'direct' },
      { scopes: INSTAGRAM_DEFAULT_SCOPES.facebook.filter((s) => s !== 'business_management') },
    );
    try {
      const connected = await connectThroughAuth(adapter, { redirectUri });
      const result = await adapter.publish({
        ...connected,
        content: post('direct', [jpeg.asset]),
        media,
        idempotencyKey: 'k',
      });
      expect(fake.media().some((m) => m.id === result.externalId)).toBe(true);
    } finally {
      await fake.close();
      await host.close();
    }
  });
});

describe('instagram tokens on the wire', () => {
  it('sends the token as Authorization: Bearer and no appsecret_proof to graph.instagram.com', async () => {
    const { fake, adapter, host, media } = await startInstagram({ login: 'instagram' });
    try {
      const connected = await connectThroughAuth(adapter, { redirectUri });
      const since = fake.server.requests.length;
      await adapter.publish({
        ...connected,
        content: post('bearer', [jpeg.asset]),
        media,
        idempotencyKey: 'k',
      });
      const calls = fake.server.requests.slice(since).filter((r) => r.path.startsWith('/v25.0/'));
      expect(calls.length).toBeGreaterThan(0);
      const token = connected.credentials.accessToken.reveal();
      expect(calls.every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
      expect(
        calls.every((r) => r.query.access_token === undefined && r.query.appsecret_proof === undefined),
      ).toBe(true);
    } finally {
      await fake.close();
      await host.close();
    }
  });

  it('sends appsecret_proof with Facebook Login (graph.facebook.com documents it)', async () => {
    const { fake, adapter, host, media } = await startInstagram({
      login: 'facebook',
      requireAppSecretProof: true,
    });
    try {
      const connected = await connectThroughAuth(adapter, { redirectUri });
      const since = fake.server.requests.length;
      await adapter.publish({
        ...connected,
        content: post('proof', [jpeg.asset]),
        media,
        idempotencyKey: 'k',
      });
      const calls = fake.server.requests.slice(since).filter((r) => r.path.startsWith('/v25.0/'));
      expect(calls.every((r) => /^[0-9a-f]{64}$/.test(r.query.appsecret_proof ?? ''))).toBe(true);
    } finally {
      await fake.close();
      await host.close();
    }
  });

  it('a token without instagram_business_content_publish cannot publish (#10)', async () => {
    const { fake, adapter, host, media } = await startInstagram({}, { scopes: ['instagram_business_basic'] });
    try {
      const connected = await connectThroughAuth(adapter, { redirectUri });
      const error = await adapter
        .publish({ ...connected, content: post('x', [jpeg.asset]), media, idempotencyKey: 'k' })
        .catch((e: unknown) => e);
      expect(NeedsReconnectError.isInstance(error), String(error)).toBe(true);
      expect((error as NeedsReconnectError).platformCode).toBe('10');
    } finally {
      await fake.close();
      await host.close();
    }
  });
});

describe('instagram publishing errors', () => {
  it('waits for the rolling window when media_publish answers the quota error 9/2207042', async () => {
    const { fake, adapter, host, media } = await startInstagram(
      { quotaTotal: 2 },
      { checkPublishingLimit: false },
    );
    try {
      const connected = await connectThroughAuth(adapter, { redirectUri });
      fake.seedPublished(2, new Date(Date.now() - 23 * 3_600_000));
      const error = await adapter
        .publish({ ...connected, content: post('over quota', [jpeg.asset]), media, idempotencyKey: 'k' })
        .catch((e: unknown) => e);
      expect(RateLimitedError.isInstance(error), String(error)).toBe(true);
      expect((error as RateLimitedError).scope).toBe('account');
      const wait = (error as RateLimitedError).retryAfterMs ?? 0;
      expect(wait).toBeGreaterThan(3_500_000);
      expect(wait).toBeLessThanOrEqual(3_600_000);
    } finally {
      await fake.close();
      await host.close();
    }
  });

  it('retries -1/2207053 ("generate a new container and try again") with a fresh container', async () => {
    const { fake, adapter, host, media } = await startInstagram();
    try {
      const connected = await connectThroughAuth(adapter, { redirectUri });
      fake.server.scriptFault((r) => r.method === 'POST' && r.path.endsWith('/media_publish'), {
        kind: 'respond',
        response: graphError(400, -1, 'unknown upload error', { subcode: 2207053 }),
      });
      const request = { ...connected, content: post('retry me', [reel.asset]), media, idempotencyKey: 'k' };
      const error = await adapter.publish(request).catch((e: unknown) => e);
      expect(TransientError.isInstance(error), String(error)).toBe(true);
      const first = fake.containers().at(-1)?.id;
      const result = await adapter.publish(request);
      expect(fake.containers().at(-1)?.id).not.toBe(first);
      expect(fake.media().find((m) => m.id === result.externalId)?.containerId).toBe(
        fake.containers().at(-1)?.id,
      );
    } finally {
      await fake.close();
      await host.close();
    }
  });
});

describe('instagram stories', () => {
  it('accepts a 9:16 story image, which the feed rules refuse', async () => {
    const { fake, adapter, host } = await startInstagram();
    try {
      expect(adapter.validate(story([storyImage.asset]))).toEqual([]);
      expect(adapter.validate(post('feed', [storyImage.asset])).map((i) => i.path)).toContain(
        'media.0.aspectRatio',
      );
    } finally {
      await fake.close();
      await host.close();
    }
  });

  it('refuses story videos outside 3–60 seconds and over 100 MB', async () => {
    const { fake, adapter, host } = await startInstagram();
    try {
      const durations = (durationMs: number) =>
        adapter.validate(story([{ ...reel.asset, durationMs }])).map((i) => i.path);
      expect(durations(61_000)).toContain('media.0.durationMs');
      expect(durations(2_000)).toContain('media.0.durationMs');
      expect(durations(60_000)).toEqual([]);
      const big = adapter.validate(story([{ ...reel.asset, sizeBytes: 100 * 1024 * 1024 + 1 }]));
      expect(big.map((i) => i.path)).toContain('media.0.sizeBytes');
      // A reel may still last minutes.
      expect(
        adapter.validate(
          post('reel', [{ ...reel.asset, durationMs: 5 * 60_000 }], { options: { format: 'reel' } }),
        ),
      ).toEqual([]);
    } finally {
      await fake.close();
      await host.close();
    }
  });

  it('the fake ends a story container in ERROR when the file lasts over 60 seconds', async () => {
    const { fake, adapter, host, media } = await startInstagram({}, {}, [jpeg, longStory]);
    try {
      const connected = await connectThroughAuth(adapter, { redirectUri });
      // The duration is unknown to RelayPost; Instagram reads it from the file.
      const error = await adapter
        .publish({ ...connected, content: story([longStory.asset]), media, idempotencyKey: 'k' })
        .catch((e: unknown) => e);
      expect(ContentRejectedError.isInstance(error), String(error)).toBe(true);
      expect(String(error)).toMatch(/story takes 3–60 s/);
    } finally {
      await fake.close();
      await host.close();
    }
  });
});
