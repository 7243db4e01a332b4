import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateEncryptionKey } from '@relaypost/core';
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerProcess, until, type WorkerProcess } from './support/worker-process.js';

/**
 * The worker process is killed (SIGKILL, no clean-up) after Bluesky has applied the post but
 * before the answer arrives. A new worker takes over when the activity's heartbeat times out;
 * the post must end up published exactly once.
 */
describe('a worker killed in the middle of publishing', () => {
  let temporal: TemporalDevServer;
  let database: TestDatabase;
  let bluesky: BlueskyFake;
  let relaypost: RelayPost;
  let dir: string;
  const key = generateEncryptionKey();
  const workers = new Set<WorkerProcess>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaypost-crash-'));
    temporal = await startTemporalDevServer({ port: await findFreePort(), uiPort: await findFreePort() });
    database = await createTestDatabase({ prefix: 'crash' });
    bluesky = await createBlueskyFake();
    relaypost = await createRelayPost({
      temporal: { address: temporal.address },
      database: { connectionString: database.connectionString },
      encryptionKeys: [{ id: 'k1', key }],
      adapters: { bluesky: createBluesky(bluesky.adapterOptions()) },
      mediaStore: createLocalMediaStore({ directory: join(dir, 'media') }),
    });
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await relaypost?.close();
    await bluesky?.close();
    await temporal?.stop();
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const workerEnv = () => ({
    DATABASE_URL: database.connectionString,
    TEMPORAL_ADDRESS: temporal.address,
    RELAYPOST_ENCRYPTION_KEYS: `k1:${key}`,
    RELAYPOST_SIGNING_SECRET: 's'.repeat(40),
    BLUESKY_SERVICE: bluesky.adapterOptions().service,
    MEDIA_DIR: join(dir, 'media'),
  });

  it('publishes exactly once after the worker dies mid-publish', async () => {
    const workspace = await relaypost.workspaces.create({ name: 'Crash test' });
    const account = await relaypost.accounts.connectWithPassword({
      workspaceId: workspace.id,
      platform: 'bluesky',
      identifier: bluesky.handle,
      password: 'app-pass-word-1234',
    });
    // The PDS applies the write, then holds the answer back long enough to kill the worker.
    bluesky.server.scriptFault((r) => r.path.endsWith('/com.atproto.repo.createRecord'), {
      kind: 'delay-after-apply',
      ms: 60_000,
    });

    const first = await startWorkerProcess(workerEnv());
    workers.add(first);
    const post = await relaypost.posts.create(workspace.id, {
      content: { text: 'Published once, whatever happens to the worker.' },
      targets: [{ accountId: account.id }],
    });
    await until(() => bluesky.records().length === 1, 30_000, 'the post landing on the PDS');
    first.child.kill('SIGKILL');
    await first.exited;

    workers.add(await startWorkerProcess(workerEnv()));
    const done = await relaypost.posts.waitForResult(workspace.id, post.id);

    expect(done.status).toBe('published');
    expect(done.targets[0]?.status).toBe('published');
    expect(bluesky.records()).toHaveLength(1);
    expect(done.targets[0]?.result?.externalId).toBe(bluesky.records()[0]?.uri);
  }, 150_000);
});
