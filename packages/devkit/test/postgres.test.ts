import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, findFreePort, startEmbeddedPostgres } from '../src/index.js';

async function query<T extends pg.QueryResultRow>(
  connectionString: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function schemaExists(connectionString: string, schema: string): Promise<boolean> {
  const rows = await query(
    connectionString,
    'SELECT 1 FROM information_schema.schemata WHERE schema_name = $1',
    [schema],
  );
  return rows.length === 1;
}

describe('createTestDatabase', () => {
  it('gives each caller its own schema, selected by the connection string', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      expect(a.schema).toMatch(/^t_[0-9a-f]{12}$/);
      expect(a.schema).not.toBe(b.schema);
      await query(a.connectionString, 'CREATE TABLE things (name text)');
      await query(a.connectionString, "INSERT INTO things VALUES ('only in a')");

      const [path] = await query<{ search_path: string }>(a.connectionString, 'SHOW search_path');
      expect(path?.search_path).toBe(a.schema);
      const rows = await query<{ table_schema: string }>(
        a.connectionString,
        "SELECT table_schema FROM information_schema.tables WHERE table_name = 'things'",
      );
      expect(rows.map((r) => r.table_schema)).toEqual([a.schema]);
      await expect(query(b.connectionString, 'SELECT * FROM things')).rejects.toThrow(/does not exist/);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    expect(await schemaExists(a.connectionString, a.schema)).toBe(false);
  });

  it('rejects a prefix that is not a plain identifier', async () => {
    await expect(createTestDatabase({ prefix: 'x"; DROP' })).rejects.toThrow(/prefix/);
  });
});

describe('embedded Postgres', () => {
  let saved: string | undefined;

  beforeAll(() => {
    saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
  });

  afterAll(() => {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
  });

  it('starts one shared server when DATABASE_URL is not set', async () => {
    const first = await createTestDatabase({ prefix: 'emb' });
    const second = await createTestDatabase({ prefix: 'emb' });
    try {
      const port = (s: string) => new URL(s).port;
      expect(port(first.connectionString)).toBe(port(second.connectionString));
      expect(port(first.connectionString)).not.toBe('5432');
      await query(first.connectionString, 'CREATE TABLE t (n int)');
      const [row] = await query<{ server_version_num: string }>(
        first.connectionString,
        'SHOW server_version_num',
      );
      expect(Number(row?.server_version_num)).toBeGreaterThanOrEqual(140000);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('keeps its data between starts in dev mode', async () => {
    const root = await mkdtemp(join(tmpdir(), 'relaypost-devpg-'));
    // Postgres runs as the `postgres` user when we are root; it must be able to enter the folder.
    await chmod(root, 0o755);
    const dataDir = join(root, 'data');
    try {
      const first = await startEmbeddedPostgres({ dataDir, port: await findFreePort() });
      await query(first.connectionString, 'CREATE TABLE kept (n int)');
      await query(first.connectionString, 'INSERT INTO kept VALUES (42)');
      await first.stop();
      await expect(query(first.connectionString, 'SELECT 1')).rejects.toThrow();

      const second = await startEmbeddedPostgres({ dataDir, port: await findFreePort() });
      try {
        expect(await query(second.connectionString, 'SELECT n FROM kept')).toEqual([{ n: 42 }]);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
