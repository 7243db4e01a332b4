import { randomUUID } from 'node:crypto';
import {
  type MetricsRequest,
  NotFoundError,
  type PlatformAdapter,
  type PlatformId,
  type PostMetrics,
  type TargetStatus,
} from '@relaypost/core';
import { createBluesky } from '@relaypost/platforms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connectX } from './support/oauth.js';
import { BLUESKY_LOGIN, type Stack, startStack } from './support/stack.js';

/** What the metrics adapter was asked for. */
const metricsAsked: MetricsRequest[] = [];

/**
 * A small adapter for a platform the tests publish nothing to: it answers `getMetrics` (when
 * given one) and refuses everything else.
 */
function smallAdapter(
  platform: PlatformId,
  getMetrics?: (request: MetricsRequest) => Promise<PostMetrics>,
): PlatformAdapter {
  const unused = () => Promise.reject(new Error(`${platform} is not used that way in this test`));
  const { capabilities, auth } = createBluesky();
  return {
    specificationVersion: 'v1',
    platform,
    displayName: platform,
    capabilities,
    optionsSchema: z.object({}),
    auth,
    validate: () => [],
    publish: unused,
    findPublished: unused,
    delete: unused,
    ...(getMetrics ? { getMetrics } : {}),
  };
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    extraAdapters: {
      threads: smallAdapter('threads', async (request) => {
        metricsAsked.push(request);
        return {
          values: { likes: 12, replies: 3 },
          raw: { like_count: 12 },
          measuredAt: '2026-12-01T10:00:00.000Z',
        };
      }),
      reddit: smallAdapter('reddit'),
    },
  });
}, 120_000);
afterAll(() => stack?.stop());

async function connectBoth(workspaceId: string) {
  const bluesky = await stack.relaypost.accounts.connectWithPassword({
    workspaceId,
    platform: 'bluesky',
    ...BLUESKY_LOGIN,
  });
  const x = await connectX(stack.relaypost, workspaceId);
  return { bluesky, x };
}

describe('analytics', () => {
  it('counts outcomes, success rates and lateness of posts that really ran', async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Analytics live' });
    const { bluesky, x } = await connectBoth(ws.id);
    const soon = { at: new Date(Date.now() + 1_500).toISOString(), timeZone: 'UTC' };
    const onTime = await relaypost.posts.create(ws.id, {
      content: { text: 'on time everywhere' },
      targets: [{ accountId: bluesky.id }, { accountId: x.id }],
      publishAt: soon,
    });
    const published = await relaypost.posts.waitForResult(ws.id, onTime.id);
    expect(published.status).toBe('published');

    // X refuses the next post's content for good: its target fails.
    stack.x.failNextPublish({ kind: 'validation', message: 'This text is not allowed' });
    const refused = await relaypost.posts.create(ws.id, {
      content: { text: 'refused by X' },
      targets: [{ accountId: x.id }],
      publishAt: { at: new Date(Date.now() + 3_600_000).toISOString(), timeZone: 'UTC' },
    });
    // An update sent before the workflow has loaded the post waits for it.
    await relaypost.posts.publishNow(ws.id, refused.id);
    const failed = await relaypost.posts.waitForResult(ws.id, refused.id);
    expect(failed.status).toBe('failed');
    expect(failed.targets[0]?.result.error?.kind).toBe('content_rejected');

    const summary = await relaypost.analytics.summary(ws.id, {
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 2 * 3_600_000).toISOString(),
    });
    expect(summary.posts).toBe(2);
    const byPlatform = Object.fromEntries(summary.byPlatform.map((s) => [s.platform, s]));
    expect(byPlatform.bluesky).toMatchObject({ published: 1, failed: 0, uncertain: 0, successRate: 1 });
    expect(byPlatform.x).toMatchObject({ published: 1, failed: 1, uncertain: 0, successRate: 0.5 });
    // Lateness is the platform's receipt minus the scheduled time, as stored on each target.
    for (const target of published.targets) {
      const lateness = Date.parse(target.result.publishedAt ?? '') - Date.parse(soon.at);
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(byPlatform[target.platform]?.latenessMs).toEqual({
        p50: lateness,
        p99: lateness,
        max: lateness,
      });
    }
    const publishedDay = published.targets[0]!.result.publishedAt!.slice(0, 10);
    expect(summary.daily).toContainEqual({ day: publishedDay, platform: 'bluesky', published: 1, failed: 0 });

    await expect(relaypost.analytics.targetMetrics(ws.id, randomUUID(), randomUUID())).rejects.toSatisfy(
      (error: unknown) => NotFoundError.isInstance(error),
    );
  });

  it('aggregates per platform, period and day with nearest-rank lateness quantiles', async () => {
    const { relaypost, store } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Analytics math' });
    const { bluesky, x } = await connectBoth(ws.id);
    const base = Date.parse('2026-03-10T00:00:00.000Z');
    const hour = 3_600_000;

    /** A post written straight to the store (no workflow) whose only target ended as `status`. */
    const finished = async (
      accountId: string,
      publishAt: number,
      status: TargetStatus,
      publishedAt?: number,
    ) => {
      const { post } = await store.posts.create(ws.id, {
        content: { text: 'history' },
        targets: [{ accountId }],
        publishAt: { at: new Date(publishAt).toISOString(), timeZone: 'UTC' },
      });
      const target = post.targets[0]!;
      await store.posts.setTargetStatus(ws.id, post.id, target.id, status, {
        ...(publishedAt !== undefined ? { publishedAt: new Date(publishedAt).toISOString() } : {}),
        ...(status === 'published' ? { externalId: `ext-${post.id}`, url: 'https://example.com/p' } : {}),
        ...(status === 'failed' ? { error: { kind: 'content_rejected', message: 'no' } } : {}),
      });
      return post;
    };

    // Bluesky: 20 posts two hours apart (12 on March 10, 8 on March 11), i+1 seconds late.
    for (let i = 0; i < 20; i++) {
      const at = base + i * 2 * hour;
      await finished(bluesky.id, at, 'published', at + (i + 1) * 1000);
    }
    // X: published early (lateness counts as 0), two failed, one uncertain, one cancelled.
    await finished(x.id, base + hour, 'published', base + hour - 5_000);
    await finished(x.id, base + 2 * hour, 'failed');
    await finished(x.id, base + 3 * hour, 'failed');
    await finished(x.id, base + 4 * hour, 'uncertain');
    await finished(x.id, base + 5 * hour, 'cancelled');
    // Still pending: counted as a post, not as an outcome.
    await finished(x.id, base + 6 * hour, 'pending');
    // Outside the period on both sides.
    await finished(bluesky.id, base - 1, 'published', base + 10);
    await finished(bluesky.id, base + 2 * 24 * hour, 'failed');

    const summary = await relaypost.analytics.summary(ws.id, {
      from: new Date(base).toISOString(),
      to: new Date(base + 2 * 24 * hour).toISOString(),
    });
    expect(summary.posts).toBe(26);
    const byPlatform = Object.fromEntries(summary.byPlatform.map((s) => [s.platform, s]));
    expect(byPlatform.bluesky).toEqual({
      platform: 'bluesky',
      published: 20,
      failed: 0,
      uncertain: 0,
      successRate: 1,
      // Lateness 1..20 s: the 50th percentile is the 10th value, the 99th the 20th.
      latenessMs: { p50: 10_000, p99: 20_000, max: 20_000 },
    });
    expect(byPlatform.x).toEqual({
      platform: 'x',
      published: 1,
      failed: 2,
      uncertain: 1,
      successRate: 0.25,
      latenessMs: { p50: 0, p99: 0, max: 0 },
    });
    expect(summary.daily).toEqual([
      { day: '2026-03-10', platform: 'bluesky', published: 12, failed: 0 },
      { day: '2026-03-10', platform: 'x', published: 1, failed: 2 },
      { day: '2026-03-11', platform: 'bluesky', published: 8, failed: 0 },
    ]);

    // A period with nothing in it.
    const empty = await relaypost.analytics.summary(ws.id, {
      from: new Date(base - 10 * 24 * hour).toISOString(),
      to: new Date(base - 9 * 24 * hour).toISOString(),
    });
    expect(empty).toMatchObject({ posts: 0, byPlatform: [], daily: [] });
  });

  it('picks nearest-rank quantiles from a hundred values', async () => {
    const { relaypost, store } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Analytics quantiles' });
    const { bluesky } = await connectBoth(ws.id);
    const base = Date.parse('2026-04-01T00:00:00.000Z');
    for (let i = 1; i <= 100; i++) {
      const at = base + i * 60_000;
      const { post } = await store.posts.create(ws.id, {
        content: { text: `q${i}` },
        targets: [{ accountId: bluesky.id }],
        publishAt: { at: new Date(at).toISOString(), timeZone: 'UTC' },
      });
      await store.posts.setTargetStatus(ws.id, post.id, post.targets[0]!.id, 'published', {
        publishedAt: new Date(at + i).toISOString(),
      });
    }
    const summary = await relaypost.analytics.summary(ws.id, {
      from: new Date(base).toISOString(),
      to: new Date(base + 24 * 3_600_000).toISOString(),
    });
    expect(summary.posts).toBe(100);
    expect(summary.byPlatform[0]?.latenessMs).toEqual({ p50: 50, p99: 99, max: 100 });
  });
});

describe('target metrics', () => {
  it("asks the platform's adapter with the account, its credentials and the published post's id", async () => {
    const { relaypost, store } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Metrics' });
    const connect = (platform: PlatformId, handle: string) =>
      store.accounts.connect(ws.id, {
        platform,
        externalId: `${platform}-user-1`,
        handle,
        credentials: { accessToken: `${platform}-access-token` },
        metadata: { kind: 'business' },
      });
    const threads = await connect('threads', 'acme.threads');
    const reddit = await connect('reddit', 'acme_reddit');
    const { post } = await store.posts.create(ws.id, {
      content: { text: 'counted' },
      targets: [{ accountId: threads.id }, { accountId: reddit.id }],
    });
    const [onThreads, onReddit] = post.targets;
    for (const target of [onThreads!, onReddit!])
      await store.posts.setTargetStatus(ws.id, post.id, target.id, 'published', {
        externalId: `${target.platform}-post-9`,
        url: 'https://example.com/p/9',
      });

    metricsAsked.length = 0;
    expect(await relaypost.analytics.targetMetrics(ws.id, post.id, onThreads!.id)).toEqual({
      values: { likes: 12, replies: 3 },
      raw: { like_count: 12 },
      measuredAt: '2026-12-01T10:00:00.000Z',
    });
    expect(metricsAsked).toHaveLength(1);
    const [asked] = metricsAsked;
    expect(asked?.account).toEqual({
      id: threads.id,
      externalId: 'threads-user-1',
      handle: 'acme.threads',
      metadata: { kind: 'business' },
    });
    expect(asked?.credentials.accessToken.reveal()).toBe('threads-access-token');
    expect(asked?.externalId).toBe('threads-post-9');

    // A platform without metrics, and a target not published (no post id to ask about): null, nobody asked.
    expect(await relaypost.analytics.targetMetrics(ws.id, post.id, onReddit!.id)).toBeNull();
    const { post: pending } = await store.posts.create(ws.id, {
      content: { text: 'not yet' },
      targets: [{ accountId: threads.id }],
    });
    expect(await relaypost.analytics.targetMetrics(ws.id, pending.id, pending.targets[0]!.id)).toBeNull();
    expect(metricsAsked).toHaveLength(1);
  });
});
