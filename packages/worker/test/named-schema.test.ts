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
import { createRelayPost, type RelayPost } from '@relaypost/sdk';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

/**
 * The deployment docs/deploying.md suggests for a shared database: the tables in their own
 * schema (`DATABASE_SCHEMA` on the worker, `database.schema` in the SDK) and no `search_path` in
 * the connection string. Every statement must name the schema; a post must publish.
 */
describe('a worker and SDK in a named schema without search_path', () => {
  let temporal: TemporalDevServer;
  let database: TestDatabase;
  let bluesky: BlueskyFake;
  let relaypost: RelayPost;
  let worker: WorkerProcess | undefined;
  let dir: string;
  let url: string;
  const key = generateEncryptionKey();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaypost-schema-'));
    temporal = await startTemporalDevServer({ port: await findFreePort(), uiPort: await findFreePort() });
    database = await createTestDatabase({ prefix: 'named' });
    const plain = new URL(database.connectionString);
    plain.searchParams.delete('options');
    url = plain.toString();
    bluesky = await createBlueskyFake();
    worker = await startWorkerProcess({
      DATABASE_URL: url,
      DATABASE_SCHEMA: database.schema,
      TEMPORAL_ADDRESS: temporal.address,
      RELAYPOST_ENCRYPTION_KEYS: `k1:${key}`,
      RELAYPOST_SIGNING_SECRET: 's'.repeat(40),
      BLUESKY_SERVICE: bluesky.adapterOptions().service,
      MEDIA_DIR: join(dir, 'media'),
      PUBLISH_LEAD_SECONDS: '2',
    });
    relaypost = await createRelayPost({
      temporal: { address: temporal.address },
      database: { connectionString: url, schema: database.schema },
      encryptionKeys: `k1:${key}`,
      adapters: { bluesky: createBluesky(bluesky.adapterOptions()) },
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

  it('publishes a scheduled post, with every table in the named schema and none on the default path', async () => {
    const workspace = await relaypost.workspaces.create({ name: 'Named schema' });
    const account = await relaypost.accounts.connectWithPassword({
      workspaceId: workspace.id,
      platform: 'bluesky',
      identifier: bluesky.handle,
      password: 'app-pass-word-1234',
    });
    const post = await relaypost.posts.create(workspace.id, {
      content: { text: 'Published from a schema of its own.' },
      targets: [{ accountId: account.id }],
      publishAt: { at: new Date(Date.now() + 4_000).toISOString() },
    });
    const done = await relaypost.posts.waitForResult(workspace.id, post.id);
    expect(done.status, worker?.output()).toBe('published');
    expect(bluesky.records()).toHaveLength(1);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_schema: string }>(
        "select distinct table_schema from information_schema.tables where table_name = 'post_targets'",
      );
      expect(rows.map((r) => r.table_schema)).toContain(database.schema);
      const { rows: path } = await client.query<{ current_schema: string }>('select current_schema()');
      expect(path[0]?.current_schema).not.toBe(database.schema);
    } finally {
      await client.end();
    }
  }, 120_000);
});
