import {
  ConfigurationError,
  ContentRejectedError,
  type CredentialsInput,
  credentialsFromInput,
  NeedsReconnectError,
  type PublishRequest,
  RateLimitedError,
  ValidationError,
} from '@relaypost/core';
import { afterEach, describe, expect, it } from 'vitest';
import { connectThroughAuth } from '../conformance/index.js';
import { makeFakeVideo, memoryMediaAccess, testMedia } from '../testing/media-fixtures.js';
import { createX } from './adapter.js';
import type { XFake, XFakeOptions } from './fake/index.js';
import { altPng, clip, gif, png, post, startX } from './test-fixtures.js';

/** Two and a half MiB: three APPENDs at X's 1 MiB default chunk. */
const bigClip = testMedia(makeFakeVideo(2.5 * 1024 * 1024), { mimeType: 'video/mp4', durationMs: 5000 });
const media = memoryMediaAccess([png, altPng, clip, gif, bigClip]);
let fake: XFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(fakeOptions: XFakeOptions = {}, chunkSizeBytes?: number) {
  const started = await startX(fakeOptions, chunkSizeBytes);
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

const longText = Array.from({ length: 90 }, (_, i) => `word${i}`).join(' ');

describe('x media upload', () => {
  it('uploads a video in chunks, waits for processing, and attaches it', async () => {
    const { fake, adapter, request } = await setup({ processingPolls: 2 }, 16_384);
    const result = await adapter.publish(request(post('clip', [clip.asset])));
    const appends = fake.server.requestsTo('POST', /\/append$/);
    expect(appends.map((r) => r.multipart?.segment_index)).toEqual(['0', '1', '2', '3']);
    const init = fake.server.requestsTo('POST', '/2/media/upload/initialize')[0];
    expect(init?.json).toEqual({
      media_type: 'video/mp4',
      total_bytes: 50_000,
      media_category: 'tweet_video',
    });
    expect(fake.server.requestsTo('GET', '/2/media/upload').map((r) => r.query)).toEqual([
      { media_id: expect.any(String), command: 'STATUS' },
      { media_id: expect.any(String), command: 'STATUS' },
      { media_id: expect.any(String), command: 'STATUS' },
    ]);
    const stored = fake.media()[0];
    expect(stored?.bytes?.equals(clip.bytes)).toBe(true);
    expect(fake.posts().find((p) => p.id === result.externalId)?.mediaCount).toBe(1);
    expect(result.url).toBe(`https://x.com/relaypost_test/status/${result.externalId}`);
  });

  it('honours check_after_secs between STATUS polls', async () => {
    const { fake, adapter, request } = await setup({ processingPolls: 1, checkAfterSecs: 1 });
    await adapter.publish(request(post('gif', [gif.asset])));
    const finalize = fake.server.requestsTo('POST', /\/finalize$/)[0];
    const polls = fake.server.requestsTo('GET', '/2/media/upload');
    expect(polls.length).toBe(2);
    expect((polls[0]?.receivedAt ?? 0) - (finalize?.receivedAt ?? 0)).toBeGreaterThanOrEqual(990);
    expect(fake.server.requestsTo('POST', '/2/media/upload/initialize')[0]?.json).toMatchObject({
      media_category: 'tweet_gif',
    });
  });

  it('fails with ContentRejectedError when processing fails, and creates no post', async () => {
    const { fake, adapter, request } = await setup();
    fake.failNextProcessing('Unsupported video codec');
    const error = await adapter.publish(request(post('bad', [clip.asset]))).catch((e: unknown) => e);
    expect(ContentRejectedError.isInstance(error)).toBe(true);
    expect((error as ContentRejectedError).platformMessage).toBe('Unsupported video codec');
    expect(fake.posts()).toHaveLength(0);
  });

  it('gives up on processing that outlasts the bound, as transient', async () => {
    const started = await startX({ processingPolls: 1000 });
    fake = started.fake;
    const adapter = createX({
      ...started.fake.adapterOptions(),
      processingPolling: { defaultDelayMs: 1, minDelayMs: 20, maxDelayMs: 20, timeoutMs: 100 },
    });
    const connected = await connectThroughAuth(adapter, { redirectUri: 'https://a.test/cb' });
    const error = await adapter
      .publish({ ...connected, content: post('slow', [clip.asset]), media, idempotencyKey: 'k' })
      .catch((e: unknown) => e);
    expect((error as { kind?: string }).kind).toBe('transient');
  });

  it("appends in 1 MiB chunks by default, as X's quickstarts do", async () => {
    const started = await startX();
    fake = started.fake;
    const adapter = createX({
      ...started.fake.adapterOptions(),
      processingPolling: { defaultDelayMs: 1, minDelayMs: 1, maxDelayMs: 2000, timeoutMs: 5000 },
    });
    const connected = await connectThroughAuth(adapter, { redirectUri: 'https://a.test/cb' });
    await adapter.publish({
      ...connected,
      content: post('big', [bigClip.asset]),
      media,
      idempotencyKey: 'k',
    });
    const appends = started.fake.server.requestsTo('POST', /\/append$/);
    expect(appends.map((r) => (r.multipart?.media as Buffer | undefined)?.length)).toEqual([
      1024 * 1024,
      1024 * 1024,
      512 * 1024,
    ]);
  });

  it('refuses a chunk size over the 5 MB X accepts per APPEND', () => {
    expect(() => createX({ clientId: 'c', chunkSizeBytes: 5_000_001 })).toThrow(/5 MB/);
  });

  it('sets alt text through POST /2/media/metadata', async () => {
    const { fake, adapter, request } = await setup();
    await adapter.publish(request(post('alt', [png.asset, altPng.asset])));
    expect(fake.server.requestsTo('POST', '/2/media/metadata').map((r) => r.json)).toEqual([
      { id: expect.any(String), metadata: { alt_text: { text: 'A red square' } } },
    ]);
    expect(fake.media().map((m) => m.altText)).toEqual([undefined, 'A red square']);
  });

  it('turns a refused alt text into a warning', async () => {
    const { fake, adapter, request } = await setup();
    fake.server.scriptFault((r) => r.path === '/2/media/metadata', {
      kind: 'respond',
      response: {
        status: 400,
        headers: { 'content-type': 'application/problem+json' },
        body: { type: 'about:blank', title: 'Bad Request', detail: 'alt text refused', status: 400 },
      },
    });
    const result = await adapter.publish(request(post('alt', [altPng.asset])));
    expect(result.warnings.join()).toContain('alt text refused');
  });
});

describe('x threads', () => {
  it('posts long text as a reply chain with media on the first post', async () => {
    const { fake, adapter, request } = await setup();
    const progress: unknown[] = [];
    const result = await adapter.publish(
      request(post(longText, [png.asset], { thread: true }), { reportProgress: (s) => progress.push(s) }),
    );
    const posts = fake.posts();
    expect(posts.length).toBe(3);
    expect(result.parts.map((p) => p.externalId)).toEqual(posts.map((p) => p.id));
    expect(posts.map((p) => p.mediaCount)).toEqual([1, 0, 0]);
    expect(posts.map((p) => p.replyTo)).toEqual([undefined, posts[0]?.id, posts[1]?.id]);
    expect(posts.map((p) => p.text).join(' ')).toBe(longText);
    expect(progress).toEqual(posts.map((_, i) => ({ tweetIds: posts.slice(0, i + 1).map((p) => p.id) })));
  });

  it('resumes a thread from recorded progress without posting landed parts again', async () => {
    const { fake, adapter, request } = await setup();
    const progress: unknown[] = [];
    const req = request(post(longText, [png.asset], { thread: true }), {
      reportProgress: (s) => progress.push(s),
    });
    // The first part lands, the first reply fails.
    fake.server.scriptFault(
      (r) => r.path === '/2/tweets' && typeof r.json === 'object' && r.json !== null && 'reply' in r.json,
      {
        kind: 'respond',
        response: {
          status: 503,
          headers: { 'content-type': 'application/problem+json' },
          body: { type: 'about:blank', title: 'Service Unavailable', status: 503 },
        },
      },
    );
    const error = await adapter.publish(req).catch((e: unknown) => e);
    expect((error as { kind?: string }).kind).toBe('transient');
    expect(fake.posts()).toHaveLength(1);
    const uploads = fake.media().length;
    const resumed = await adapter.publish({ ...req, resumeFrom: progress.at(-1) as never });
    const posts = fake.posts();
    expect(posts).toHaveLength(3);
    expect(fake.media().length).toBe(uploads); // no new upload for a first part that had landed
    expect(resumed.parts.map((p) => p.externalId)).toEqual(posts.map((p) => p.id));
    expect(posts[1]?.replyTo).toBe(posts[0]?.id);
    expect(resumed.warnings.join()).toContain('resumed');
  });

  it('finds a whole thread, and a partial one with a warning', async () => {
    const { fake, adapter, request } = await setup();
    const req = request(post(longText, [], { thread: true }));
    const published = await adapter.publish(req);
    const found = await adapter.findPublished(req);
    expect(found?.parts).toEqual(published.parts);
    await adapter.delete({ ...req, externalId: published.parts[1]?.externalId ?? '' });
    const partial = await adapter.findPublished(req);
    expect(partial?.parts.map((p) => p.externalId)).toEqual([published.externalId]);
    expect(partial?.warnings.join()).toContain('only 1 of 3');
    expect(fake.server.requestsTo('GET', /\/tweets$/)[0]?.query.start_time).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
  });

  it('deletes every part of a thread', async () => {
    const { fake, adapter, request, connected } = await setup();
    const published = await adapter.publish(request(post(longText, [], { thread: true })));
    await adapter.delete({ ...connected, externalId: published.externalId, parts: published.parts });
    expect(fake.posts()).toHaveLength(0);
    // Deleting again is fine: X answers 404 for posts that are gone.
    await adapter.delete({ ...connected, externalId: published.externalId, parts: published.parts });
  });
});

describe('x publishing details', () => {
  it('sends reply settings and replies to a given post', async () => {
    const { fake, adapter, request } = await setup();
    const parent = await adapter.publish(request(post('parent')));
    await adapter.publish(
      request(
        post('child', [], { options: { replySettings: 'following', inReplyToTweetId: parent.externalId } }),
      ),
    );
    expect(fake.server.requestsTo('POST', '/2/tweets')[1]?.json).toEqual({
      text: 'child',
      reply: { in_reply_to_tweet_id: parent.externalId },
      reply_settings: 'following',
    });
  });

  it('maps duplicate content to ContentRejectedError with X’s message', async () => {
    const { adapter, request } = await setup({ rejectDuplicates: true });
    await adapter.publish(request(post('same words')));
    const error = await adapter.publish(request(post('same words'))).catch((e: unknown) => e);
    expect(ContentRejectedError.isInstance(error)).toBe(true);
    expect((error as ContentRejectedError).platformMessage).toContain('duplicate content');
  });

  it('reports an app-wide cap with scope app', async () => {
    const { fake, adapter, request } = await setup();
    fake.capAppNextPublish(3600);
    const error = (await adapter
      .publish(request(post('capped')))
      .catch((e: unknown) => e)) as RateLimitedError;
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect(error.scope).toBe('app');
    expect(error.retryAfterMs).toBeGreaterThan(3_590_000);
  });

  it('asks to reconnect when the grant lacks media.write (an account connected before it was a default)', async () => {
    const { fake, adapter, request } = await setup();
    const old = fake.oauth.issue('tweet.read tweet.write users.read offline.access');
    const error = await adapter
      .publish(
        request(post('with a picture', [png.asset]), {
          credentials: credentialsFromInput({ accessToken: old.access_token, tokenType: 'bearer' }),
        }),
      )
      .catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error), String(error)).toBe(true);
    expect(fake.posts()).toHaveLength(0);
  });

  it("waits for the user's daily cap to reset, not X's 15-minute window", async () => {
    const { adapter, request } = await setup({ userDailyPostLimit: 1 });
    await adapter.publish(request(post('first of the day')));
    const error = (await adapter
      .publish(request(post('one too many')))
      .catch((e: unknown) => e)) as RateLimitedError;
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect(error.scope).toBe('account');
    expect(error.retryAfterMs).toBeGreaterThan(23 * 3_600_000);
  });

  it('reports used-up pay-per-use credits (402) as a billing ConfigurationError, not rejected content', async () => {
    const { fake, adapter, request } = await setup();
    fake.setCredits(0);
    const error = await adapter.publish(request(post('no credits'))).catch((e: unknown) => e);
    expect(ContentRejectedError.isInstance(error)).toBe(false);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).message).toContain('credits are used up');
    expect(fake.posts()).toHaveLength(0);
  });

  it('finds a post with a bare domain that X rewrote to t.co', async () => {
    const { fake, adapter, request } = await setup();
    const req = request(post('Release notes: relaypost.de/notes'));
    fake.failNextPublish({ kind: 'drop_after_apply' });
    await adapter.publish(req).catch(() => undefined);
    const stored = fake.tweets()[0];
    if (stored) stored.text = 'Release notes: https://t.co/Ab12Cd34';
    expect((await adapter.findPublished(req))?.externalId).toBe(stored?.id);
  });

  it('finds a post whose text X normalised', async () => {
    const { fake, adapter, request } = await setup();
    const req = request(post('Cafe\u0301 & friends'));
    fake.failNextPublish({ kind: 'drop_after_apply' });
    await adapter.publish(req).catch(() => undefined);
    // X answers with NFC text and HTML entities.
    const stored = fake.tweets()[0];
    if (stored) stored.text = 'Café &amp; friends';
    expect((await adapter.findPublished(req))?.externalId).toBe(stored?.id);
  });

  it('refreshes an access token about to expire and hands the rotated credentials over', async () => {
    const { fake, adapter, request, connected } = await setup();
    const saved: CredentialsInput[] = [];
    const expiring = { ...connected.credentials, expiresAt: new Date(Date.now() + 10_000).toISOString() };
    await adapter.publish(
      request(post('after refresh'), {
        credentials: expiring,
        onCredentialsRefreshed: async (c) => {
          saved.push(c);
        },
      }),
    );
    expect(saved).toHaveLength(1);
    expect(saved[0]?.refreshToken).not.toBe(connected.credentials.refreshToken?.reveal());
    expect(Date.parse(saved[0]?.expiresAt ?? '')).toBeGreaterThan(Date.now() + 7_000_000);
    const token = fake.server.requestsTo('POST', '/2/oauth2/token').at(-1);
    expect(token?.headers.authorization).toMatch(/^Basic /);
    expect(token?.form?.client_id).toBeUndefined();
  });

  it('works as a public client: client_id in the body, no Basic auth', async () => {
    const started = await startX({ clientSecret: null });
    fake = started.fake;
    expect(started.fake.adapterOptions().clientSecret).toBeUndefined();
    const connected = await connectThroughAuth(started.adapter, { redirectUri: 'https://a.test/cb' });
    const exchange = started.fake.server.requestsTo('POST', '/2/oauth2/token')[0];
    expect(exchange?.headers.authorization).toBeUndefined();
    expect(exchange?.form).toMatchObject({ client_id: 'x-fake-client', grant_type: 'authorization_code' });
    expect(connected.connectable.scopes).toContain('offline.access');
    expect(connected.connectable.displayName).toBe('RelayPost Test');
  });

  it('asks for the default scopes with PKCE S256', async () => {
    const { adapter } = await setup();
    if (adapter.auth.kind !== 'oauth2') throw new Error('oauth2 expected');
    const url = new URL(
      adapter.auth.authorizationUrl({ redirectUri: 'https://a.test/cb', state: 's', codeChallenge: 'c' }),
    );
    expect(url.searchParams.get('scope')).toBe(
      'tweet.read tweet.write users.read media.write offline.access',
    );
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('response_type')).toBe('code');
  });

  it('refuses an authorization URL or a code exchange without PKCE with a ValidationError naming the field', async () => {
    const { adapter } = await setup();
    if (adapter.auth.kind !== 'oauth2') throw new Error('oauth2 expected');
    const auth = adapter.auth;
    const noChallenge = (() => {
      try {
        return auth.authorizationUrl({ redirectUri: 'https://a.test/cb', state: 's' });
      } catch (error) {
        return error;
      }
    })();
    expect(ValidationError.isInstance(noChallenge), String(noChallenge)).toBe(true);
    expect((noChallenge as ValidationError).issues[0]?.path).toBe('codeChallenge');
    const noVerifier = await auth
      .exchangeCode({ code: 'c', redirectUri: 'https://a.test/cb' })
      .catch((e: unknown) => e);
    expect(ValidationError.isInstance(noVerifier), String(noVerifier)).toBe(true);
    expect((noVerifier as ValidationError).issues[0]?.path).toBe('codeVerifier');
  });
});

describe('x fake refuses what X refuses', () => {
  it('missing token, bad JSON, unknown fields, unready media, long text', async () => {
    const { fake, connected } = await setup();
    const token = connected.credentials.accessToken.reveal();
    const call = (path: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${fake.server.url}${path}`, {
        method: 'POST',
        body,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      });
    expect((await fetch(`${fake.server.url}/2/tweets`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await call('/2/tweets', '{not json')).status).toBe(400);
    expect((await call('/2/tweets', '{"text":"hi"}', { 'content-type': 'text/plain' })).status).toBe(400);
    expect((await call('/2/tweets', '{"text":"hi","color":"red"}')).status).toBe(400);
    expect((await call('/2/tweets', '{"text":"hi","media":{"media_ids":["123"]}}')).status).toBe(400);
    expect((await call('/2/tweets', JSON.stringify({ text: 'a'.repeat(281) }))).status).toBe(403);
    const init = await call(
      '/2/media/upload/initialize',
      JSON.stringify({ media_type: 'image/png', total_bytes: 10 }),
    );
    const id = ((await init.json()) as { data: { id: string } }).data.id;
    expect((await call(`/2/media/upload/${id}/finalize`, '')).status).toBe(400);
    const answer = await call('/2/tweets', JSON.stringify({ text: 'hi', media: { media_ids: [id] } }));
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.headers.get('x-rate-limit-limit')).toBe('100');
  });

  it('answers a token without an endpoint’s scope with X’s bare 403', async () => {
    const { fake } = await setup();
    const call = (scope: string, path: string, body: unknown) =>
      fetch(`${fake.server.url}${path}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: {
          authorization: `Bearer ${fake.oauth.issue(scope).access_token}`,
          'content-type': 'application/json',
        },
      });
    const upload = await call('tweet.read tweet.write users.read', '/2/media/upload/initialize', {
      media_type: 'image/png',
      total_bytes: 10,
    });
    expect(upload.status).toBe(403);
    expect(await upload.json()).toEqual({
      title: 'Forbidden',
      type: 'about:blank',
      status: 403,
      detail: 'Forbidden',
    });
    // POST /2/tweets needs tweet.read, tweet.write and users.read (the OpenAPI document).
    expect((await call('tweet.write users.read', '/2/tweets', { text: 'hi' })).status).toBe(403);
    expect((await call('tweet.read users.read', '/2/tweets', { text: 'hi' })).status).toBe(403);
    expect((await call('tweet.read tweet.write users.read', '/2/tweets', { text: 'hi' })).status).toBe(201);
  });

  it('refuses an APPEND over 5 MB, and media past its expires_after_secs (about 15 days)', async () => {
    const { fake, connected } = await setup({ mediaLifetimeSecs: 1 });
    const headers = { authorization: `Bearer ${connected.credentials.accessToken.reveal()}` };
    const init = await fetch(`${fake.server.url}/2/media/upload/initialize`, {
      method: 'POST',
      body: JSON.stringify({
        media_type: 'video/mp4',
        total_bytes: 6_000_000,
        media_category: 'tweet_video',
      }),
      headers: { ...headers, 'content-type': 'application/json' },
    });
    const id = ((await init.json()) as { data: { id: string } }).data.id;
    const form = new FormData();
    form.append('media', new Blob([new Uint8Array(5_000_001)]), 'media');
    form.append('segment_index', '0');
    const append = await fetch(`${fake.server.url}/2/media/upload/${id}/append`, {
      method: 'POST',
      body: form,
      headers,
    });
    expect(append.status).toBe(413);

    const image = await fetch(`${fake.server.url}/2/media/upload/initialize`, {
      method: 'POST',
      body: JSON.stringify({ media_type: 'image/png', total_bytes: 10 }),
      headers: { ...headers, 'content-type': 'application/json' },
    });
    const data = ((await image.json()) as { data: { id: string; expires_after_secs: number } }).data;
    expect(data.expires_after_secs).toBe(1);
    const small = new FormData();
    small.append('media', new Blob([new Uint8Array(10)]), 'media');
    small.append('segment_index', '0');
    await fetch(`${fake.server.url}/2/media/upload/${data.id}/append`, {
      method: 'POST',
      body: small,
      headers,
    });
    await fetch(`${fake.server.url}/2/media/upload/${data.id}/finalize`, { method: 'POST', headers });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const late = await fetch(`${fake.server.url}/2/tweets`, {
      method: 'POST',
      body: JSON.stringify({ text: 'late', media: { media_ids: [data.id] } }),
      headers: { ...headers, 'content-type': 'application/json' },
    });
    expect(late.status).toBe(400);
  });

  it('says unused media lives about 15 days by default', async () => {
    const { fake, connected } = await setup();
    const answer = await fetch(`${fake.server.url}/2/media/upload/initialize`, {
      method: 'POST',
      body: JSON.stringify({ media_type: 'image/png', total_bytes: 10 }),
      headers: {
        authorization: `Bearer ${connected.credentials.accessToken.reveal()}`,
        'content-type': 'application/json',
      },
    });
    expect(((await answer.json()) as { data: { expires_after_secs: number } }).data.expires_after_secs).toBe(
      1_295_999,
    );
  });
});
