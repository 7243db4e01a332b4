import type { RelayPostStore } from '@relaypost/core';
import { createTimeSkippingEnv } from '@relaypost/devkit/temporal-testing';
import { createYouTube } from '@relaypost/platforms';
import { createYouTubeFake, makeFakeVideo, testMedia } from '@relaypost/platforms/testing';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicCaptionService } from '../src/caption/anthropic.js';
import { LIFECYCLE_TASK_QUEUE, postWorkflowId } from '../src/names.js';
import { type AnthropicFake, createAnthropicFake } from '../src/testing/anthropic-fake.js';
import {
  approveUpdate,
  cancelUpdate,
  editUpdate,
  publishNowUpdate,
  regenerateCaptionUpdate,
  rejectUpdate,
  rescheduleUpdate,
  stateQuery,
} from '../src/workflows/definitions.js';
import { postLifecycle } from '../src/workflows/post-lifecycle.js';
import { connectAccount, createHarness, type Harness, type PlatformUnderTest } from './harness.js';
import { recordHistory } from './histories.js';

const video = testMedia(makeFakeVideo(50_000), { mimeType: 'video/mp4', durationMs: 4000 });
const API = { kind: 'api' as const };

describe('post life cycle (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let youtube: PlatformUnderTest;
  let harness: Harness;
  let anthropic: AnthropicFake;
  let store: RelayPostStore;
  let workspaceId: string;
  let accountId: string;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    const fake = await createYouTubeFake();
    youtube = {
      platform: 'youtube',
      fake,
      adapter: createYouTube({ ...fake.adapterOptions(), chunkSizeBytes: 256 * 1024 }),
    };
    anthropic = await createAnthropicFake();
    harness = await createHarness({
      env,
      platforms: [youtube],
      mediaItems: [video],
      deps: { captions: createAnthropicCaptionService({ baseURL: anthropic.url }) },
    });
    store = harness.store;
    workspaceId = (await store.workspaces.create({ name: 'Acme', timeZone: 'Europe/Berlin' })).id;
    accountId = (await connectAccount(store, workspaceId, youtube)).id;
    const { id, mimeType, sizeBytes, checksumSha256, storageKey, durationMs } = video.asset;
    await store.media.add(workspaceId, {
      id,
      mimeType,
      sizeBytes,
      checksumSha256,
      storageKey,
      ...(durationMs !== null ? { durationMs } : {}),
    });
  });
  afterAll(async () => {
    await anthropic?.close();
    await youtube?.fake.close();
    await env?.teardown();
  });
  beforeEach(() => youtube.fake.server.clearFaults());

  async function createPost(
    overrides: {
      publishInMs?: number | null;
      approval?: Record<string, unknown>;
      title?: string;
      caption?: { brief: string };
    } = {},
  ) {
    const now = await env.currentTimeMs();
    const { post } = await store.posts.create(workspaceId, {
      content: { text: `Launch ${crypto.randomUUID().slice(0, 8)}`, mediaIds: [video.asset.id] },
      targets: [
        { accountId, options: { title: overrides.title ?? 'Launch video', privacyStatus: 'unlisted' } },
      ],
      ...(overrides.publishInMs === null
        ? {}
        : {
            publishAt: {
              at: new Date(now + (overrides.publishInMs ?? 3_600_000)).toISOString(),
              timeZone: 'Europe/Berlin',
            },
          }),
      ...(overrides.approval ? { approval: overrides.approval as never } : {}),
      ...(overrides.caption ? { caption: overrides.caption } : {}),
    });
    const handle = await env.client.workflow.start(postLifecycle, {
      taskQueue: LIFECYCLE_TASK_QUEUE,
      workflowId: postWorkflowId(workspaceId, post.id),
      args: [{ workspaceId, postId: post.id }],
    });
    return { post, handle };
  }

  async function publishActivityScheduledAt(workflowId: string): Promise<number> {
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const scheduled = history.events?.find(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'publishTarget',
    );
    expect(scheduled).toBeDefined();
    const time = scheduled!.eventTime!;
    return Number(time.seconds) * 1000 + Math.floor((time.nanos ?? 0) / 1e6);
  }

  it('publishes on the scheduled instant and records every transition', async () => {
    const { post, handle } = await createPost({ publishInMs: 3_600_000 });
    const { result, live } = await harness.run(async () => ({
      result: await handle.result(),
      live: await handle.query(stateQuery),
    }));
    expect(result.status).toBe('published');
    expect(result.targets).toHaveLength(1);
    // The live state agrees with the store.
    expect(Object.values(live!.targets).map((t) => t.status)).toEqual(['published']);
    expect(await publishActivityScheduledAt(handle.workflowId)).toBeGreaterThanOrEqual(
      Date.parse(post.publishAt!.at),
    );
    const stored = await store.posts.get(workspaceId, post.id);
    expect(stored.status).toBe('published');
    expect(stored.targets[0]?.status).toBe('published');
    expect(stored.targets[0]?.result.externalId).toBe(result.targets[0]?.externalId);
    const events = await store.history.list(workspaceId, { postId: post.id });
    const transitions = events
      .filter((e) => e.type === 'post.status_changed')
      .map((e) => `${e.data.from}->${e.data.to}`);
    expect(transitions).toEqual(['draft->scheduled', 'scheduled->publishing', 'publishing->published']);
    expect(events.some((e) => e.type === 'target.published')).toBe(true);
    await recordHistory(handle, 'scheduled-publish');
  });

  it('moves the timer on reschedule and refuses a time in the past without writing anything', async () => {
    const { post, handle } = await createPost({ publishInMs: 3_600_000 });
    await harness.run(async () => {
      await waitFor(async () => (await handle.query(stateQuery))?.status === 'scheduled');
      const later = new Date((await env.currentTimeMs()) + 5 * 3_600_000).toISOString();
      const before = await store.history.list(workspaceId, { postId: post.id });
      await expect(
        handle.executeUpdate(rescheduleUpdate, {
          args: [{ actor: API, at: new Date((await env.currentTimeMs()) - 60_000).toISOString() }],
        }),
      ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      expect(await store.history.list(workspaceId, { postId: post.id })).toEqual(before);
      const state = await handle.executeUpdate(rescheduleUpdate, { args: [{ actor: API, at: later }] });
      expect(state.publishAt).toBe(later);
      await handle.result();
      expect(await publishActivityScheduledAt(handle.workflowId)).toBeGreaterThanOrEqual(Date.parse(later));
      await recordHistory(handle, 'reschedule');
    });
    expect((await store.posts.get(workspaceId, post.id)).publishAt?.at).toBeDefined();
  });

  it('publishes at once on publish now', async () => {
    const { handle } = await createPost({ publishInMs: 7 * 86_400_000 });
    await harness.run(async () => {
      await waitFor(async () => (await handle.query(stateQuery))?.status === 'scheduled');
      const started = await env.currentTimeMs();
      await handle.executeUpdate(publishNowUpdate, { args: [{ actor: API }] });
      const result = await handle.result();
      expect(result.status).toBe('published');
      expect(await publishActivityScheduledAt(handle.workflowId)).toBeLessThan(started + 86_400_000);
    });
  });

  it('keeps a post whose caption failed in draft with the reason, and goes on after a new caption', async () => {
    const before = youtube.fake.posts().length;
    const { post, handle } = await createPost({ caption: { brief: 'launch' } });
    const result = await harness.run(async () => {
      // The workspace has no Anthropic key yet: the caption fails for good, the post waits.
      await waitFor(async () => (await store.posts.get(workspaceId, post.id)).problem !== null);
      const waiting = await store.posts.get(workspaceId, post.id);
      expect(waiting.status).toBe('draft');
      expect(waiting.problem).toMatchObject({
        kind: 'caption_failed',
        message: expect.stringContaining('no Anthropic API key'),
      });
      expect(waiting.targets[0]?.status).toBe('pending');
      expect((await handle.query(stateQuery))?.status).toBe('draft');
      // Fixed: a key, then a new caption; the post goes on to its timer and publishes.
      await store.workspaces.update(workspaceId, { ai: { anthropicApiKey: 'sk-ant-test-key' } });
      await handle.executeUpdate(regenerateCaptionUpdate, { args: [{ actor: API }] });
      const done = await handle.result();
      await recordHistory(handle, 'caption-failed-then-written');
      return done;
    });
    expect(result.status).toBe('published');
    expect(youtube.fake.posts().length).toBe(before + 1);
    const stored = await store.posts.get(workspaceId, post.id);
    expect(stored.problem).toBeNull();
    const events = await store.history.list(workspaceId, { postId: post.id });
    expect(events.find((e) => e.data.to === 'draft' && e.data.from === 'captioning')?.data).toMatchObject({
      reason: expect.stringContaining('no Anthropic API key'),
    });
    expect(events.some((e) => e.type === 'post.caption_generated')).toBe(true);
    await store.workspaces.update(workspaceId, { ai: null });
  });

  it('cancels without publishing', async () => {
    const before = youtube.fake.posts().length;
    const { post, handle } = await createPost();
    await harness.run(async () => {
      await waitFor(async () => (await handle.query(stateQuery))?.status === 'scheduled');
      await handle.executeUpdate(cancelUpdate, { args: [{ actor: API, reason: 'changed our minds' }] });
      expect((await handle.result()).status).toBe('cancelled');
      await recordHistory(handle, 'cancel');
    });
    expect(youtube.fake.posts().length).toBe(before);
    expect((await store.posts.get(workspaceId, post.id)).status).toBe('cancelled');
  });

  it('waits for approval, then publishes; a rejection ends the post', async () => {
    const approved = await createPost({ approval: { mode: 'required' } });
    const rejected = await createPost({ approval: { mode: 'required' } });
    await harness.run(async () => {
      await expect(
        approved.handle.executeUpdate(publishNowUpdate, { args: [{ actor: API }] }),
      ).resolves.toBeDefined();
      await waitFor(async () => (await approved.handle.query(stateQuery))?.status === 'awaiting_approval');
      await waitFor(async () => (await rejected.handle.query(stateQuery))?.status === 'awaiting_approval');
      // Rejected first, polled rather than awaited: awaiting a result lets the test server skip
      // time, which would run the other post into its approval deadline.
      await rejected.handle.executeUpdate(rejectUpdate, { args: [{ actor: API, reason: 'off brand' }] });
      await waitFor(async () => (await rejected.handle.query(stateQuery))?.status === 'rejected');
      // The time-skipping test server at times loses track of an update whose workflow moves on
      // at once ("update ... not found"); whether the approval landed is checked below, in the
      // result and in the history.
      await approved.handle
        .executeUpdate(approveUpdate, { args: [{ actor: { kind: 'user', id: 'u1', name: 'Ada' } }] })
        .catch((error: unknown) => {
          if (!(error instanceof WorkflowNotFoundError && /update .* not found/.test(error.message)))
            throw error;
        });
      expect((await approved.handle.result()).status).toBe('published');
      await recordHistory(approved.handle, 'approve-publish-now');
      await recordHistory(rejected.handle, 'reject');
    });
    const events = await store.history.list(workspaceId, { postId: approved.post.id });
    expect(events.find((e) => e.type === 'post.approved')?.actor).toMatchObject({ kind: 'user', id: 'u1' });
    const rejectedEvents = await store.history.list(workspaceId, { postId: rejected.post.id });
    expect(rejectedEvents.find((e) => e.type === 'post.rejected')?.data).toMatchObject({
      reason: 'off brand',
    });
  });

  it('applies the deadline policy: expire, or approve automatically', async () => {
    const expiring = await createPost({
      publishInMs: 2 * 3_600_000,
      approval: { mode: 'required', onDeadline: 'expire' },
    });
    const auto = await createPost({
      publishInMs: 2 * 3_600_000,
      approval: { mode: 'required', onDeadline: 'approve' },
    });
    await harness.run(async () => {
      expect((await expiring.handle.result()).status).toBe('rejected');
      expect((await auto.handle.result()).status).toBe('published');
      await recordHistory(expiring.handle, 'deadline-expire');
      await recordHistory(auto.handle, 'deadline-auto-approve');
    });
    const events = await store.history.list(workspaceId, { postId: expiring.post.id });
    expect(events.at(-1)?.data).toMatchObject({ to: 'rejected', reason: 'approval deadline passed' });
  });

  it('refuses an invalid edit without writing it, and sends an edited approved post back for approval', async () => {
    const { post, handle } = await createPost({ approval: { mode: 'required', reapproveOnEdit: true } });
    await harness.run(async () => {
      await waitFor(async () => (await handle.query(stateQuery))?.status === 'awaiting_approval');
      await handle.executeUpdate(approveUpdate, { args: [{ actor: API }] });
      await waitFor(async () => (await handle.query(stateQuery))?.status === 'scheduled');
      const stored = await store.posts.get(workspaceId, post.id);
      const workflowVersion = (await handle.query(stateQuery))?.version;
      await expect(
        handle.executeUpdate(editUpdate, {
          args: [{ actor: API, targets: [{ accountId, options: { title: 'x'.repeat(101) } }] }],
        }),
      ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      // Nothing written: the stored post and the workflow's version are both unchanged.
      expect(await store.posts.get(workspaceId, post.id)).toEqual(stored);
      expect((await handle.query(stateQuery))?.version).toBe(workflowVersion);
      const state = await handle.executeUpdate(editUpdate, {
        args: [{ actor: API, content: { text: 'A better description' } }],
      });
      expect(state.approved).toBe(false);
      await waitFor(async () => (await handle.query(stateQuery))?.status === 'awaiting_approval');
      await handle.executeUpdate(approveUpdate, { args: [{ actor: API }] });
      expect((await handle.result()).status).toBe('published');
      await recordHistory(handle, 'edit-reapprove');
    });
    expect((await store.posts.get(workspaceId, post.id)).content.text).toBe('A better description');
  });

  it("retries after the platform's Retry-After and publishes once", async () => {
    youtube.fake.failNextPublish({ kind: 'rate_limit', retryAfterSeconds: 600 });
    const { handle } = await createPost({ publishInMs: null });
    const start = await env.currentTimeMs();
    await harness.run(async () => {
      expect((await handle.result()).status).toBe('published');
      await recordHistory(handle, 'rate-limit-retry');
    });
    expect((await env.currentTimeMs()) - start).toBeGreaterThanOrEqual(600_000);
  });

  it('fails the target when the platform rejects the content', async () => {
    youtube.fake.failNextPublish({ kind: 'validation', message: 'bad video' });
    const { post, handle } = await createPost({ publishInMs: null });
    await harness.run(async () => {
      expect((await handle.result()).status).toBe('failed');
      await recordHistory(handle, 'content-rejected');
    });
    const target = (await store.posts.get(workspaceId, post.id)).targets[0];
    expect(target?.status).toBe('failed');
    expect(target?.result.error?.kind).toBe('content_rejected');
  });

  it('reconciles a dropped connection after the post landed: published exactly once', async () => {
    const before = youtube.fake.posts().length;
    youtube.fake.failNextPublish({ kind: 'drop_after_apply' });
    const { handle } = await createPost({ publishInMs: null });
    await harness.run(async () => {
      expect((await handle.result()).status).toBe('published');
    });
    expect(youtube.fake.posts().length).toBe(before + 1);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    // A query fails until the workflow has loaded its plan and registered its handlers.
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
}
