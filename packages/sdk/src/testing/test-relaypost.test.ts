import { ConfigurationError, type CreatePostInput, RelayPostError, ValidationError } from '@relaypost/core';
import { createBluesky } from '@relaypost/platforms';
import { type BlueskyFake, createBlueskyFake, makePng } from '@relaypost/platforms/testing';
import type { CaptionRequest } from '@relaypost/workflows';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RelayPost } from '../interface.js';
import { createTestRelayPost, type TestRelayPost, type TestRelayPostOptions } from './index.js';

/**
 * What only the double has: its clock, and the steps the test takes with it. (That it answers as
 * the real SDK does is `test/testing-double.test.ts`, which runs both.)
 */

const LOGIN = { identifier: 'alice.test', password: 'app-pass-word-1234' };
const START = Date.parse('2030-01-01T09:00:00.000Z');
const at = (minutes: number) => new Date(START + minutes * 60_000).toISOString();

let fake: BlueskyFake;
beforeAll(async () => {
  fake = await createBlueskyFake(LOGIN);
});
afterAll(() => fake?.close());

let rp: TestRelayPost;
let workspaceId: string;
let accountId: string;
const captionRequests: CaptionRequest[] = [];

async function start(options: Partial<TestRelayPostOptions> = {}) {
  rp = createTestRelayPost({
    adapters: { bluesky: createBluesky(fake.adapterOptions()) },
    now: START,
    captions: (request) => {
      captionRequests.push(request);
      return { model: 'test-model', captions: { bluesky: `Caption: ${request.brief}` } };
    },
    ...options,
  });
  workspaceId = (
    await rp.workspaces.create({
      name: 'Acme',
      timeZone: 'UTC',
      ai: { anthropicApiKey: 'sk-ant-test-key' },
    })
  ).id;
  accountId = (await rp.accounts.connectWithPassword({ workspaceId, platform: 'bluesky', ...LOGIN })).id;
}
beforeEach(async () => {
  captionRequests.length = 0;
  await start();
});

const post = (overrides: Partial<CreatePostInput> = {}) =>
  rp.posts.create(workspaceId, {
    content: { text: 'Hello from the double' },
    targets: [{ accountId }],
    publishAt: { at: at(60), timeZone: 'UTC' },
    ...overrides,
  });
const statusOf = async (postId: string) => (await rp.posts.get(workspaceId, postId)).status;
const landed = (text: string) =>
  fake.records().filter((r) => (r.value as { text?: string }).text === text).length;

describe('the double as a RelayPost', () => {
  it('is one, for the compiler and at run time', () => {
    const asInterface: RelayPost = rp;
    expect(Object.keys(asInterface).sort()).toEqual(
      ['accounts', 'analytics', 'close', 'media', 'platforms', 'posts', 'testing', 'workspaces'].sort(),
    );
    expect(rp.platforms().map((p) => [p.platform, p.auth])).toEqual([['bluesky', 'password']]);
  });

  it('refuses every call once closed, the test controls too', async () => {
    const created = await post();
    await rp.close();
    for (const call of [
      () => rp.posts.get(workspaceId, created.id),
      () => rp.testing.publishDue(),
      () => rp.testing.approve(workspaceId, created.id),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
    }
  });
});

describe('time', () => {
  it('stands still until the test moves it, then publishes in time order', async () => {
    const later = await post({
      content: { text: 'second, at 11:00' },
      publishAt: { at: at(120), timeZone: 'UTC' },
    });
    const sooner = await post({ content: { text: 'first, at 10:00' } });
    expect(await rp.testing.publishDue()).toEqual([]);
    expect(await statusOf(sooner.id)).toBe('scheduled');

    const ended = await rp.testing.advanceTo(at(90));
    expect(ended.map((p) => [p.id, p.status])).toEqual([[sooner.id, 'published']]);
    expect(rp.testing.now().toISOString()).toBe(at(90));
    expect(landed('first, at 10:00')).toBe(1);
    expect(await statusOf(later.id)).toBe('scheduled');

    expect((await rp.testing.advanceBy(30 * 60_000)).map((p) => p.id)).toEqual([later.id]);
    expect(landed('second, at 11:00')).toBe(1);
  });

  it('never goes back, and past times are judged by it, not by the machine', async () => {
    const error = await rp.testing.advanceTo(at(-1)).catch((e: unknown) => e);
    expect(ValidationError.isInstance(error) && error.issues[0]?.path).toBe('at');
    // An hour before the clock is in the past, though the machine's time is years before it.
    const past = await post({ publishAt: { at: at(-60), timeZone: 'UTC' } }).catch((e: unknown) => e);
    expect(ValidationError.isInstance(past) && past.issues[0]).toMatchObject({ path: 'publishAt.at' });
  });

  it('publishes a post told to publish now, or without a time, at the next step it is given', async () => {
    const now = await post({ content: { text: 'right now' } });
    await rp.posts.publishNow(workspaceId, now.id);
    const whenever = await post({ content: { text: 'no time' }, publishAt: undefined });
    expect(await statusOf(now.id)).toBe('scheduled');
    expect((await rp.testing.publishDue()).map((p) => p.id).sort()).toEqual([now.id, whenever.id].sort());
    expect(landed('right now') + landed('no time')).toBe(2);
  });

  it('waits for a result as the real one does: a post due now is published, a later one when the clock gets there', async () => {
    const due = await post({ content: { text: 'awaited now' } });
    await rp.posts.publishNow(workspaceId, due.id);
    expect((await rp.posts.waitForResult(workspaceId, due.id)).status).toBe('published');

    const later = await post({ content: { text: 'awaited later' } });
    let result: string | null = null;
    const waiting = rp.posts.waitForResult(workspaceId, later.id).then((p) => (result = p.status));
    await rp.testing.advanceBy(59 * 60_000);
    expect(result).toBeNull();
    await rp.testing.advanceBy(60_000);
    await waiting;
    expect(result).toBe('published');
  });
});

describe('approval', () => {
  it('ends a post at its deadline: rejected, or approved and published when the policy says so', async () => {
    const expires = await post({ approval: { mode: 'required', deadline: at(30) } });
    const approves = await post({
      content: { text: 'approved by the deadline' },
      approval: { mode: 'required', deadline: at(30), onDeadline: 'approve' },
    });
    expect(await statusOf(expires.id)).toBe('awaiting_approval');
    const ended = await rp.testing.advanceTo(at(30));
    expect(ended.map((p) => [p.id, p.status])).toEqual([[expires.id, 'rejected']]);
    expect((await rp.posts.history(workspaceId, expires.id)).at(-1)?.data).toMatchObject({
      to: 'rejected',
      reason: 'approval deadline passed',
    });
    expect(await rp.posts.get(workspaceId, approves.id)).toMatchObject({
      status: 'scheduled',
      live: { approved: true, approvedBy: { kind: 'workflow' } },
    });
    await rp.testing.advanceTo(at(60));
    expect(landed('approved by the deadline')).toBe(1);
  });

  it('asks again after an edit when the policy re-approves edits', async () => {
    const held = await post({ approval: { mode: 'required' } });
    await rp.testing.approve(workspaceId, held.id, { userId: 99, name: 'Grace' });
    const edited = await rp.posts.edit(workspaceId, held.id, { content: { text: 'changed after approval' } });
    expect(edited.live).toMatchObject({ status: 'awaiting_approval', approved: false });
    const approved = await rp.testing.approve(workspaceId, held.id);
    expect(approved.live).toMatchObject({
      status: 'scheduled',
      approved: true,
      approvedBy: { kind: 'telegram', id: '1' },
    });
  });
});

describe('captions', () => {
  it('writes the caption the post asks for with the test caption function, and a new one on request', async () => {
    const created = await post({ caption: { brief: 'spring sale', apply: true } });
    const stored = await rp.posts.get(workspaceId, created.id);
    expect(stored).toMatchObject({ status: 'scheduled', content: { text: 'Caption: spring sale' } });
    expect(captionRequests[0]).toMatchObject({
      brief: 'spring sale',
      limits: [{ platform: 'bluesky', maxLength: 300 }],
    });
    expect(captionRequests[0]?.apiKey.reveal()).toBe('sk-ant-test-key');

    const again = await rp.posts.regenerateCaption(workspaceId, created.id, 'summer sale');
    expect(again.content.text).toBe('Caption: summer sale');
    expect((await rp.posts.history(workspaceId, created.id)).map((e) => e.type)).toContain(
      'post.caption_generated',
    );
  });

  it('leaves a post in draft with the reason when no caption can be written, until a new caption', async () => {
    await start({ captions: undefined });
    const created = await post({ caption: { brief: 'spring sale', apply: true } });
    const stuck = await rp.posts.get(workspaceId, created.id);
    expect(stuck).toMatchObject({ status: 'draft', problem: { kind: 'caption_failed' } });
    expect(stuck.problem?.message).toMatch(/AI captions are not enabled/);
    const refused = await rp.testing.regenerateCaption(workspaceId, created.id).catch((e: unknown) => e);
    expect(ConfigurationError.isInstance(refused)).toBe(true);
    await rp.posts.cancel(workspaceId, created.id);
    expect((await rp.posts.waitForResult(workspaceId, created.id)).status).toBe('cancelled');
  });
});

describe('publishing', () => {
  it('publishes media uploaded to its memory media store', async () => {
    const image = await rp.media.upload({ workspaceId, data: makePng(16, 16), altText: 'a square' });
    const created = await post({ content: { text: 'with a picture', mediaIds: [image.id] } });
    const [done] = await rp.testing.advanceTo(at(60));
    expect(done).toMatchObject({ id: created.id, status: 'published' });
    const record = fake.records().find((r) => (r.value as { text?: string }).text === 'with a picture');
    expect(record?.value).toMatchObject({ embed: { images: [{ alt: 'a square' }] } });
  });

  it('records what the platform said when it refused: no retries, the kind of the failure', async () => {
    const refused = await post({ content: { text: 'refused by the platform' } });
    fake.failNextPublish({ kind: 'validation', message: 'Record is invalid' });
    const [done] = await rp.testing.advanceTo(at(60));
    expect(done).toMatchObject({ id: refused.id, status: 'failed' });
    expect(done?.targets[0]?.result.error?.kind).toBe('content_rejected');

    const throttled = await post({
      content: { text: 'rate limited' },
      publishAt: { at: at(61), timeZone: 'UTC' },
    });
    fake.failNextPublish({ kind: 'rate_limit', retryAfterSeconds: 5 });
    const [limited] = await rp.testing.advanceTo(at(61));
    expect(limited).toMatchObject({ id: throttled.id, status: 'failed' });
    expect(limited?.targets[0]?.result.error?.kind).toBe('rate_limited');
    expect(RelayPostError.isInstance(await rp.posts.cancel(workspaceId, throttled.id).catch((e) => e))).toBe(
      true,
    );
  });
});

describe('accounts and workspaces', () => {
  it('cancels a post whose only account was disconnected, and stops the posts of an erased workspace', async () => {
    const orphaned = await post({ content: { text: 'its account goes' } });
    expect(await rp.accounts.disconnect(workspaceId, accountId)).toEqual({ affectedPostIds: [orphaned.id] });
    const ended = await rp.posts.get(workspaceId, orphaned.id);
    expect(ended).toMatchObject({ status: 'cancelled', live: { status: 'cancelled' } });
    expect((await rp.posts.history(workspaceId, ended.id)).at(-1)?.data).toMatchObject({
      reason: 'every target was cancelled',
    });

    await start();
    await post({ content: { text: 'erased before its time' } });
    expect(await rp.workspaces.erase(workspaceId)).toEqual({ stoppedWorkflows: 1 });
    expect(await rp.testing.advanceTo(at(60))).toEqual([]);
    expect(landed('erased before its time')).toBe(0);
  });
});
