import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from './embedded.js';
import { EmbeddedPostgresError } from './errors.js';
import { findFreePort } from './free-port.js';

/** Options for {@link createTestDatabase}. */
export interface CreateTestDatabaseOptions {
  /**
   * The server to create the schema on. Defaults to `DATABASE_URL`, and without it to an embedded
   * Postgres started once per process.
   */
  connectionString?: string;
  /** Start of the schema name; defaults to `t`. Lowercase letters, digits and `_`. */
  prefix?: string;
}

/** A fresh, empty Postgres schema for one test file. */
export interface TestDatabase {
  /** Connects with `search_path` set to {@link TestDatabase.schema}, so unqualified tables land there. */
  connectionString: string;
  schema: string;
  /** Drops the schema and everything in it. */
  close(): Promise<void>;
}

/** How often a start is retried when another process took the free port first. */
const START_ATTEMPTS = 3;

let shared: Promise<EmbeddedPostgresServer> | undefined;

/**
 * Creates a uniquely named schema (e.g. `t_3f9a1c2b7d4e`) for a test, so test files can run in
 * parallel against one server without seeing each other's tables.
 *
 * Uses `DATABASE_URL` when set; otherwise starts one embedded Postgres per process in a temporary
 * folder, which is stopped and removed when the process exits.
 *
 * @example
 * ```ts
 * let db: TestDatabase;
 * beforeAll(async () => { db = await createTestDatabase(); });
 * afterAll(() => db.close());
 * it('works', async () => {
 *   const store = createPostgresStore({ connectionString: db.connectionString, keyring });
 * });
 * ```
 */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const prefix = options.prefix ?? 't';
  if (!/^[a-z_][a-z0-9_]{0,30}$/.test(prefix)) {
    throw new Error(`createTestDatabase: prefix "${prefix}" must be lowercase letters, digits and _`);
  }
  const server =
    options.connectionString ?? process.env.DATABASE_URL ?? (await sharedEmbeddedPostgres()).connectionString;
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  await runSql(server, `CREATE SCHEMA "${schema}"`);

  const url = new URL(server);
  url.searchParams.set('options', `-c search_path=${schema}`);
  let closed = false;
  return {
    connectionString: url.toString(),
    schema,
    close: async () => {
      if (closed) return;
      closed = true;
      await runSql(server, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}

async function runSql(connectionString: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function sharedEmbeddedPostgres(): Promise<EmbeddedPostgresServer> {
  shared ??= startTemporaryPostgres().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

async function startTemporaryPostgres(): Promise<EmbeddedPostgresServer> {
  const root = mkdtempSync(join(tmpdir(), 'relaypost-pg-'));
  // As root, Postgres runs as the `postgres` user: open the folder to it (a closed temp folder
  // makes startEmbeddedPostgres place the data in its shared folder instead, removed here too).
  chmodSync(root, 0o755);
  const remove = new Set([root]);
  process.once('exit', () => {
    for (const dir of remove) rmSync(dir, { recursive: true, force: true });
  });

  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    try {
      const server = await startEmbeddedPostgres({
        dataDir: join(root, 'data'),
        port: await findFreePort(),
        password: randomBytes(12).toString('hex'),
      });
      remove.add(server.dataDir);
      return server;
    } catch (error) {
      // The port was taken: retry. Anything else (no way in for the postgres user) fails now.
      if (EmbeddedPostgresError.isInstance(error)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}
