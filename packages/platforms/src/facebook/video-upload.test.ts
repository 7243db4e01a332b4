import { readFile } from 'node:fs/promises';
import {
  type JsonValue,
  NeedsReconnectError,
  type PublishRequest,
  TransientError,
  UnknownOutcomeError,
} from '@relaypost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectThroughAuth } from '../conformance/connect.js';
import { paramsOf } from '../graph/fake/base.js';
import { MediaHost, memoryMediaAccess } from '../testing/media-fixtures.js';
import { createFacebook, FACEBOOK_DEFAULT_SCOPES } from './adapter.js';
import { createFacebookFake, type FacebookFake } from './fake/index.js';
import { clip, longVideo, post, tooLongVideo } from './test-fixtures.js';
import { type FacebookVideoProgress, videoUploadMethod } from './video-upload.js';

const CHUNK = 64 * 1024;
const redirectUri = 'https://app.example.test/cb';

describe('facebook video upload', () => {
  let fake: FacebookFake;
  let host: MediaHost;
  let adapter: ReturnType<typeof createFacebook>;
  let base: Omit<PublishRequest, 'content' | 'idempotencyKey' | 'media'>;

  beforeAll(async () => {
    fake = await createFacebookFake({ videoChunkBytes: CHUNK });
    host = await MediaHost.start();
    adapter = createFacebook(fake.adapterOptions());
    const connected = await connectThroughAuth(adapter, { redirectUri });
    base = { account: connected.account, credentials: connected.credentials };
  });
  afterAll(async () => {
    await fake.close();
    await host.close();
  });

  const videoRequests = (since: number) =>
    fake.server.requests.slice(since).filter((r) => r.method === 'POST' && r.path.endsWith('/videos'));
  const phases = (since: number) =>
    videoRequests(since).map((r) => {
      const params = paramsOf(r);
      return params.upload_phase === 'transfer'
        ? `transfer@${params.start_offset}`
        : (params.upload_phase ?? 'single');
    });
  const transfers = (total: number) =>
    Array.from({ length: Math.ceil(total / CHUNK) }, (_, i) => `transfer@${i * CHUNK}`);

  it('sends a video over 20 minutes through the resumable upload even when a URL could be handed out', async () => {
    const since = fake.server.requests.length;
    const progress: FacebookVideoProgress[] = [];
    const result = await adapter.publish({
      ...base,
      content: post('A long talk', [longVideo.asset], { options: { videoTitle: 'The talk' } }),
      media: memoryMediaAccess([longVideo], host),
      idempotencyKey: crypto.randomUUID(),
      reportProgress: (state) => progress.push(state as unknown as FacebookVideoProgress),
    });
    expect(phases(since)).toEqual(['start', ...transfers(longVideo.bytes.length), 'finish']);
    const finish = paramsOf(videoRequests(since).at(-1)!);
    expect(finish).toMatchObject({ description: 'A long talk', title: 'The talk' });
    const video = fake.media().find((m) => m.id === result.externalId);
    expect(video).toMatchObject({ kind: 'video', via: 'resumable', sha256: longVideo.asset.checksumSha256 });
    expect(progress.map((p) => p.startOffset)).toEqual([
      0,
      ...transfers(longVideo.bytes.length).map((_, i) => Math.min((i + 1) * CHUNK, longVideo.bytes.length)),
      longVideo.bytes.length,
    ]);
    expect(progress.at(-1)?.phase).toBe('finish');
  });

  it('sends a video resumably without a MediaUrlProvider (no single multipart upload)', async () => {
    const since = fake.server.requests.length;
    const result = await adapter.publish({
      ...base,
      content: post('Without URLs', [longVideo.asset]),
      media: memoryMediaAccess([longVideo]),
      idempotencyKey: crypto.randomUUID(),
    });
    expect(phases(since)[0]).toBe('start');
    expect(fake.media().find((m) => m.id === result.externalId)?.sha256).toBe(longVideo.asset.checksumSha256);
  });

  it('sends a short video with a known duration by file_url, in one request', async () => {
    const since = fake.server.requests.length;
    const result = await adapter.publish({
      ...base,
      content: post('A clip', [clip.asset]),
      media: memoryMediaAccess([clip], host),
      idempotencyKey: crypto.randomUUID(),
    });
    expect(phases(since)).toEqual(['single']);
    expect(fake.media().find((m) => m.id === result.externalId)?.via).toBe('url');
  });

  it('resumes after a crash mid-upload: the chunk that had arrived is skipped on Facebook’s word', async () => {
    const since = fake.server.requests.length;
    const progress: FacebookVideoProgress[] = [];
    const request: PublishRequest = {
      ...base,
      content: post('Interrupted', [longVideo.asset]),
      media: memoryMediaAccess([longVideo]),
      idempotencyKey: crypto.randomUUID(),
      reportProgress: (state) => progress.push(state as unknown as FacebookVideoProgress),
    };
    // The second chunk arrives, but its answer never does.
    fake.interruptVideoTransfer({ chunk: 2, applied: true });
    const error = await adapter.publish(request).catch((e: unknown) => e);
    expect(TransientError.isInstance(error), String(error)).toBe(true);
    expect(progress.at(-1)?.startOffset).toBe(CHUNK);

    const resumed = await adapter.publish({
      ...request,
      resumeFrom: progress.at(-1) as unknown as JsonValue,
    });
    // The resent second chunk is refused with 1363037 and the offsets of the third.
    expect(phases(since)).toEqual([
      'start',
      'transfer@0',
      `transfer@${CHUNK}`,
      `transfer@${CHUNK}`,
      `transfer@${2 * CHUNK}`,
      `transfer@${3 * CHUNK}`,
      'finish',
    ]);
    expect(fake.media().filter((m) => m.kind === 'video' && m.id === resumed.externalId)).toHaveLength(1);
    expect(fake.media().find((m) => m.id === resumed.externalId)?.sha256).toBe(
      longVideo.asset.checksumSha256,
    );
    expect(fake.pagePosts().filter((p) => p.message === 'Interrupted')).toHaveLength(1);
  });

  it('resends a chunk that never arrived', async () => {
    const since = fake.server.requests.length;
    const progress: FacebookVideoProgress[] = [];
    const request: PublishRequest = {
      ...base,
      content: post('Lost chunk', [longVideo.asset]),
      media: memoryMediaAccess([longVideo]),
      idempotencyKey: crypto.randomUUID(),
      reportProgress: (state) => progress.push(state as unknown as FacebookVideoProgress),
    };
    fake.interruptVideoTransfer({ chunk: 2, applied: false });
    await expect(adapter.publish(request)).rejects.toSatisfy((e: unknown) => TransientError.isInstance(e));
    await adapter.publish({ ...request, resumeFrom: progress.at(-1) as unknown as JsonValue });
    expect(phases(since).slice(3)).toEqual([
      `transfer@${CHUNK}`,
      `transfer@${2 * CHUNK}`,
      `transfer@${3 * CHUNK}`,
      'finish',
    ]);
  });

  it('treats a lost answer to finish as an unknown outcome, then finds the video from the session', async () => {
    const progress: FacebookVideoProgress[] = [];
    const request: PublishRequest = {
      ...base,
      content: post('Finish lost', [longVideo.asset]),
      media: memoryMediaAccess([longVideo]),
      idempotencyKey: crypto.randomUUID(),
      reportProgress: (state) => progress.push(state as unknown as FacebookVideoProgress),
    };
    fake.failNextPublish({ kind: 'drop_after_apply' });
    await expect(adapter.publish(request)).rejects.toSatisfy((e: unknown) =>
      UnknownOutcomeError.isInstance(e),
    );
    const resumeFrom = progress.at(-1) as unknown as JsonValue;
    const found = await adapter.findPublished({ ...request, resumeFrom });
    expect(found?.externalId).toBe(progress.at(-1)?.videoId);
    // Publishing again with the same progress finishes nothing twice.
    const again = await adapter.publish({ ...request, resumeFrom });
    expect(again.externalId).toBe(found?.externalId);
    expect(fake.pagePosts().filter((p) => p.message === 'Finish lost')).toHaveLength(1);
  });

  it('finds nothing while the recorded upload never reached finish', async () => {
    const progress: FacebookVideoProgress[] = [];
    const request: PublishRequest = {
      ...base,
      content: post('Never finished', [longVideo.asset]),
      media: memoryMediaAccess([longVideo]),
      idempotencyKey: crypto.randomUUID(),
      reportProgress: (state) => progress.push(state as unknown as FacebookVideoProgress),
    };
    fake.interruptVideoTransfer({ chunk: 1, applied: false });
    await expect(adapter.publish(request)).rejects.toSatisfy((e: unknown) => TransientError.isInstance(e));
    expect(
      await adapter.findPublished({ ...request, resumeFrom: progress.at(-1) as unknown as JsonValue }),
    ).toBeNull();
  });

  it('starts a new session when Facebook no longer knows the recorded one', async () => {
    const since = fake.server.requests.length;
    const gone: FacebookVideoProgress = {
      uploadSessionId: '999',
      videoId: '998',
      pageId: base.account.externalId,
      assetId: longVideo.asset.id,
      total: longVideo.bytes.length,
      startOffset: CHUNK,
      endOffset: 2 * CHUNK,
      phase: 'transfer',
    };
    const result = await adapter.publish({
      ...base,
      content: post('Expired session', [longVideo.asset]),
      media: memoryMediaAccess([longVideo]),
      idempotencyKey: crypto.randomUUID(),
      resumeFrom: gone as unknown as JsonValue,
    });
    expect(phases(since)).toEqual([
      `transfer@${CHUNK}`,
      'start',
      ...transfers(longVideo.bytes.length),
      'finish',
    ]);
    expect(fake.media().find((m) => m.id === result.externalId)?.sha256).toBe(longVideo.asset.checksumSha256);
  });

  it('validates videos by the resumable limits: 4 hours, 10 GB', () => {
    const issues = adapter.validate(post('too long', [tooLongVideo.asset]));
    expect(issues.map((i) => i.path)).toContain('media.0.durationMs');
    const big = adapter.validate(post('big', [{ ...clip.asset, sizeBytes: 10_000_000_001 }]));
    expect(big.map((i) => i.path)).toContain('media.0.sizeBytes');
    expect(adapter.validate(post('fine', [{ ...longVideo.asset, sizeBytes: 2_000_000_000 }]))).toEqual([]);
  });

  it('picks file_url only for videos known to fit the non-resumable limits', () => {
    expect(videoUploadMethod({ sizeBytes: 1_000_000, durationMs: 60_000 }, true)).toBe('file_url');
    expect(videoUploadMethod({ sizeBytes: 1_000_000, durationMs: 60_000 }, false)).toBe('resumable');
    expect(videoUploadMethod({ sizeBytes: 1_000_000_001, durationMs: 60_000 }, true)).toBe('resumable');
    expect(videoUploadMethod({ sizeBytes: 1_000_000, durationMs: 20 * 60_000 + 1 }, true)).toBe('resumable');
    expect(videoUploadMethod({ sizeBytes: 1_000_000, durationMs: null }, true)).toBe('resumable');
  });
});

describe('facebook permissions for video', () => {
  it('asks for the three permissions of the Video API guide, and the docs do not send users after publish_video', async () => {
    expect([...FACEBOOK_DEFAULT_SCOPES].sort()).toEqual([
      'pages_manage_posts',
      'pages_read_engagement',
      'pages_show_list',
    ]);
    const doc = await readFile(new URL('../../../../docs/platforms/facebook.md', import.meta.url), 'utf8');
    expect(doc).not.toMatch(
      /add it with `createFacebook\(\{ scopes: \[\.\.\.FACEBOOK_DEFAULT_SCOPES, 'publish_video'\]/,
    );
    expect(doc).toMatch(/`publish_video` is not among them/);
  });
});

describe('facebook fake: what Graph refuses', () => {
  let fake: FacebookFake;
  let pageToken: string;
  const pageId = '200000000000001';

  beforeAll(async () => {
    fake = await createFacebookFake({ videoChunkBytes: CHUNK, nonResumableMaxBytes: 100_000 });
    const adapter = createFacebook(fake.adapterOptions());
    pageToken = (await connectThroughAuth(adapter, { redirectUri })).credentials.accessToken.reveal();
  });
  afterAll(() => fake.close());

  const proof = async (token: string) => {
    const { appSecretProof } = await import('../graph/client.js');
    return appSecretProof(token, fake.adapterOptions().clientSecret);
  };
  const postVideo = async (
    form: Record<string, string>,
    files: Record<string, Buffer> = {},
    token = pageToken,
  ) => {
    const body = new FormData();
    for (const [key, value] of Object.entries(form)) body.set(key, value);
    for (const [key, value] of Object.entries(files)) body.set(key, new Blob([new Uint8Array(value)]), 'f');
    const response = await fetch(
      `${fake.server.url}/v25.0/${pageId}/videos?appsecret_proof=${await proof(token)}`,
      { method: 'POST', headers: { authorization: `Bearer ${token}` }, body },
    );
    return {
      status: response.status,
      body: (await response.json()) as { error?: Record<string, unknown> } & Record<string, unknown>,
    };
  };

  it('refuses a non-resumable video over 20 minutes or over the size limit', async () => {
    const long = await postVideo({}, { source: longVideo.bytes.subarray(0, 90_000) });
    // Cut short, the file still declares 25 minutes in its moov box.
    expect(long.body.error).toMatchObject({ code: 6000 });
    expect(String(long.body.error?.error_user_msg)).toMatch(/longer than 20 minutes/);
    const big = await postVideo({}, { source: Buffer.alloc(100_001, 1) });
    expect(big.body.error).toMatchObject({ code: 6000, error_subcode: 1363023 });
  });

  it('answers a transfer at the wrong offset with 1363037 and the offsets to send', async () => {
    const start = await postVideo({ upload_phase: 'start', file_size: String(longVideo.bytes.length) });
    expect(start.body).toMatchObject({ start_offset: '0', end_offset: String(CHUNK) });
    const wrong = await postVideo(
      {
        upload_phase: 'transfer',
        upload_session_id: String(start.body.upload_session_id),
        start_offset: '5',
      },
      { video_file_chunk: longVideo.bytes.subarray(5, 5 + CHUNK) },
    );
    expect(wrong.body.error).toMatchObject({
      error_subcode: 1363037,
      error_data: { start_offset: 0, end_offset: CHUNK },
    });
    const short = await postVideo(
      {
        upload_phase: 'transfer',
        upload_session_id: String(start.body.upload_session_id),
        start_offset: '0',
      },
      { video_file_chunk: longVideo.bytes.subarray(0, 10) },
    );
    expect(short.body.error).toMatchObject({ error_subcode: 1363033 });
    const early = await postVideo({
      upload_phase: 'finish',
      upload_session_id: String(start.body.upload_session_id),
    });
    expect(early.body.error).toMatchObject({ error_subcode: 1363019 });
  });

  it('refuses a resumable video over 4 hours at finish', async () => {
    const start = await postVideo({ upload_phase: 'start', file_size: String(tooLongVideo.bytes.length) });
    const session = String(start.body.upload_session_id);
    await postVideo(
      { upload_phase: 'transfer', upload_session_id: session, start_offset: '0' },
      { video_file_chunk: tooLongVideo.bytes },
    );
    const finish = await postVideo({ upload_phase: 'finish', upload_session_id: session });
    expect(finish.body.error).toMatchObject({ code: 6000 });
    expect(String(finish.body.error?.error_user_msg)).toMatch(/longer than 240 minutes/);
  });

  it('refuses to start a session over 10 GB', async () => {
    const start = await postVideo({ upload_phase: 'start', file_size: String(10_000_000_001) });
    expect(start.body.error).toMatchObject({ code: 6000, error_subcode: 1363023 });
  });

  it('needs pages_manage_posts and pages_read_engagement to post, answering (#200) without them', async () => {
    const adapter = createFacebook({
      ...fake.adapterOptions(),
      scopes: ['pages_show_list', 'pages_read_engagement'],
    });
    const connected = await connectThroughAuth(adapter, { redirectUri });
    const error = await adapter
      .publish({
        ...connected,
        content: post('no permission'),
        media: memoryMediaAccess([]),
        idempotencyKey: crypto.randomUUID(),
      })
      .catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error), String(error)).toBe(true);
    expect((error as NeedsReconnectError).platformCode).toBe('200');
  });

  it('lists no Pages without pages_show_list', async () => {
    const adapter = createFacebook({
      ...fake.adapterOptions(),
      scopes: ['pages_manage_posts', 'pages_read_engagement'],
    });
    await expect(connectThroughAuth(adapter, { redirectUri })).rejects.toThrow(/no account/);
  });

  it('needs pages_read_engagement to read the feed, answering (#10) without it', async () => {
    const adapter = createFacebook({
      ...fake.adapterOptions(),
      scopes: ['pages_show_list', 'pages_manage_posts'],
    });
    const connected = await connectThroughAuth(adapter, { redirectUri });
    const error = await adapter
      .findPublished({
        ...connected,
        content: post('x'),
        media: memoryMediaAccess([]),
        idempotencyKey: crypto.randomUUID(),
      })
      .catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error), String(error)).toBe(true);
    expect((error as NeedsReconnectError).platformCode).toBe('10');
  });
});
