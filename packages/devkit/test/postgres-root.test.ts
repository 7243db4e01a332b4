import { chmod, cp, lstat, mkdir, mkdtemp, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgresError, findFreePort, startEmbeddedPostgres } from '../src/index.js';
import { locatePostgresBinaries } from '../src/postgres/binaries.js';
import { startCluster } from '../src/postgres/embedded.js';

async function query(connectionString: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

// Postgres refuses to run as root, so these cases exist only for root (CI runs as root).
describe.runIf(process.getuid?.() === 0)(
  'embedded Postgres as root, in folders the postgres user cannot enter',
  () => {
    /** Like a clone under `mktemp -d` or in /root: mode 700, owned by root. */
    let closed: string;
    /** This file's own shared folder, so the machine's default one is left alone. */
    let shared: string;
    let open: string;

    beforeAll(async () => {
      closed = await mkdtemp(join(tmpdir(), 'relaypost-closed-'));
      open = await mkdtemp(join(tmpdir(), 'relaypost-open-'));
      await chmod(open, 0o755);
      shared = join(open, 'shared');
      expect((await stat(closed)).mode & 0o777).toBe(0o700);
    });

    afterAll(async () => {
      await rm(closed, { recursive: true, force: true });
      await rm(open, { recursive: true, force: true });
    });

    it('keeps the data of a closed project folder in the shared folder, and finds it again', async () => {
      const dataDir = join(closed, 'project', '.relaypost', 'postgres');
      const first = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), sharedDir: shared });
      try {
        expect(first.dataDir.startsWith(join(shared, 'data'))).toBe(true);
        expect((await lstat(dataDir)).isSymbolicLink()).toBe(true);
        expect(await readlink(dataDir)).toBe(first.dataDir);
        await query(first.connectionString, 'CREATE TABLE kept (n int)');
        await query(first.connectionString, 'INSERT INTO kept VALUES (42)');
      } finally {
        await first.stop();
      }
      const second = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), sharedDir: shared });
      try {
        expect(second.dataDir).toBe(first.dataDir);
        expect(await query(second.connectionString, 'SELECT n FROM kept')).toEqual([{ n: 42 }]);
      } finally {
        await second.stop();
      }
    });

    it('runs binaries installed in a closed folder from a copy in the shared folder', async () => {
      const installed = locatePostgresBinaries();
      const closedCopy = join(closed, 'node_modules', 'native');
      await cp(installed.dir, closedCopy, { recursive: true, verbatimSymlinks: true });
      const binaries = { dir: closedCopy, id: 'closed-copy@1' };
      const server = await startCluster(
        { dataDir: join(open, 'data'), port: await findFreePort(), sharedDir: shared },
        binaries,
      );
      try {
        expect(await query(server.connectionString, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
        expect((await stat(join(shared, 'binaries', 'closed-copy_1', 'bin', 'postgres'))).isFile()).toBe(
          true,
        );
      } finally {
        await server.stop();
      }
    });

    it('fails at once, naming the closed folder and the fix, when no folder can be shared', async () => {
      const started = Date.now();
      const error = await startEmbeddedPostgres({
        dataDir: join(closed, 'other', 'postgres'),
        port: await findFreePort(),
        sharedDir: join(closed, 'shared'),
      }).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(EmbeddedPostgresError.isInstance(error)).toBe(true);
      const message = (error as Error).message;
      expect(message).toContain(`cannot enter ${closed}`);
      expect(message).toContain('RELAYPOST_POSTGRES_SHARED_DIR');
      expect(message).toContain('DATABASE_URL');
    });

    it('refuses a shared folder that others can write to', async () => {
      const unsafe = join(open, 'unsafe');
      await mkdir(unsafe);
      await chmod(unsafe, 0o777);
      const error = await startEmbeddedPostgres({
        dataDir: join(closed, 'third', 'postgres'),
        port: await findFreePort(),
        sharedDir: unsafe,
      }).catch((e: unknown) => e);
      expect(EmbeddedPostgresError.isInstance(error)).toBe(true);
      expect((error as EmbeddedPostgresError).folder).toBe(unsafe);
      expect((error as Error).message).toMatch(/mode 777/);
    });
  },
);
