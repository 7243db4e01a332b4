import {
  type AdapterAccount,
  ContentRejectedError,
  type CredentialsInput,
  credentialsFromInput,
  NeedsReconnectError,
  type PublishRequest,
  RateLimitedError,
  TransientError,
} from '@relaypost/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryMediaAccess } from '../testing/media-fixtures.js';
import { jwtExpiry } from './auth.js';
import { blueskyRetryAfter, mapBlueskyError } from './errors.js';
import type { BlueskyFake } from './fake/index.js';
import { recordKeyFor } from './record-key.js';
import { LOGIN, plainPng, png, post, startBluesky } from './test-fixtures.js';

let fake: BlueskyFake;
let adapter: Awaited<ReturnType<typeof startBluesky>>['adapter'];
let account: AdapterAccount;
let credentials: CredentialsInput;

beforeEach(async () => {
  ({ fake, adapter } = await startBluesky());
  const connectable = await adapter.auth.login(LOGIN);
  credentials = connectable.credentials;
  account = { id: 'acc-1', externalId: connectable.externalId, handle: connectable.handle, metadata: {} };
});
afterEach(() => fake.close());

function request(
  text: string,
  extra: Partial<PublishRequest> = {},
  media = [] as (typeof png.asset)[],
): PublishRequest {
  return {
    account,
    credentials: credentialsFromInput(credentials),
    content: post(text, media),
    media: memoryMediaAccess([png, plainPng]),
    idempotencyKey: crypto.randomUUID(),
    ...extra,
  };
}

function rawOf(index: number): unknown {
  const found = fake.posts()[index];
  if (!found) throw new Error(`no post ${index}`);
  return found.raw;
}

const creates = () => fake.server.requestsTo('POST', '/xrpc/com.atproto.repo.createRecord');

describe('login and refresh', () => {
  it('keeps the DID, the PDS and JWT expiries', async () => {
    const connectable = await adapter.auth.login(LOGIN);
    expect(connectable.externalId).toBe(fake.did);
    expect(connectable.metadata).toEqual({ did: fake.did, pds: fake.server.url });
    expect(connectable.credentials.expiresAt).toBe(jwtExpiry(String(connectable.credentials.accessToken)));
    expect(Date.parse(connectable.credentials.refreshTokenExpiresAt ?? '')).toBeGreaterThan(
      Date.now() + 80 * 86_400_000,
    );
  });

  it('refuses a wrong password as NeedsReconnectError', async () => {
    const error = await adapter.auth.login({ ...LOGIN, password: 'wrong' }).catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error)).toBe(true);
  });

  it('sends the refresh JWT as Bearer to refreshSession', async () => {
    await adapter.auth.refresh(credentialsFromInput(credentials));
    const [call] = fake.server.requestsTo('POST', '/xrpc/com.atproto.server.refreshSession');
    expect(call?.headers.authorization).toBe(`Bearer ${String(credentials.refreshToken)}`);
  });
});

describe('expired sessions', () => {
  it('refreshes once, hands the new credentials to onCredentialsRefreshed, and publishes', async () => {
    fake.expireAccessTokens();
    const saved: CredentialsInput[] = [];
    const result = await adapter.publish(
      request('after expiry', { onCredentialsRefreshed: async (c) => void saved.push(c) }),
    );
    expect(saved).toHaveLength(1);
    expect(saved[0]?.accessToken).not.toBe(credentials.accessToken);
    expect(saved[0]?.refreshToken).not.toBe(credentials.refreshToken);
    expect(fake.posts().map((p) => p.id)).toEqual([result.externalId]);
    // The old refresh JWT was rotated away.
    const stale = await adapter.auth.refresh(credentialsFromInput(credentials)).catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(stale)).toBe(true);
  });

  it('does not refresh without a way to store the rotated session', async () => {
    fake.expireAccessTokens();
    const error = await adapter.publish(request('no callback')).catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error)).toBe(true);
    expect(fake.server.requestsTo('POST', '/xrpc/com.atproto.server.refreshSession')).toHaveLength(0);
  });

  it('is NeedsReconnectError when the refresh fails too', async () => {
    fake.expireAccessTokens();
    fake.revokeSessions();
    const error = await adapter
      .publish(request('dead session', { onCredentialsRefreshed: async () => {} }))
      .catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error)).toBe(true);
    expect(fake.posts()).toHaveLength(0);
  });

  it('refreshes for delete as well', async () => {
    const published = await adapter.publish(request('to delete'));
    fake.expireAccessTokens();
    let saved = 0;
    await adapter.delete({
      account,
      credentials: credentialsFromInput(credentials),
      externalId: published.externalId,
      onCredentialsRefreshed: async () => void saved++,
    });
    expect(saved).toBe(1);
    expect(fake.posts()).toHaveLength(0);
  });
});

describe('idempotency', () => {
  it('writes under the record key derived from the idempotency key', async () => {
    const req = request('keyed');
    const result = await adapter.publish(req);
    expect(result.externalId).toBe(
      `at://${fake.did}/app.bsky.feed.post/${recordKeyFor(req.idempotencyKey, 0)}`,
    );
    expect(result.url).toMatch(/^https:\/\/bsky\.app\/profile\/alice\.test\/post\/[2-7a-j][2-7a-z]{12}$/);
  });

  it('a retry of the same key reuses the post instead of creating another', async () => {
    const req = request('only once');
    const first = await adapter.publish(req);
    const second = await adapter.publish(req);
    expect(second.externalId).toBe(first.externalId);
    expect(fake.posts()).toHaveLength(1);
    expect(creates()).toHaveLength(1);
  });

  it('a first attempt skips the look-up; a later one still finds the post', async () => {
    const lookups = () => fake.server.requests.filter((r) => r.path.endsWith('com.atproto.repo.getRecord'));
    const req = request('first of its key');
    const first = await adapter.publish({ ...req, firstAttempt: true });
    expect(lookups()).toHaveLength(0);
    expect(creates()).toHaveLength(1);
    const again = await adapter.publish(req);
    expect(again.externalId).toBe(first.externalId);
    expect(lookups()).toHaveLength(1);
    expect(creates()).toHaveLength(1);
  });

  it('a write refused because the key is taken counts as published', async () => {
    const req = request('raced');
    // Another attempt lands between our existence check and our write.
    fake.server.scriptFault((r) => r.path.endsWith('com.atproto.repo.getRecord'), {
      kind: 'respond',
      response: { status: 400, body: { error: 'RecordNotFound', message: 'Could not locate record' } },
    });
    const raced = await adapter.publish({ ...req });
    fake.server.scriptFault((r) => r.path.endsWith('com.atproto.repo.getRecord'), {
      kind: 'respond',
      response: { status: 400, body: { error: 'RecordNotFound', message: 'Could not locate record' } },
    });
    const again = await adapter.publish(req);
    expect(again.externalId).toBe(raced.externalId);
    expect(fake.posts()).toHaveLength(1);
  });

  it('a retried thread continues after the parts that landed', async () => {
    const text = 'One sentence that is long enough to matter here. '.repeat(15).trim();
    const req = { ...request(text), content: post(text, [], { thread: true }) };
    // The first part lands, the second fails.
    fake.server.scriptFault(
      (() => {
        let seen = 0;
        return (r: { method: string; path: string }) =>
          r.method === 'POST' && r.path.endsWith('createRecord') && ++seen === 2;
      })(),
      { kind: 'respond', response: { status: 503, body: { error: 'InternalServerError', message: 'down' } } },
    );
    const error = await adapter.publish(req).catch((e: unknown) => e);
    expect(TransientError.isInstance(error)).toBe(true);
    expect(fake.posts()).toHaveLength(1);
    const partial = await adapter.findPublished(req);
    expect(partial?.parts).toHaveLength(1);
    expect(partial?.warnings[0]).toMatch(/only 1 of \d+ thread parts landed/);

    const result = await adapter.publish(req);
    expect(result.parts.length).toBeGreaterThan(1);
    expect(result.externalId).toBe(partial?.externalId);
    expect(fake.posts()).toHaveLength(result.parts.length);
  });
});

describe('records', () => {
  it('uploads images as raw bytes and embeds them with alt text and aspect ratio', async () => {
    await adapter.publish(request('pictures', {}, [png.asset, plainPng.asset]));
    const uploads = fake.server.requestsTo('POST', '/xrpc/com.atproto.repo.uploadBlob');
    expect(uploads.map((u) => u.headers['content-type'])).toEqual(['image/png', 'image/png']);
    expect(uploads[0]?.body.equals(png.bytes)).toBe(true);
    const embed = (rawOf(0) as { embed: { images: Array<Record<string, unknown>> } }).embed;
    expect(embed.images[0]).toMatchObject({
      alt: 'A blue rectangle',
      aspectRatio: { width: 16, height: 12 },
    });
    expect(embed.images[1]).toMatchObject({ alt: '' });
    expect(embed.images[1]?.aspectRatio).toBeUndefined();
  });

  it('adds a link card with the title option, not when there are images', async () => {
    await adapter.publish({
      ...request('read https://relaypost.dev/blog'),
      content: post('read https://relaypost.dev/blog', [], { options: { linkTitle: 'Our blog' } }),
    });
    expect((rawOf(0) as { embed: unknown }).embed).toEqual({
      $type: 'app.bsky.embed.external',
      external: { uri: 'https://relaypost.dev/blog', title: 'Our blog', description: '' },
    });
    await adapter.publish(request('img https://relaypost.dev', {}, [png.asset]));
    expect((rawOf(1) as { embed: { $type: string } }).embed.$type).toBe('app.bsky.embed.images');
  });

  it('resolves mentions to DIDs and warns about unknown handles', async () => {
    const bob = fake.addAccount('bob.test');
    const result = await adapter.publish(request('hi @bob.test and @ghost.test'));
    expect(result.warnings).toEqual(['@ghost.test could not be resolved; left as plain text']);
    const facets = (rawOf(0) as { facets: Array<{ features: Array<{ did?: string }> }> }).facets;
    expect(facets.map((f) => f.features[0]?.did)).toEqual([bob]);
  });

  it('refuses text over 300 graphemes before calling the PDS', async () => {
    const error = await adapter.publish(request('x'.repeat(301))).catch((e: unknown) => e);
    expect(ContentRejectedError.isInstance(error) && error.field === 'text').toBe(true);
    expect(creates()).toHaveLength(0);
  });
});

describe('the fake refuses what a PDS refuses', () => {
  const call = (method: string, init: RequestInit) => fetch(`${fake.server.url}/xrpc/${method}`, init);
  const auth = () => ({
    authorization: `Bearer ${String(credentials.accessToken)}`,
    'content-type': 'application/json',
  });
  const record = (extra: Record<string, unknown>) =>
    JSON.stringify({
      repo: fake.did,
      collection: 'app.bsky.feed.post',
      record: { $type: 'app.bsky.feed.post', text: 'hé', createdAt: new Date().toISOString(), ...extra },
    });

  it('needs a Bearer token and a TID record key', async () => {
    const noAuth = await call('com.atproto.repo.createRecord', { method: 'POST', body: record({}) });
    expect(noAuth.status).toBe(401);
    const badKey = await call('com.atproto.repo.createRecord', {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ ...JSON.parse(record({})), rkey: 'not-a-tid' }),
    });
    expect(await badKey.json()).toMatchObject({ error: 'InvalidRequest' });
  });

  it('refuses facets outside the text or inside a character', async () => {
    for (const index of [
      { byteStart: 0, byteEnd: 4 },
      { byteStart: 0, byteEnd: 2 },
    ]) {
      const response = await call('com.atproto.repo.createRecord', {
        method: 'POST',
        headers: auth(),
        body: record({ facets: [{ index, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'x' }] }] }),
      });
      expect(response.status).toBe(400);
    }
  });

  it('refuses an image over 2,000,000 bytes as BlobTooLarge', async () => {
    const big = new Uint8Array(2_000_001);
    const upload = await call('com.atproto.repo.uploadBlob', {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'image/png' },
      body: big,
    });
    const { blob } = (await upload.json()) as { blob: unknown };
    const response = await call('com.atproto.repo.createRecord', {
      method: 'POST',
      headers: auth(),
      body: record({ embed: { $type: 'app.bsky.embed.images', images: [{ image: blob, alt: '' }] } }),
    });
    expect(await response.json()).toMatchObject({ error: 'BlobTooLarge' });
  });
});

describe('error mapping', () => {
  const failure = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
    status,
    data,
    headers: new Headers(headers),
  });

  it('maps session errors to NeedsReconnectError', () => {
    for (const error of ['ExpiredToken', 'InvalidToken', 'AuthenticationRequired', 'AccountTakedown']) {
      expect(NeedsReconnectError.isInstance(mapBlueskyError(failure(400, { error })))).toBe(true);
    }
    expect(NeedsReconnectError.isInstance(mapBlueskyError(failure(401, {})))).toBe(true);
  });

  it('maps 429 with RateLimit-Reset or Retry-After', () => {
    const now = Date.now();
    const reset = mapBlueskyError(
      failure(
        429,
        { error: 'RateLimitExceeded' },
        { 'ratelimit-reset': String(Math.floor(now / 1000) + 60) },
      ),
    );
    expect(RateLimitedError.isInstance(reset)).toBe(true);
    expect((reset as RateLimitedError).retryAfterMs).toBeGreaterThan(58_000);
    expect(blueskyRetryAfter(new Headers({ 'retry-after': '7' }))).toBe(7000);
  });

  it('maps 5xx to TransientError and the rest to ContentRejectedError', () => {
    expect(TransientError.isInstance(mapBlueskyError(failure(502, 'Bad gateway')))).toBe(true);
    const blob = mapBlueskyError(failure(400, { error: 'BlobTooLarge', message: 'too big' }));
    expect(ContentRejectedError.isInstance(blob) && blob.field === 'media').toBe(true);
    const invalid = mapBlueskyError(failure(400, { error: 'InvalidRequest', message: 'bad record' }));
    expect(ContentRejectedError.isInstance(invalid) && invalid.platformMessage === 'bad record').toBe(true);
  });
});

describe('app-password sessions', () => {
  const claimsOf = (jwt: string) =>
    JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { scope: string };
  const callAs = (jwt: string, method: string, body: unknown) =>
    fetch(`${fake.server.url}/xrpc/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('an app-password login gets the PDS\u2019s com.atproto.appPass scope, which publishes, also after a refresh', async () => {
    expect(claimsOf(String(credentials.accessToken)).scope).toBe('com.atproto.appPass');
    await adapter.publish(request('posted with an app password'));
    const refreshed = await adapter.auth.refresh(credentialsFromInput(credentials));
    expect(claimsOf(String(refreshed.accessToken)).scope).toBe('com.atproto.appPass');
    await adapter.publish(request('and after a refresh', { credentials: credentialsFromInput(refreshed) }));
    expect(fake.posts()).toHaveLength(2);
  });

  it('the fake refuses account management to an app-password session, as the PDS does', async () => {
    for (const method of [
      'com.atproto.server.createAppPassword',
      'com.atproto.server.requestAccountDelete',
    ]) {
      const refused = await callAs(String(credentials.accessToken), method, { name: 'another' });
      expect(refused.status, method).toBe(400);
      expect(await refused.json()).toEqual({ error: 'InvalidToken', message: 'Bad token scope' });
    }
    const full = await adapter.auth.login({
      identifier: 'alice.test',
      password: 'account-password-never-share',
    });
    expect(claimsOf(String(full.credentials.accessToken)).scope).toBe('com.atproto.access');
    expect(
      (
        await callAs(String(full.credentials.accessToken), 'com.atproto.server.createAppPassword', {
          name: 'x',
        })
      ).status,
    ).toBe(200);
  });
});
