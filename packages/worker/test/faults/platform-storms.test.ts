import {
  createKeyring,
  createMemoryStore,
  generateEncryptionKey,
  type RelayPostStore,
} from '@relaypost/core';
import { createTimeSkippingEnv } from '@relaypost/devkit/temporal-testing';
import { createBluesky } from '@relaypost/platforms';
import { connectThroughAuth } from '@relaypost/platforms/conformance';
import {
  type BlueskyFake,
  createBlueskyFake,
  type FakeResponse,
  memoryMediaAccess,
} from '@relaypost/platforms/testing';
import {
  LIFECYCLE_TASK_QUEUE,
  type LifecycleInput,
  type LifecycleResult,
  postWorkflowId,
} from '@relaypost/workflows';
import { createRelayPostWorkers } from '@relaypost/workflows/worker';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics.js';

type TestEnv = Awaited<ReturnType<typeof createTimeSkippingEnv>>;

const CREATE = '/xrpc/com.atproto.repo.createRecord';
const GET = '/xrpc/com.atproto.repo.getRecord';
/** The publish activity's retry policy starts at 5 s (packages/workflows post-lifecycle). */
const INITIAL_RETRY_MS = 5_000;

/** One call the adapter made to the fake, timed on the test server's (skipped) clock. */
interface Call {
  path: string;
  sentAt: number;
  answeredAt: number;
  status: number | 'dropped';
  retryAfterMs: number | null;
}

/**
 * Platform storms, on Temporal's time-skipping test server so that minutes of Retry-After pass in
 * moments: the workers `relaypost worker` runs (createRelayPostWorkers) and its metrics publish
 * to the Bluesky fake while it answers 429s with long Retry-After, bursts of 5xx, and drops
 * connections after applying the post. The platform must never be called again before the wait
 * it asked for has passed, nothing may be posted twice, and each post must end as it really is.
 *
 * Time-skipping rather than a real server with short waits: the waits are the point, and a real
 * platform asks for minutes. Every call is stamped with the test server's clock (the one Temporal's
 * retry timers run on), so "no call before Retry-After elapsed" is checked on that clock.
 */
describe('platform storms (time-skipping)', () => {
  let env: TestEnv;
  let fake: BlueskyFake;
  let store: RelayPostStore;
  let workers: Worker[];
  let running: Promise<unknown>;
  let workspaceId: string;
  let accountId: string;
  const metrics = createMetrics();
  const calls: Call[] = [];

  beforeAll(async () => {
    // The SDK logs every failed attempt with its stack; the storms below fail on purpose.
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      // Already installed in this process.
    }
    env = await createTimeSkippingEnv();
    fake = await createBlueskyFake();
    const clockedFetch: typeof fetch = async (input, init) => {
      const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
      const sentAt = await env.currentTimeMs();
      try {
        const response = await fetch(input, init);
        const header = response.headers.get('retry-after');
        calls.push({
          path,
          sentAt,
          answeredAt: await env.currentTimeMs(),
          status: response.status,
          retryAfterMs: header === null ? null : Number(header) * 1000,
        });
        return response;
      } catch (error) {
        calls.push({
          path,
          sentAt,
          answeredAt: await env.currentTimeMs(),
          status: 'dropped',
          retryAfterMs: null,
        });
        throw error;
      }
    };
    const bluesky = createBluesky({ ...fake.adapterOptions(), http: { fetch: clockedFetch } });
    store = createMemoryStore({
      keyring: createKeyring({ keys: [{ id: 'k1', key: generateEncryptionKey() }] }),
    });
    workspaceId = (await store.workspaces.create({ name: 'Storms' })).id;
    const { connectable } = await connectThroughAuth(bluesky, {
      redirectUri: 'https://app.example.test/callback',
      login: { identifier: fake.handle, password: 'app-pass-word-1234' },
    });
    accountId = (
      await store.accounts.connect(workspaceId, {
        platform: 'bluesky',
        externalId: connectable.externalId,
        handle: connectable.handle,
        scopes: connectable.scopes,
        credentials: connectable.credentials,
        metadata: connectable.metadata ?? {},
      })
    ).id;
    workers = await createRelayPostWorkers({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      deps: { store, adapters: { bluesky }, media: memoryMediaAccess([]), observer: metrics.observer },
    });
    running = Promise.all(workers.map((w) => w.run()));
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers ?? []) if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await fake?.close();
    await env?.teardown();
  });

  beforeEach(() => {
    fake.server.clearFaults();
    calls.length = 0;
  });

  /** Creates a post for now and runs its life cycle to the end on the skipping clock. */
  async function publish(text: string): Promise<{ postId: string; result: LifecycleResult }> {
    const { post } = await store.posts.create(workspaceId, { content: { text }, targets: [{ accountId }] });
    const result = await env.client.workflow.execute<(input: LifecycleInput) => Promise<LifecycleResult>>(
      'postLifecycle',
      {
        taskQueue: LIFECYCLE_TASK_QUEUE,
        workflowId: postWorkflowId(workspaceId, post.id),
        args: [{ workspaceId, postId: post.id }],
      },
    );
    return { postId: post.id, result };
  }

  /** The next `times` calls to `path` get `response`, in the order scripted. */
  function answer(path: string, response: FakeResponse, times = 1): void {
    fake.server.scriptFault((r) => r.path === path, { kind: 'respond', response }, times);
  }
  const tooMany = (seconds: number): FakeResponse => ({
    status: 429,
    headers: { 'retry-after': String(seconds) },
    body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
  });
  const serverError = (status: number, retryAfterSeconds?: number): FakeResponse => ({
    status,
    ...(retryAfterSeconds ? { headers: { 'retry-after': String(retryAfterSeconds) } } : {}),
    body: { error: 'InternalServerError', message: 'Internal Server Error' },
  });

  /**
   * The platform asked for a wait (Retry-After): no call of any kind came before it had passed,
   * on the server's clock. And a failed publish attempt was never retried sooner than the retry
   * policy's first interval, even when no wait was asked for.
   */
  function expectWaitsHonoured(): void {
    const log = calls.map((c) => `${c.sentAt}-${c.answeredAt} ${c.path} ${c.status}`).join('\n');
    for (const [i, call] of calls.entries()) {
      if (call.retryAfterMs === null) continue;
      for (const later of calls.slice(i + 1)) {
        expect(
          later.sentAt - call.answeredAt,
          `${later.path} too soon after ${call.status}:\n${log}`,
        ).toBeGreaterThanOrEqual(call.retryAfterMs);
      }
    }
    const attempts = calls.filter((c) => c.path === CREATE);
    for (const [i, attempt] of attempts.entries()) {
      const next = attempts[i + 1];
      if (next) expect(next.sentAt - attempt.answeredAt, log).toBeGreaterThanOrEqual(INITIAL_RETRY_MS);
    }
  }

  function recordsWithText(text: string) {
    return fake.records().filter((r) => r.value.text === text);
  }

  it('waits out minutes of 429s, each for as long as the platform asked, then publishes once', async () => {
    // Including one wait longer than the retry policy's 15-minute ceiling.
    const waits = [60, 300, 1200, 90, 45];
    for (const seconds of waits) answer(CREATE, tooMany(seconds));
    const start = await env.currentTimeMs();

    const { postId, result } = await publish('Published after a long rate-limit storm.');

    expect(result.status).toBe('published');
    expect(calls.filter((c) => c.path === CREATE).map((c) => c.status)).toEqual([
      429, 429, 429, 429, 429, 200,
    ]);
    expectWaitsHonoured();
    const total = waits.reduce((sum, s) => sum + s * 1000, 0);
    expect((await env.currentTimeMs()) - start).toBeGreaterThanOrEqual(total);
    expect(recordsWithText('Published after a long rate-limit storm.')).toHaveLength(1);
    const target = (await store.posts.get(workspaceId, postId)).targets[0];
    expect(target?.status).toBe('published');
    expect(target?.result.externalId).toBe(
      recordsWithText('Published after a long rate-limit storm.')[0]?.uri,
    );
  });

  it('rides out a burst of 5xx, honouring a Retry-After on a 503, and publishes once', async () => {
    answer(CREATE, serverError(503, 40));
    answer(CREATE, serverError(500));
    answer(CREATE, serverError(502));
    answer(CREATE, serverError(504));

    const { result } = await publish('Published after a burst of server errors.');

    expect(result.status).toBe('published');
    expect(calls.filter((c) => c.path === CREATE).map((c) => c.status)).toEqual([503, 500, 502, 504, 200]);
    expect(recordsWithText('Published after a burst of server errors.')).toHaveLength(1);
    expectWaitsHonoured();
  });

  it('finds the post after a connection dropped once it was applied, mid-storm: published once', async () => {
    answer(CREATE, tooMany(120));
    fake.server.scriptFault((r) => r.path === CREATE, { kind: 'drop-after-apply' });

    const { postId, result } = await publish('Applied, then the connection dropped.');

    expect(result.status).toBe('published');
    expect(calls.filter((c) => c.path === CREATE).map((c) => c.status)).toEqual([429, 'dropped']);
    expectWaitsHonoured();
    const landed = recordsWithText('Applied, then the connection dropped.');
    expect(landed).toHaveLength(1);
    expect((await store.posts.get(workspaceId, postId)).targets[0]?.result.externalId).toBe(landed[0]?.uri);
  });

  it('does not give up on a post that landed when the look-up after a dropped connection meets a 503', async () => {
    // Only the look-up that follows the dropped write fails (the adapter also reads the key
    // before it writes).
    let written = false;
    fake.server.scriptFault(
      (r) => {
        written ||= r.path === CREATE;
        return r.path === CREATE;
      },
      { kind: 'drop-after-apply' },
    );
    fake.server.scriptFault((r) => written && r.path === GET, {
      kind: 'respond',
      response: serverError(503, 30),
    });

    const { postId, result } = await publish('Applied, dropped, and the look-up failed once.');

    // The record is on the platform, so the only correct outcome is "published", found by a
    // later look-up, and never sent a second time.
    const landed = recordsWithText('Applied, dropped, and the look-up failed once.');
    expect(landed).toHaveLength(1);
    expect(calls.filter((c) => c.path === CREATE)).toHaveLength(1);
    expect(result.status).toBe('published');
    expect((await store.posts.get(workspaceId, postId)).targets[0]?.result.externalId).toBe(landed[0]?.uri);
    expectWaitsHonoured();
  });

  it('fails the target as rate-limited when the storm outlasts the retry budget, posting nothing', async () => {
    // More 429s than the publish activity's ten attempts.
    answer(CREATE, tooMany(60), 12);

    const { postId, result } = await publish('Never published: the storm did not end.');

    expect(result.status).toBe('failed');
    const creates = calls.filter((c) => c.path === CREATE);
    expect(creates).toHaveLength(10);
    expect(creates.every((c) => c.status === 429)).toBe(true);
    expectWaitsHonoured();
    expect(recordsWithText('Never published: the storm did not end.')).toHaveLength(0);
    const target = (await store.posts.get(workspaceId, postId)).targets[0];
    expect(target?.status).toBe('failed');
    expect(target?.result.error?.kind).toBe('rate_limited');
  });

  it('counted every outcome above once in the worker metrics', async () => {
    const targets = (await store.posts.list(workspaceId, { limit: 100 })).items.flatMap((p) => p.targets);
    const published = targets.filter((t) => t.status === 'published').length;
    const rateLimited = targets.filter((t) => t.result.error?.kind === 'rate_limited').length;
    expect(published).toBe(fake.records().length);
    expect(await metrics.registry.getSingleMetricAsString('relaypost_posts_published_total')).toContain(
      `relaypost_posts_published_total{platform="bluesky"} ${published}`,
    );
    if (rateLimited > 0) {
      expect(await metrics.registry.getSingleMetricAsString('relaypost_posts_failed_total')).toContain(
        `relaypost_posts_failed_total{platform="bluesky",kind="rate_limited"} ${rateLimited}`,
      );
    }
  });
});
