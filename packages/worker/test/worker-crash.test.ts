import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
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

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

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
  const children = new Set<ChildProcess>();

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
    for (const child of children) child.kill('SIGKILL');
    await relaypost?.close();
    await bluesky?.close();
    await temporal?.stop();
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Starts `relaypost worker` as its own process and resolves once it is serving. */
  async function startWorkerProcess(): Promise<ChildProcess> {
    const child = spawn(process.execPath, [cli, 'worker'], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: database.connectionString,
        TEMPORAL_ADDRESS: temporal.address,
        RELAYPOST_ENCRYPTION_KEYS: `k1:${key}`,
        RELAYPOST_SIGNING_SECRET: 's'.repeat(40),
        BLUESKY_SERVICE: bluesky.adapterOptions().service,
        TELEGRAM_MODE: 'off',
        SCHEDULES: 'false',
        HOST: '127.0.0.1',
        PORT: '0',
        MEDIA_DIR: join(dir, 'media'),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    const output: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        output.push(line);
        if (line.includes('relaypost worker started')) resolve();
      });
      child.once('exit', (code) =>
        reject(new Error(`worker exited (${code}) before it started:\n${output.join('\n')}`)),
      );
    });
    return child;
  }

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

    const first = await startWorkerProcess();
    const post = await relaypost.posts.create(workspace.id, {
      content: { text: 'Published once, whatever happens to the worker.' },
      targets: [{ accountId: account.id }],
    });
    await until(() => bluesky.records().length === 1, 30_000);
    const exited = new Promise((resolve) => first.once('exit', resolve));
    first.kill('SIGKILL');
    await exited;

    await startWorkerProcess();
    const done = await relaypost.posts.waitForResult(workspace.id, post.id);

    expect(done.status).toBe('published');
    expect(done.targets[0]?.status).toBe('published');
    expect(bluesky.records()).toHaveLength(1);
    expect(done.targets[0]?.result?.externalId).toBe(bluesky.records()[0]?.uri);
  }, 150_000);
});

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
