import { NeedsReconnectError, type PublishRequest } from '@relaypost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectThroughAuth } from '../conformance/index.js';
import { MediaHost, makeFakeVideo, memoryMediaAccess, testMedia } from '../testing/media-fixtures.js';
import { createTikTok } from './adapter.js';
import type { ChunkRules } from './chunk-plan.js';
import { createTikTokFake, type TikTokFake } from './fake/index.js';

const KiB = 1024;
const rules: ChunkRules = {
  minChunkBytes: 64 * KiB,
  maxChunkBytes: 128 * KiB,
  maxFinalChunkBytes: 256 * KiB,
  maxChunks: 1000,
};
const clip = testMedia(makeFakeVideo(40_000), { mimeType: 'video/mp4', durationMs: 8000 });
const jpeg = testMedia(Buffer.from('fake-jpeg'), { mimeType: 'image/jpeg', width: 1080, height: 1920 });
const polling = { initialDelayMs: 1, factor: 1, maxDelayMs: 5, timeoutMs: 3000 };

/** An app approved for the inbox flow only: TikTok grants it `video.upload`, not `video.publish`. */
const INBOX_ONLY_SCOPES = ['user.info.basic', 'video.upload'];

describe('tiktok inbox drafts with an app approved for video.upload only', () => {
  let fake: TikTokFake;
  let host: MediaHost;
  let adapter: ReturnType<typeof createTikTok>;
  let base: Omit<PublishRequest, 'content' | 'idempotencyKey'>;

  beforeAll(async () => {
    fake = await createTikTokFake({ chunkRules: rules });
    host = await MediaHost.start();
    adapter = createTikTok({
      ...fake.adapterOptions(),
      scopes: INBOX_ONLY_SCOPES,
      chunkRules: rules,
      statusPolling: polling,
    });
    const connected = await connectThroughAuth(adapter, { redirectUri: 'https://app.example.test/cb' });
    base = {
      account: connected.account,
      credentials: connected.credentials,
      media: memoryMediaAccess([clip, jpeg], host),
    };
  });
  afterAll(async () => {
    await fake.close();
    await host.close();
  });
  const request = (media: PublishRequest['content']['media'], options: Record<string, unknown>) => ({
    ...base,
    content: { text: 'Draft for later', media, thread: false, options },
    idempotencyKey: crypto.randomUUID(),
  });

  it('connects asking user/info only for the fields user.info.basic covers', () => {
    const info = fake.server.requestsTo('GET', '/v2/user/info/').at(-1);
    expect(info?.query.fields?.split(',')).not.toContain('username');
    expect(base.account.handle).toBe('Fake Creator');
  });

  it('sends a video to the inbox without creator_info and without a privacy level', async () => {
    const since = fake.server.requests.length;
    const result = await adapter.publish(request([clip.asset], { mode: 'inbox' }));
    const paths = fake.server.requests.slice(since).map((r) => r.path);
    expect(paths).not.toContain('/v2/post/publish/creator_info/query/');
    expect(paths).toContain('/v2/post/publish/inbox/video/init/');
    expect(result.externalId).toMatch(/^v_pub_file/);
    expect(fake.publishes().at(-1)).toMatchObject({ inbox: true, kind: 'video' });
  });

  it('sends photos to the inbox as MEDIA_UPLOAD with the title and description only', async () => {
    const since = fake.server.requests.length;
    await adapter.publish(request([jpeg.asset], { mode: 'inbox', title: 'Album' }));
    const init = fake.server.requests.slice(since).find((r) => r.path === '/v2/post/publish/content/init/');
    expect(init?.json).toMatchObject({ post_mode: 'MEDIA_UPLOAD', media_type: 'PHOTO' });
    expect((init?.json as { post_info?: unknown } | undefined)?.post_info).toEqual({
      title: 'Album',
      description: 'Draft for later',
    });
    expect(fake.server.requests.slice(since).map((r) => r.path)).not.toContain(
      '/v2/post/publish/creator_info/query/',
    );
  });

  it('still needs a privacy level for a direct post, and TikTok refuses it without video.publish', async () => {
    expect(adapter.validate(request([clip.asset], {}).content).map((i) => i.path)).toContain(
      'options.privacyLevel',
    );
    const error = await adapter
      .publish(request([clip.asset], { privacyLevel: 'SELF_ONLY' }))
      .catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error), String(error)).toBe(true);
    expect((error as NeedsReconnectError).platformCode).toBe('scope_not_authorized');
  });
});

describe('tiktok photo captions', () => {
  const adapter = createTikTok({ clientKey: 'k', clientSecret: 's' });
  const content = (text: string, media = [jpeg.asset]) => ({
    text,
    media,
    thread: false,
    options: { privacyLevel: 'SELF_ONLY' },
  });

  it('allows a photo description up to 4000 characters, not the 2200 of a video caption', () => {
    expect(adapter.validate(content('x'.repeat(3000)))).toEqual([]);
    expect(adapter.validate(content('x'.repeat(4001)))).toEqual([
      expect.objectContaining({ path: 'text', limit: 4000, actual: 4001 }),
    ]);
    expect(adapter.validate(content('x'.repeat(2201), [clip.asset]))).toEqual([
      expect.objectContaining({ path: 'text', limit: 2200 }),
    ]);
  });

  it('limits the photo title to 90 characters', () => {
    const issues = adapter.validate({
      ...content('ok'),
      options: { privacyLevel: 'SELF_ONLY', title: 't'.repeat(91) },
    });
    expect(issues.map((i) => i.path)).toEqual(['options.title']);
  });
});

describe('tiktok fake refuses what TikTok refuses', () => {
  let fake: TikTokFake;
  beforeAll(async () => {
    fake = await createTikTokFake({ chunkRules: rules });
  });
  afterAll(() => fake.close());
  const call = (path: string, scope: string, body: unknown) =>
    fetch(`${fake.server.url}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: {
        authorization: `Bearer ${fake.oauth.issue(scope).access_token}`,
        'content-type': 'application/json; charset=UTF-8',
      },
    });
  const fileUpload = (videoSize: number, chunkSize: number, totalChunkCount: number) => ({
    source_info: {
      source: 'FILE_UPLOAD',
      video_size: videoSize,
      chunk_size: chunkSize,
      total_chunk_count: totalChunkCount,
    },
  });

  it('answers each endpoint without its scope with scope_not_authorized', async () => {
    const direct = { post_info: { privacy_level: 'SELF_ONLY' }, ...fileUpload(40_000, 40_000, 1) };
    for (const [path, scope, body] of [
      ['/v2/post/publish/creator_info/query/', 'user.info.basic,video.upload', {}],
      ['/v2/post/publish/video/init/', 'user.info.basic,video.upload', direct],
      ['/v2/post/publish/inbox/video/init/', 'user.info.basic,video.publish', fileUpload(40_000, 40_000, 1)],
      ['/v2/video/list/?fields=id', 'user.info.basic,video.upload', { max_count: 1 }],
    ] as const) {
      const answer = await call(path, scope, body);
      expect(answer.status, path).toBe(401);
      expect(((await answer.json()) as { error: { code: string } }).error.code, path).toBe(
        'scope_not_authorized',
      );
    }
    expect(
      (await call('/v2/post/publish/inbox/video/init/', 'video.upload', fileUpload(40_000, 40_000, 1)))
        .status,
    ).toBe(200);
  });

  it('refuses user fields the grant does not cover', async () => {
    const token = fake.oauth.issue('user.info.basic').access_token;
    const ask = (fields: string) =>
      fetch(`${fake.server.url}/v2/user/info/?fields=${fields}`, {
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await ask('open_id,display_name')).status).toBe(200);
    expect((await ask('open_id,username')).status).toBe(401);
  });

  it('refuses a video over the largest chunk declared as one chunk', async () => {
    // 200 KiB with chunk_size 128 KiB: floor(200/128) = 1 chunk, a final chunk within 256 KiB,
    // but a video over the largest chunk must go in several.
    const answer = await call('/v2/post/publish/video/init/', 'video.publish', {
      post_info: { privacy_level: 'SELF_ONLY' },
      ...fileUpload(200 * KiB, 128 * KiB, 1),
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(
      /multiple chunks/,
    );
  });

  it('allows six post inits per token per minute, then rate_limit_exceeded', async () => {
    const scope = 'video.upload';
    const token = fake.oauth.issue(scope).access_token;
    const init = () =>
      fetch(`${fake.server.url}/v2/post/publish/inbox/video/init/`, {
        method: 'POST',
        body: JSON.stringify(fileUpload(40_000, 40_000, 1)),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=UTF-8' },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await init()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
    // Another token has its own minute.
    expect(
      (await call('/v2/post/publish/inbox/video/init/', scope, fileUpload(40_000, 40_000, 1))).status,
    ).toBe(200);
  });

  it('refuses a photo title over 90 characters', async () => {
    const answer = await call('/v2/post/publish/content/init/', 'video.upload', {
      media_type: 'PHOTO',
      post_mode: 'MEDIA_UPLOAD',
      post_info: { title: 't'.repeat(91), description: 'd' },
      source_info: {
        source: 'PULL_FROM_URL',
        photo_cover_index: 0,
        photo_images: ['https://example.test/a.jpg'],
      },
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(/title/);
  });
});
