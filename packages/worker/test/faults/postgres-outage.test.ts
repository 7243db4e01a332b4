import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateEncryptionKey, type HistoryEvent } from '@relaypost/core';
import {
  createTestDatabase,
  findFreePort,
  startTemporalDevServer,
  type TemporalDevServer,
  type TestDatabase,
} from '@relaypost/devkit';
import { createBluesky } from '@relaypost/platforms';
import { type BlueskyFake, createBlueskyFake } from '@relaypost/platforms/testing';
import { createLocalMediaStore, createRelayPost, type RelayPost } from '@relaypost/sdk';
import { postWorkflowId } from '@relaypost/workflows';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SupervisedWorker, superviseWorker, until } from '../support/worker-process.js';
import { startTcpProxy, type TcpProxy, throughProxy } from './tcp-proxy.js';

/**
 * How long Postgres is unreachable. The issue asks for 30 s; lower it (not below ~10 s, or the
 * scheduled post no longer falls due inside the outage) if the suite gets too long.
 */
const OUTAGE_MS = 30_000;

/**
 * Postgres goes away for {@link OUTAGE_MS} while posts move through their life cycle: one has
 * just been applied on the platform (its result is not yet written), the other falls due during
 * the outage. Every store write sits in a retried activity, so after Postgres returns both posts
 * must be published once, with complete history, and the worker must have stayed up.
 */
describe('Postgres unavailable during history writes', () => {
  let dir: string;
  let temporal: TemporalDevServer;
  let database: TestDatabase;
  let proxy: TcpProxy;
  let bluesky: BlueskyFake;
  let relaypost: RelayPost;
  let worker: SupervisedWorker;
  let connection: Connection;
  const key = generateEncryptionKey();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaypost-pg-outage-'));
    temporal = await startTemporalDevServer({ port: await findFreePort(), uiPort: await findFreePort() });
    database = await createTestDatabase({ prefix: 'fault_pg' });
    const target = new URL(database.connectionString);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const databaseUrl = throughProxy(database.connectionString, proxy);
    bluesky = await createBlueskyFake();
    // The SDK and the worker both reach Postgres only through the proxy.
    relaypost = await createRelayPost({
      temporal: { address: temporal.address },
      database: { connectionString: databaseUrl },
      encryptionKeys: [{ id: 'k1', key }],
      adapters: { bluesky: createBluesky(bluesky.adapterOptions()) },
      mediaStore: createLocalMediaStore({ directory: join(dir, 'media') }),
    });
    worker = superviseWorker({
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      RELAYPOST_ENCRYPTION_KEYS: `k1:${key}`,
      RELAYPOST_SIGNING_SECRET: 's'.repeat(40),
      BLUESKY_SERVICE: bluesky.adapterOptions().service,
      MEDIA_DIR: join(dir, 'media'),
    });
    await worker.ready;
    connection = await Connection.connect({ address: temporal.address });
  }, 120_000);

  afterAll(async () => {
    proxy?.restore();
    await worker?.stop();
    await connection?.close();
    await relaypost?.close();
    await bluesky?.close();
    await proxy?.close();
    await temporal?.stop();
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('retries every write until Postgres is back: published once, history complete', async () => {
    const workspace = await relaypost.workspaces.create({ name: 'Outage' });
    const account = await relaypost.accounts.connectWithPassword({
      workspaceId: workspace.id,
      platform: 'bluesky',
      identifier: bluesky.handle,
      password: 'app-pass-word-1234',
    });
    const dueAt = Date.now() + 3_000 + OUTAGE_MS / 2;
    const scheduled = await relaypost.posts.create(workspace.id, {
      content: { text: 'Falls due while the database is away.' },
      targets: [{ accountId: account.id }],
      publishAt: { at: new Date(dueAt).toISOString(), timeZone: 'UTC' },
    });
    await until(
      async () => (await relaypost.posts.get(workspace.id, scheduled.id)).status === 'scheduled',
      20_000,
      'the scheduled post waiting for its time',
    );

    // The PDS applies the next post, then holds its answer: time to cut Postgres before the
    // worker writes the result.
    bluesky.server.scriptFault((r) => r.path.endsWith('/com.atproto.repo.createRecord'), {
      kind: 'delay-after-apply',
      ms: 1_500,
    });
    const immediate = await relaypost.posts.create(workspace.id, {
      content: { text: 'Applied on the platform just before the database went away.' },
      targets: [{ accountId: account.id }],
    });
    await until(() => bluesky.records().length === 1, 30_000, 'the first post landing');
    proxy.cut();
    const cutAt = Date.now();
    // The scheduled post must fall due inside the outage, or this test checks less than it says.
    expect(dueAt).toBeGreaterThan(cutAt);
    expect(dueAt).toBeLessThan(cutAt + OUTAGE_MS);
    await sleep(OUTAGE_MS);
    proxy.restore();
    // Something tried Postgres while it was away (and was refused).
    expect(proxy.refused).toBeGreaterThan(0);

    const posts = [immediate, scheduled];
    const done = await Promise.all(posts.map((p) => relaypost.posts.waitForResult(workspace.id, p.id)));

    const records = bluesky.records();
    expect(records).toHaveLength(2);
    for (const post of done) {
      expect(post.status).toBe('published');
      expect(post.targets[0]?.status).toBe('published');
      const landed = records.filter((r) => r.value.text === post.content.text);
      expect(landed).toHaveLength(1);
      expect(post.targets[0]?.result.externalId).toBe(landed[0]?.uri);
      const history = await relaypost.posts.history(workspace.id, post.id);
      expect(history.map(describeEvent)).toEqual([
        'post.created',
        'post.status_changed draft->scheduled',
        'post.status_changed scheduled->publishing',
        'target.publishing',
        'target.published',
        'post.status_changed publishing->published',
      ]);
    }
    expect(Date.parse(done[1]!.targets[0]!.result.publishedAt ?? '')).toBeGreaterThanOrEqual(dueAt);

    // After the durability checks, so they still report if this fails: losing the database for
    // a while must not take the worker process down (a supervisor restarted it if it did).
    expect(worker.crashes.length, describeCrash(worker.crashes[0])).toBe(0);

    // The writes that met the outage were retried by the live worker, not skipped.
    const client = new Client({ connection });
    expect(await highestAttempt(client, immediate, 'publishTarget')).toBeGreaterThan(1);
    // The scheduled post's publish was prepared before the cut and claims it on its second,
    // inside the outage: the claim (a store write) failed and was retried.
    expect(await highestAttempt(client, scheduled, 'publishTarget')).toBeGreaterThan(1);
  }, 180_000);
});

/** The exit and the error lines of the first crash (a stack dump can run to hundreds of lines). */
function describeCrash(crash: { exit: number | string | null; output: string } | undefined): string {
  if (!crash) return 'no crash';
  const errors = crash.output.split('\n').filter((line) => /error|exception/i.test(line));
  return [`exit ${crash.exit}`, ...errors.slice(0, 6)].join('\n');
}

function describeEvent(event: HistoryEvent): string {
  if (event.type !== 'post.status_changed') return event.type;
  return `${event.type} ${String(event.data.from)}->${String(event.data.to)}`;
}

/** The highest attempt number any run of `activity` reached in the post's workflow. */
async function highestAttempt(
  client: Client,
  post: { workspaceId: string; id: string },
  activity: string,
): Promise<number> {
  const history = await client.workflow.getHandle(postWorkflowId(post.workspaceId, post.id)).fetchHistory();
  const events = history.events ?? [];
  const scheduledIds = new Set(
    events
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activity)
      .map((e) => String(e.eventId)),
  );
  let highest = 0;
  for (const event of events) {
    const started = event.activityTaskStartedEventAttributes;
    if (started && scheduledIds.has(String(started.scheduledEventId))) {
      highest = Math.max(highest, started.attempt ?? 0);
    }
  }
  return highest;
}
