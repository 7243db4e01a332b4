import {
  credentialsFromInput,
  type JsonValue,
  type PublishRequest,
  RateLimitedError,
  TransientError,
  UnknownOutcomeError,
} from '@relaypost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectThroughAuth } from '../conformance/index.js';
import { memoryMediaAccess } from '../testing/media-fixtures.js';
import { createYouTube } from './adapter.js';
import { createYouTubeFake, type YouTubeFake } from './fake/index.js';
import { msUntilPacificMidnight } from './quota-reset.js';
import { videoPost, youTubeTestMedia } from './test-fixtures.js';
import type { ResumableProgress } from './upload.js';

const { small, large } = youTubeTestMedia();
const media = memoryMediaAccess([small, large]);
const CHUNK = 256 * 1024;

describe('youtube resumable upload', () => {
  let fake: YouTubeFake;
  let adapter: ReturnType<typeof createYouTube>;
  let base: Omit<PublishRequest, 'content' | 'idempotencyKey'>;

  beforeAll(async () => {
    fake = await createYouTubeFake();
    adapter = createYouTube({ ...fake.adapterOptions(), chunkSizeBytes: CHUNK });
    const connected = await connectThroughAuth(adapter, { redirectUri: 'https://app.example.test/cb' });
    base = { account: connected.account, credentials: connected.credentials, media };
  });
  afterAll(() => fake.close());

  const chunkRanges = (since: number) =>
    fake.server.requests
      .slice(since)
      .filter((r) => r.method === 'PUT')
      .map((r) => r.headers['content-range']);

  it('sends chunks of 256 KiB multiples, follows 308 Range answers and reports progress', async () => {
    const since = fake.server.requests.length;
    const progress: JsonValue[] = [];
    const result = await adapter.publish({
      ...base,
      content: videoPost(large, 'Chunked upload'),
      idempotencyKey: crypto.randomUUID(),
      reportProgress: (state) => progress.push(state),
    });
    const total = large.asset.sizeBytes;
    expect(chunkRanges(since)).toEqual([
      `bytes 0-${CHUNK - 1}/${total}`,
      `bytes ${CHUNK}-${2 * CHUNK - 1}/${total}`,
      `bytes ${2 * CHUNK}-${total - 1}/${total}`,
    ]);
    expect(progress.map((p) => (p as unknown as ResumableProgress).confirmed)).toEqual([0, CHUNK, 2 * CHUNK]);
    const start = fake.server.requests.slice(since).find((r) => r.method === 'POST');
    expect(start?.headers['x-upload-content-length']).toBe(String(total));
    expect(start?.headers['x-upload-content-type']).toBe('video/mp4');
    expect(start?.json).toMatchObject({
      snippet: { title: 'Chunked upload' },
      status: { privacyStatus: 'public', selfDeclaredMadeForKids: false },
    });
    const video = fake.videos().find((v) => v.id === result.externalId);
    expect(video?.sha256).toBe(large.asset.checksumSha256);
    expect(result.url).toBe(`https://www.youtube.com/watch?v=${result.externalId}`);
  });

  it('resumes after a connection drop mid-upload without re-sending confirmed bytes', async () => {
    const since = fake.server.requests.length;
    const progress: ResumableProgress[] = [];
    const request: PublishRequest = {
      ...base,
      content: videoPost(large, 'Interrupted upload'),
      idempotencyKey: crypto.randomUUID(),
      reportProgress: (state) => progress.push(state as unknown as ResumableProgress),
    };
    // The second chunk arrives, but its answer never does.
    fake.dropDuringUpload({ chunk: 2, applied: true });
    const error = await adapter.publish(request).catch((e: unknown) => e);
    expect(TransientError.isInstance(error), String(error)).toBe(true);
    expect(progress.at(-1)?.confirmed).toBe(CHUNK);

    const resumed = await adapter.publish({
      ...request,
      resumeFrom: progress.at(-1) as unknown as JsonValue,
    });
    const total = large.asset.sizeBytes;
    expect(chunkRanges(since)).toEqual([
      `bytes 0-${CHUNK - 1}/${total}`,
      `bytes ${CHUNK}-${2 * CHUNK - 1}/${total}`,
      `bytes */${total}`,
      `bytes ${2 * CHUNK}-${total - 1}/${total}`,
    ]);
    const sent = fake.server.requests
      .slice(since)
      .filter((r) => r.method === 'PUT')
      .reduce((sum, r) => sum + r.body.length, 0);
    expect(sent).toBe(total);
    expect(fake.videos().filter((v) => v.title === 'Interrupted upload')).toHaveLength(1);
    expect(fake.videos().find((v) => v.id === resumed.externalId)?.sha256).toBe(large.asset.checksumSha256);
  });

  it('re-sends a chunk the server never received', async () => {
    const since = fake.server.requests.length;
    const progress: ResumableProgress[] = [];
    const request: PublishRequest = {
      ...base,
      content: videoPost(large, 'Lost chunk'),
      idempotencyKey: crypto.randomUUID(),
      reportProgress: (state) => progress.push(state as unknown as ResumableProgress),
    };
    fake.dropDuringUpload({ chunk: 2, applied: false });
    await expect(adapter.publish(request)).rejects.toSatisfy((e: unknown) => TransientError.isInstance(e));
    await adapter.publish({ ...request, resumeFrom: progress.at(-1) as unknown as JsonValue });
    const total = large.asset.sizeBytes;
    expect(chunkRanges(since).slice(2)).toEqual([
      `bytes */${total}`,
      `bytes ${CHUNK}-${2 * CHUNK - 1}/${total}`,
      `bytes ${2 * CHUNK}-${total - 1}/${total}`,
    ]);
  });

  it('treats a lost answer to the last chunk as an unknown outcome, then finds the video from the session', async () => {
    const progress: ResumableProgress[] = [];
    const request: PublishRequest = {
      ...base,
      content: videoPost(small, 'Last chunk lost'),
      idempotencyKey: crypto.randomUUID(),
      reportProgress: (state) => progress.push(state as unknown as ResumableProgress),
    };
    fake.failNextPublish({ kind: 'drop_after_apply' });
    await expect(adapter.publish(request)).rejects.toSatisfy((e: unknown) =>
      UnknownOutcomeError.isInstance(e),
    );
    const found = await adapter.findPublished({
      ...request,
      resumeFrom: progress.at(-1) as unknown as JsonValue,
    });
    expect(found?.externalId).toBe(fake.videos().at(-1)?.id);
  });

  it('starts a new session when the stored one has expired', async () => {
    const progress = {
      sessionUrl: `${fake.server.url}/upload/youtube/v3/videos?uploadType=resumable&upload_id=gone`,
      confirmed: CHUNK,
      total: small.asset.sizeBytes,
      assetId: small.asset.id,
    };
    const result = await adapter.publish({
      ...base,
      content: videoPost(small, 'Fresh session'),
      idempotencyKey: crypto.randomUUID(),
      resumeFrom: progress,
    });
    expect(fake.videos().find((v) => v.id === result.externalId)?.title).toBe('Fresh session');
  });

  it('ignores progress pointing at another host (never sends the token elsewhere)', async () => {
    const since = fake.server.requests.length;
    await adapter.publish({
      ...base,
      content: videoPost(small, 'Foreign session'),
      idempotencyKey: crypto.randomUUID(),
      resumeFrom: {
        sessionUrl: 'https://evil.example.test/upload',
        confirmed: 0,
        total: small.asset.sizeBytes,
        assetId: small.asset.id,
      },
    });
    expect(fake.server.requests.slice(since)[0]?.method).toBe('POST');
  });

  it('maps quotaExceeded to an app-wide rate limit until midnight Pacific', async () => {
    fake.exceedQuota();
    const error = await adapter
      .publish({ ...base, content: videoPost(small, 'Quota'), idempotencyKey: crypto.randomUUID() })
      .catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(error), String(error)).toBe(true);
    const limited = error as RateLimitedError;
    expect(limited.scope).toBe('app');
    expect(Math.abs((limited.retryAfterMs ?? 0) - msUntilPacificMidnight())).toBeLessThan(5000);
    expect(limited.platformCode).toBe('quotaExceeded');
  });

  it('maps uploadLimitExceeded to a long per-account rate limit', async () => {
    fake.exceedUploadLimit();
    const error = await adapter
      .publish({ ...base, content: videoPost(small, 'Limit'), idempotencyKey: crypto.randomUUID() })
      .catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(error), String(error)).toBe(true);
    expect((error as RateLimitedError).scope).toBe('account');
    expect((error as RateLimitedError).retryAfterMs).toBe(24 * 60 * 60 * 1000);
  });

  it('refreshes an expiring token before publishing and hands over the new credentials', async () => {
    const own = await connectThroughAuth(adapter, { redirectUri: 'https://app.example.test/cb' });
    const refreshToken = own.credentials.refreshToken?.reveal();
    const stale = credentialsFromInput({
      accessToken: 'stale-token',
      refreshToken,
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    const refreshed: unknown[] = [];
    const result = await adapter.publish({
      ...base,
      credentials: stale,
      content: videoPost(small, 'After refresh'),
      idempotencyKey: crypto.randomUUID(),
      onCredentialsRefreshed: async (c) => {
        refreshed.push(c);
      },
    });
    expect(result.externalId).toBeTruthy();
    expect(refreshed).toHaveLength(1);
    // Google keeps the refresh token: the adapter must carry it over.
    expect(refreshed[0]).toMatchObject({ refreshToken });
  });

  it('derives the title from the first line and warns when it had to be cut', async () => {
    const long = 'word '.repeat(40).trim();
    const result = await adapter.publish({
      ...base,
      content: videoPost(small, `${long}\nbody`),
      idempotencyKey: crypto.randomUUID(),
    });
    const video = fake.videos().find((v) => v.id === result.externalId);
    expect(Array.from(video?.title ?? '')).toHaveLength(100);
    expect(video?.title.endsWith('…')).toBe(true);
    expect(result.warnings).toHaveLength(1);
  });

  it('sends scheduling and audience options', async () => {
    const result = await adapter.publish({
      ...base,
      content: videoPost(small, 'Scheduled', {
        privacyStatus: 'private',
        publishAt: '2030-01-01T10:00:00Z',
        madeForKids: true,
        tags: ['a', 'b'],
      }),
      idempotencyKey: crypto.randomUUID(),
    });
    expect(fake.videos().find((v) => v.id === result.externalId)).toMatchObject({
      privacyStatus: 'private',
      publishAt: '2030-01-01T10:00:00Z',
      madeForKids: true,
      tags: ['a', 'b'],
    });
  });
});

describe('msUntilPacificMidnight', () => {
  const hour = 3_600_000;
  it('counts to the next Pacific midnight in summer and winter', () => {
    expect(msUntilPacificMidnight(Date.parse('2026-07-01T06:00:00Z'))).toBe(hour); // 23:00 PDT
    expect(msUntilPacificMidnight(Date.parse('2026-01-15T08:00:00Z'))).toBe(24 * hour); // 00:00 PST
  });
  it('follows daylight saving changes', () => {
    expect(msUntilPacificMidnight(Date.parse('2026-03-08T07:30:00Z'))).toBe(hour / 2); // 23:30 PST, Mar 7
    expect(msUntilPacificMidnight(Date.parse('2026-03-08T09:00:00Z'))).toBe(22 * hour); // 01:00 PST → 00:00 PDT
    expect(msUntilPacificMidnight(Date.parse('2026-11-01T07:00:00Z'))).toBe(25 * hour); // 00:00 PDT → 00:00 PST
  });
});
