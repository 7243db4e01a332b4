import {
  ContentRejectedError,
  type PublishRequest,
  RateLimitedError,
  TransientError,
  UnknownOutcomeError,
} from '@relaypost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectThroughAuth } from '../conformance/index.js';
import { MediaHost, makeFakeVideo, memoryMediaAccess, testMedia } from '../testing/media-fixtures.js';
import { createTikTok, quoteLargeIds } from './adapter.js';
import type { ChunkRules } from './chunk-plan.js';
import { mapTikTokError } from './errors.js';
import { createTikTokFake, type TikTokFake } from './fake/index.js';

const KiB = 1024;
/** Small rules so multi-chunk uploads stay small; the planner is tested with the real ones. */
const rules: ChunkRules = {
  minChunkBytes: 64 * KiB,
  maxChunkBytes: 128 * KiB,
  maxFinalChunkBytes: 256 * KiB,
  maxChunks: 1000,
};
const clip = testMedia(makeFakeVideo(40_000), { mimeType: 'video/mp4', durationMs: 8000 });
const big = testMedia(makeFakeVideo(3 * 100 * KiB + 30_000), { mimeType: 'video/mp4', durationMs: 20_000 });
const long = testMedia(makeFakeVideo(40_000), { mimeType: 'video/mp4', durationMs: 700_000 });
const jpeg1 = testMedia(Buffer.from('fake-jpeg-1'), { mimeType: 'image/jpeg', width: 1080, height: 1920 });
const jpeg2 = testMedia(Buffer.from('fake-jpeg-2'), { mimeType: 'image/jpeg', width: 1080, height: 1920 });
const polling = { initialDelayMs: 1, factor: 1, maxDelayMs: 5, timeoutMs: 3000 };

describe('tiktok publishing', () => {
  let fake: TikTokFake;
  let host: MediaHost;
  let adapter: ReturnType<typeof createTikTok>;
  let base: Omit<PublishRequest, 'content' | 'idempotencyKey'>;

  beforeAll(async () => {
    // Many posts on one token within a minute here; the six-a-minute limit has its own test.
    fake = await createTikTokFake({ chunkRules: rules, initRequestsPerMinute: 1000 });
    host = await MediaHost.start();
    adapter = createTikTok({
      ...fake.adapterOptions(),
      chunkRules: rules,
      chunkSizeBytes: 100 * KiB,
      statusPolling: polling,
    });
    const connected = await connectThroughAuth(adapter, { redirectUri: 'https://app.example.test/cb' });
    base = {
      account: connected.account,
      credentials: connected.credentials,
      media: memoryMediaAccess([clip, big, long, jpeg1, jpeg2], host),
    };
  });
  afterAll(async () => {
    await fake.close();
    await host.close();
  });
  const publish = (
    text: string,
    media: PublishRequest['content']['media'],
    options: Record<string, unknown>,
    extra: Partial<PublishRequest> = {},
  ) =>
    adapter.publish({
      ...base,
      content: { text, media, thread: false, options },
      idempotencyKey: crypto.randomUUID(),
      ...extra,
    });

  it('connects with the username as handle and asks for scopes comma-separated with client_key', async () => {
    const url = new URL(
      adapter.auth.authorizationUrl({ redirectUri: 'https://app.example.test/cb', state: 's' }),
    );
    expect(url.searchParams.get('client_key')).toBe(fake.adapterOptions().clientKey);
    expect(url.searchParams.get('scope')).toBe(
      'user.info.basic,user.info.profile,video.publish,video.upload,video.list',
    );
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(base.account.handle).toBe('fakecreator');
  });

  it('stores the rotated refresh token and its expiry', async () => {
    const own = await connectThroughAuth(adapter, { redirectUri: 'https://app.example.test/cb' });
    const next = await adapter.auth.refresh(own.credentials);
    expect(next.refreshToken).not.toBe(own.credentials.refreshToken?.reveal());
    expect(Date.parse(next.refreshTokenExpiresAt ?? '')).toBeGreaterThan(Date.now() + 300 * 86_400_000);
  });

  it('uploads in planned chunks, in order, with Content-Range and Content-Type', async () => {
    const since = fake.server.requests.length;
    const progress: unknown[] = [];
    const result = await publish(
      'Chunked',
      [big.asset],
      { privacyLevel: 'PUBLIC_TO_EVERYONE' },
      { reportProgress: (p) => progress.push(p) },
    );
    const init = fake.server.requests.slice(since).find((r) => r.path === '/v2/post/publish/video/init/');
    const total = big.asset.sizeBytes;
    expect(init?.json).toMatchObject({
      source_info: { source: 'FILE_UPLOAD', video_size: total, chunk_size: 100 * KiB, total_chunk_count: 3 },
    });
    const puts = fake.server.requests.slice(since).filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.headers['content-range'])).toEqual([
      `bytes 0-${100 * KiB - 1}/${total}`,
      `bytes ${100 * KiB}-${200 * KiB - 1}/${total}`,
      `bytes ${200 * KiB}-${total - 1}/${total}`,
    ]);
    expect(puts.every((r) => r.headers['content-type'] === 'video/mp4')).toBe(true);
    expect(progress).toEqual([{ publishId: expect.stringMatching(/^v_pub_file/) }]);
    // A 19-digit post id survives JSON parsing intact.
    expect(result.externalId).toMatch(/^\d{19}$/);
    expect(fake.posts().some((p) => p.id === result.externalId)).toBe(true);
    expect(result.url).toBe(`https://www.tiktok.com/@fakecreator/video/${result.externalId}`);
  });

  it('rejects a privacy level the creator cannot use, naming the allowed ones', async () => {
    fake.setCreatorInfo({ privacy_level_options: ['FOLLOWER_OF_CREATOR', 'SELF_ONLY'] });
    try {
      const error = await publish('Private account', [clip.asset], {
        privacyLevel: 'PUBLIC_TO_EVERYONE',
      }).catch((e: unknown) => e);
      expect(ContentRejectedError.isInstance(error), String(error)).toBe(true);
      expect((error as ContentRejectedError).field).toBe('options.privacyLevel');
      expect((error as ContentRejectedError).limit).toBe('FOLLOWER_OF_CREATOR|SELF_ONLY');
    } finally {
      fake.setCreatorInfo({
        privacy_level_options: [
          'PUBLIC_TO_EVERYONE',
          'MUTUAL_FOLLOW_FRIENDS',
          'FOLLOWER_OF_CREATOR',
          'SELF_ONLY',
        ],
      });
    }
  });

  it('forces off the interactions the creator disabled and warns', async () => {
    fake.setCreatorInfo({ comment_disabled: true, stitch_disabled: true });
    try {
      const since = fake.server.requests.length;
      const result = await publish('Switches', [clip.asset], { privacyLevel: 'PUBLIC_TO_EVERYONE' });
      const init = fake.server.requests.slice(since).find((r) => r.path === '/v2/post/publish/video/init/');
      expect(init?.json).toMatchObject({
        post_info: { disable_comment: true, disable_stitch: true, disable_duet: false },
      });
      expect(result.warnings.filter((w) => w.includes('creator disabled'))).toHaveLength(2);
    } finally {
      fake.setCreatorInfo({ comment_disabled: false, stitch_disabled: false });
    }
  });

  it("refuses a video longer than the creator's maximum", async () => {
    const error = await publish('Too long', [long.asset], { privacyLevel: 'SELF_ONLY' }).catch(
      (e: unknown) => e,
    );
    expect(ContentRejectedError.isInstance(error), String(error)).toBe(true);
    expect((error as ContentRejectedError).field).toBe('media.0.durationMs');
  });

  it('turns a FAILED status into ContentRejectedError with the fail_reason', async () => {
    fake.failNextProcessing('frame_rate_check_failed');
    const error = await publish('Bad frames', [clip.asset], { privacyLevel: 'PUBLIC_TO_EVERYONE' }).catch(
      (e: unknown) => e,
    );
    expect(ContentRejectedError.isInstance(error), String(error)).toBe(true);
    expect((error as ContentRejectedError).platformCode).toBe('frame_rate_check_failed');
  });

  it('gives an unknown outcome when processing outlasts the polling bound', async () => {
    const slowFake = await createTikTokFake({ processingPolls: 1000 });
    try {
      const slow = createTikTok({
        ...slowFake.adapterOptions(),
        statusPolling: { initialDelayMs: 1, factor: 2, maxDelayMs: 4, timeoutMs: 40 },
      });
      const connected = await connectThroughAuth(slow, { redirectUri: 'https://app.example.test/cb' });
      const error = await slow
        .publish({
          ...base,
          ...connected,
          content: {
            text: 'slow',
            media: [clip.asset],
            thread: false,
            options: { privacyLevel: 'SELF_ONLY' },
          },
          idempotencyKey: 'k',
        })
        .catch((e: unknown) => e);
      expect(UnknownOutcomeError.isInstance(error), String(error)).toBe(true);
    } finally {
      await slowFake.close();
    }
  });

  it('sends an inbox draft with source_info only and finishes at SEND_TO_USER_INBOX', async () => {
    const since = fake.server.requests.length;
    const result = await publish('Draft', [clip.asset], { privacyLevel: 'SELF_ONLY', mode: 'inbox' });
    const init = fake.server.requests
      .slice(since)
      .find((r) => r.path === '/v2/post/publish/inbox/video/init/');
    expect(Object.keys(init?.json as object)).toEqual(['source_info']);
    expect(result.url).toBeNull();
    expect(result.externalId).toMatch(/^v_pub_file/);
  });

  it('lets TikTok pull the video from a URL when asked', async () => {
    const since = fake.server.requests.length;
    const result = await publish('Pulled', [clip.asset], {
      privacyLevel: 'PUBLIC_TO_EVERYONE',
      source: 'url',
    });
    const init = fake.server.requests.slice(since).find((r) => r.path === '/v2/post/publish/video/init/');
    expect(init?.json).toMatchObject({
      source_info: { source: 'PULL_FROM_URL', video_url: expect.stringContaining(host.server.url) },
    });
    expect(fake.server.requests.slice(since).some((r) => r.method === 'PUT')).toBe(false);
    expect(fake.posts().some((p) => p.id === result.externalId)).toBe(true);
  });

  it('posts photos by URL with the text as description', async () => {
    const since = fake.server.requests.length;
    const result = await publish('Two photos', [jpeg1.asset, jpeg2.asset], {
      privacyLevel: 'PUBLIC_TO_EVERYONE',
      title: 'Album',
      photoCoverIndex: 1,
    });
    const init = fake.server.requests.slice(since).find((r) => r.path === '/v2/post/publish/content/init/');
    expect(init?.json).toMatchObject({
      media_type: 'PHOTO',
      post_mode: 'DIRECT_POST',
      post_info: { title: 'Album', description: 'Two photos' },
      source_info: { source: 'PULL_FROM_URL', photo_cover_index: 1 },
    });
    expect(fake.posts().find((p) => p.id === result.externalId)?.mediaCount).toBe(2);
  });

  it('refuses photos without a MediaUrlProvider', async () => {
    const error = await publish(
      'No URLs',
      [jpeg1.asset],
      { privacyLevel: 'SELF_ONLY' },
      { media: memoryMediaAccess([jpeg1]) },
    ).catch((e: unknown) => e);
    expect(ContentRejectedError.isInstance(error), String(error)).toBe(true);
    expect((error as ContentRejectedError).field).toBe('media');
  });

  it('finds a lost post by the publish_id kept in the progress', async () => {
    const progress: unknown[] = [];
    fake.failNextPublish({ kind: 'drop_after_apply' });
    const request: PublishRequest = {
      ...base,
      content: {
        text: 'Self only, lost',
        media: [clip.asset],
        thread: false,
        options: { privacyLevel: 'SELF_ONLY' },
      },
      idempotencyKey: crypto.randomUUID(),
      reportProgress: (p) => progress.push(p),
    };
    await expect(adapter.publish(request)).rejects.toSatisfy((e: unknown) =>
      UnknownOutcomeError.isInstance(e),
    );
    // SELF_ONLY posts are not in the public video list...
    expect(await adapter.findPublished(request)).toBeNull();
    // ...but the publish_id finds it: first still processing (retry later, never publish again), then done.
    const withProgress = { ...request, resumeFrom: progress[0] as { publishId: string } };
    await expect(adapter.findPublished(withProgress)).rejects.toSatisfy((e: unknown) =>
      TransientError.isInstance(e),
    );
    const found = await adapter.findPublished(withProgress);
    expect(found?.externalId).toMatch(/^v_pub_file/);
  });

  it('cannot delete (the API has no delete)', async () => {
    expect(adapter.capabilities.delete).toBe(false);
    await expect(adapter.delete({ ...base, externalId: '1' })).rejects.toSatisfy((e: unknown) =>
      ContentRejectedError.isInstance(e),
    );
  });
});

describe('tiktok error mapping', () => {
  const opts = { rateLimitWaitMs: 60_000, postingCapWaitMs: 86_400_000 };
  const failure = (status: number, code: string) => ({
    status,
    data: { data: {}, error: { code, message: code, log_id: 'x' } },
    headers: new Headers(),
  });

  it('maps daily posting caps to a long rate limit', () => {
    const error = mapTikTokError(failure(403, 'spam_risk_too_many_posts'), opts);
    expect(RateLimitedError.isInstance(error) && error.retryAfterMs).toBe(86_400_000);
  });
  it('maps rate_limit_exceeded without Retry-After to the default wait', () => {
    const error = mapTikTokError(failure(429, 'rate_limit_exceeded'), opts);
    expect(RateLimitedError.isInstance(error) && error.retryAfterMs).toBe(60_000);
  });
  it('maps token and scope codes to reconnect, internal_error to transient, the rest to rejected', () => {
    expect(mapTikTokError(failure(401, 'scope_not_authorized'), opts).kind).toBe('needs_reconnect');
    expect(mapTikTokError(failure(500, 'internal_error'), opts).kind).toBe('transient');
    const rejected = mapTikTokError(failure(400, 'privacy_level_option_mismatch'), opts);
    expect(rejected.kind).toBe('content_rejected');
    expect(ContentRejectedError.isInstance(rejected) && rejected.field).toBe('options.privacyLevel');
  });
  it('quotes large post ids before parsing', () => {
    const parsed = JSON.parse(
      quoteLargeIds('{"data":{"publicaly_available_post_id":[7380080137682881835]}}'),
    );
    expect(parsed.data.publicaly_available_post_id).toEqual(['7380080137682881835']);
  });
});
