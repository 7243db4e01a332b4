import { NeedsReconnectError, type PublishRequest, RateLimitedError } from '@relaypost/core';
import { afterEach, describe, expect, it } from 'vitest';
import { connectThroughAuth } from '../conformance/index.js';
import { memoryMediaAccess } from '../testing/media-fixtures.js';
import { createYouTube } from './adapter.js';
import { createYouTubeFake, type YouTubeFake, type YouTubeFakeOptions } from './fake/index.js';
import { YOUTUBE_TAGS_TOTAL_MAX, youTubeTagsLength } from './limits.js';
import { msUntilPacificMidnight } from './quota-reset.js';
import { videoPost, youTubeTestMedia } from './test-fixtures.js';

const { small } = youTubeTestMedia();
const media = memoryMediaAccess([small]);
const AUTH = 'https://www.googleapis.com/auth/';

let fake: YouTubeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: YouTubeFakeOptions = {}, scopes?: string[]) {
  fake = await createYouTubeFake(options);
  const adapter = createYouTube({
    ...fake.adapterOptions(),
    chunkSizeBytes: 256 * 1024,
    ...(scopes ? { scopes } : {}),
  });
  return { fake, adapter };
}

/** `count` tags of nine letters each. */
const nineLetterTags = (count: number) =>
  Array.from({ length: count }, (_, i) => `tag${String(i).padStart(6, '0')}`);

describe('youtube tag budget', () => {
  const adapter = createYouTube({ clientId: 'id', clientSecret: 'secret' });
  const tagIssues = (tags: string[]) =>
    adapter.validate(videoPost(small, 'Title\nBody', { tags })).filter((i) => i.path === 'options.tags');

  it('counts the commas between tags, as YouTube does', () => {
    // 50 × 9 + 49 commas = 499; 51 × 9 + 50 commas = 509 (459 without the commas).
    expect(youTubeTagsLength(nineLetterTags(50))).toBe(499);
    expect(tagIssues(nineLetterTags(50))).toEqual([]);
    expect(tagIssues(nineLetterTags(51))).toEqual([
      expect.objectContaining({ limit: YOUTUBE_TAGS_TOTAL_MAX, actual: 509 }),
    ]);
  });

  it('counts the quotes around a tag with a space: Foo-Baz is 7, Foo Baz is 9', () => {
    expect(youTubeTagsLength(['Foo-Baz'])).toBe(7);
    expect(youTubeTagsLength(['Foo Baz'])).toBe(9);
    expect(youTubeTagsLength(['Foo-Baz', 'Foo Baz'])).toBe(17);
    expect(youTubeTagsLength([])).toBe(0);
  });
});

describe('youtube fake refuses what YouTube refuses', () => {
  const bearer = (scopes: string[]) =>
    `Bearer ${fake?.oauth.issue(scopes.map((s) => `${AUTH}${s}`).join(' ')).access_token}`;
  const startSession = (authorization: string, snippet: Record<string, unknown> = { title: 'T' }) =>
    fetch(`${fake?.server.url}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`, {
      method: 'POST',
      headers: {
        authorization,
        'content-type': 'application/json',
        'x-upload-content-length': '100',
        'x-upload-content-type': 'video/mp4',
      },
      body: JSON.stringify({ snippet, status: { privacyStatus: 'private' } }),
    });

  it('answers a token without any scope a method accepts with 403 insufficientPermissions', async () => {
    await setup();
    const uploadOnly = bearer(['youtube.upload']);
    const channels = await fetch(`${fake?.server.url}/youtube/v3/channels?part=snippet&mine=true`, {
      headers: { authorization: uploadOnly },
    });
    expect(channels.status).toBe(403);
    const body = (await channels.json()) as { error: { errors: { reason: string }[]; status: string } };
    expect(body.error.errors[0]?.reason).toBe('insufficientPermissions');
    expect(body.error.status).toBe('PERMISSION_DENIED');
    expect(channels.headers.get('www-authenticate')).toContain('insufficient_scope');
    expect((await startSession(uploadOnly)).status).toBe(200);

    const readOnly = bearer(['youtube.readonly']);
    expect((await startSession(readOnly)).status).toBe(403);
    const deletion = await fetch(`${fake?.server.url}/youtube/v3/videos?id=x`, {
      method: 'DELETE',
      headers: { authorization: readOnly },
    });
    expect(deletion.status).toBe(403);
  });

  it('refuses tags over 500 characters counted with commas', async () => {
    await setup();
    const answer = await startSession(bearer(['youtube.upload']), { title: 'T', tags: nineLetterTags(51) });
    expect(answer.status).toBe(400);
    expect(
      ((await answer.json()) as { error: { errors: { reason: string }[] } }).error.errors[0]?.reason,
    ).toBe('invalidTags');
    expect(
      (await startSession(bearer(['youtube.upload']), { title: 'T', tags: nineLetterTags(50) })).status,
    ).toBe(200);
  });

  it('cannot connect without a scope channels.list accepts', async () => {
    const { adapter } = await setup({}, [`${AUTH}youtube.upload`]);
    const error = await connectThroughAuth(adapter, { redirectUri: 'https://app.example.test/cb' }).catch(
      (e: unknown) => e,
    );
    expect(NeedsReconnectError.isInstance(error), String(error)).toBe(true);
  });

  it('spends the daily videos.insert bucket; past it, quotaExceeded waits until midnight Pacific for the app', async () => {
    const { adapter } = await setup({ dailyQuota: { videosInsert: 1 } });
    const connected = await connectThroughAuth(adapter, { redirectUri: 'https://app.example.test/cb' });
    const request = (): PublishRequest => ({
      ...connected,
      media,
      content: videoPost(small, 'Quota\nBody', { privacyStatus: 'private' }),
      idempotencyKey: crypto.randomUUID(),
    });
    await adapter.publish(request());
    const error = await adapter.publish(request()).catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(error), String(error)).toBe(true);
    expect((error as RateLimitedError).scope).toBe('app');
    expect((error as RateLimitedError).platformCode).toBe('quotaExceeded');
    const untilMidnight = msUntilPacificMidnight(Date.now());
    expect(Math.abs(((error as RateLimitedError).retryAfterMs ?? 0) - untilMidnight)).toBeLessThan(60_000);
  });

  it('spends units at each method’s cost: videos.delete costs 50', async () => {
    const { adapter } = await setup({ dailyQuota: { units: 60 } });
    const connected = await connectThroughAuth(adapter, { redirectUri: 'https://app.example.test/cb' });
    const published = await adapter.publish({
      ...connected,
      media,
      content: videoPost(small, 'Delete me\nBody', { privacyStatus: 'private' }),
      idempotencyKey: crypto.randomUUID(),
    });
    // channels.list at connect (1) + one delete (50) fit in 60; a second delete does not.
    await adapter.delete({ ...connected, externalId: published.externalId });
    const error = await adapter.delete({ ...connected, externalId: 'another' }).catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(error), String(error)).toBe(true);
  });
});
