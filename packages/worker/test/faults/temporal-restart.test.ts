import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateEncryptionKey } from '@relaypost/core';
import {
  createTestDatabase,
  findFreePort,
  type StartTemporalDevServerOptions,
  startTemporalDevServer,
  type TemporalDevServer,
  type TestDatabase,
} from '@relaypost/devkit';
import { createBluesky } from '@relaypost/platforms';
import { type BlueskyFake, createBlueskyFake } from '@relaypost/platforms/testing';
import { createLocalMediaStore, createRelayPost, type RelayPost } from '@relaypost/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerProcess, until, type WorkerProcess } from '../support/worker-process.js';

/** How long the Temporal server stays down between stop and start. */
const DOWNTIME_MS = 6_000;

/**
 * The Temporal dev server (SQLite file) is stopped and started again on the same port and file
 * while posts wait for their publish time. The durable timers must survive: every post publishes
 * once, never before its instant, including one that fell due while the server was down.
 */
describe('Temporal server restarted while posts wait for their publish time', () => {
  let dir: string;
  let serverOptions: StartTemporalDevServerOptions;
  let temporal: TemporalDevServer | undefined;
  let database: TestDatabase;
  let bluesky: BlueskyFake;
  let relaypost: RelayPost;
  let worker: WorkerProcess;
  const key = generateEncryptionKey();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaypost-restart-'));
    serverOptions = {
      dbFilename: join(dir, 'temporal.sqlite'),
      port: await findFreePort(),
      uiPort: await findFreePort(),
    };
    temporal = await startTemporalDevServer(serverOptions);
    database = await createTestDatabase({ prefix: 'fault_restart' });
    bluesky = await createBlueskyFake();
    relaypost = await createRelayPost({
      temporal: { address: temporal.address },
      database: { connectionString: database.connectionString },
      encryptionKeys: [{ id: 'k1', key }],
      adapters: { bluesky: createBluesky(bluesky.adapterOptions()) },
      mediaStore: createLocalMediaStore({ directory: join(dir, 'media') }),
    });
    worker = await startWorkerProcess({
      DATABASE_URL: database.connectionString,
      TEMPORAL_ADDRESS: temporal.address,
      RELAYPOST_ENCRYPTION_KEYS: `k1:${key}`,
      RELAYPOST_SIGNING_SECRET: 's'.repeat(40),
      BLUESKY_SERVICE: bluesky.adapterOptions().service,
      MEDIA_DIR: join(dir, 'media'),
    });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await relaypost?.close();
    await bluesky?.close();
    await temporal?.stop();
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes every waiting post once, none before its time', async () => {
    const workspace = await relaypost.workspaces.create({ name: 'Restart' });
    const account = await relaypost.accounts.connectWithPassword({
      workspaceId: workspace.id,
      platform: 'bluesky',
      identifier: bluesky.handle,
      password: 'app-pass-word-1234',
    });
    const now = Date.now();
    // The first falls due while the server is down; the others after it is back.
    const delays = [5_000, DOWNTIME_MS + 12_000, DOWNTIME_MS + 16_000];
    const posts = await Promise.all(
      delays.map((delay, i) =>
        relaypost.posts.create(workspace.id, {
          content: { text: `Restart post ${i + 1}: the timer outlives the server.` },
          targets: [{ accountId: account.id }],
          publishAt: { at: new Date(now + delay).toISOString(), timeZone: 'UTC' },
        }),
      ),
    );
    // Every timer is in Temporal's SQLite file before the server goes away.
    await until(
      async () => {
        const { items } = await relaypost.posts.list(workspace.id);
        return items.filter((p) => p.status === 'scheduled').length === posts.length;
      },
      20_000,
      'every post scheduled',
    );

    await temporal!.stop();
    temporal = undefined;
    expect(bluesky.records()).toHaveLength(0);
    await sleep(DOWNTIME_MS);
    temporal = await startTemporalDevServer(serverOptions);

    const done = await Promise.all(posts.map((p) => relaypost.posts.waitForResult(workspace.id, p.id)));

    expect(worker.child.exitCode, worker.output()).toBeNull();
    const records = bluesky.records();
    expect(records).toHaveLength(posts.length);
    for (const [i, post] of done.entries()) {
      const scheduled = Date.parse(posts[i]!.publishAt!.at);
      expect(post.status).toBe('published');
      const [target] = post.targets;
      expect(target?.status).toBe('published');
      expect(Date.parse(target?.result.publishedAt ?? '')).toBeGreaterThanOrEqual(scheduled);
      // The platform's own clock agrees, and holds exactly one record with this post's text.
      const landed = records.filter((r) => r.value.text === post.content.text);
      expect(landed).toHaveLength(1);
      expect(landed[0]?.uri).toBe(target?.result.externalId);
      expect(Date.parse(landed[0]!.indexedAt)).toBeGreaterThanOrEqual(scheduled);
    }
  }, 120_000);
});
