import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateEncryptionKey } from '@relaypost/core';
import { createTestDatabase, findFreePort, findTemporalCli, startTemporalDevServer } from '@relaypost/devkit';
import { createBluesky } from '@relaypost/platforms';
import { createBlueskyFake } from '@relaypost/platforms/testing';
import { createLocalMediaStore, createRelayPost } from '@relaypost/sdk';
import { WORKER_RUNTIME_ENV } from '@relaypost/worker';
import { createEncryptionCodec } from '@relaypost/workflows';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { cpuSecondsOf, memoryOf } from './proc.mjs';

const run = promisify(execFile);
const workerCli = fileURLToPath(import.meta.resolve('@relaypost/worker').replace(/index\.js$/, 'cli.js'));
const trivialWorkerScript = fileURLToPath(new URL('../trivial/worker.mjs', import.meta.url));

/**
 * @typedef {object} ChildWorker A worker running as its own process, so its memory is its own.
 * @property {number} pid
 * @property {() => Promise<{ rss: number, peak: number }>} memory
 * @property {() => Promise<number>} cpuSeconds
 * @property {() => Promise<void>} stop SIGTERM, then SIGKILL after 15 s.
 * @property {() => { lines: number, bytes: number }} output what it has written to stdout and stderr so far
 * @property {() => string[]} tail its last lines of output
 */

/**
 * @typedef {Awaited<ReturnType<typeof startBenchStack>>} BenchStack
 */

/**
 * Starts what every scenario runs against: a Temporal dev server (in memory), a Postgres schema of
 * its own (`DATABASE_URL`, or an embedded Postgres when unset), the Bluesky fake on loopback, the
 * SDK in this process, and Temporal clients. Workers are started by the scenarios as separate
 * processes.
 *
 * @param {{ log: (line: string) => void, publishConcurrency?: number, workerEnv?: Record<string, string> }} options
 *   `publishConcurrency`: the worker's `PUBLISH_CONCURRENCY` (its default when omitted); `workerEnv`:
 *   more environment for every RelayPost worker, over the defaults
 */
export async function startBenchStack(options) {
  const { log } = options;
  /** @type {Array<() => Promise<unknown>>} */
  const stops = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    stops.length = 0;
  };
  try {
    const dir = await mkdtemp(join(tmpdir(), 'relaypost-bench-'));
    stops.push(() => rm(dir, { recursive: true, force: true }));
    const key = generateEncryptionKey();
    const keys = [{ id: 'bench', key }];

    const cli = await findTemporalCli();
    if (!cli) throw new Error('no Temporal CLI found (set TEMPORAL_CLI_PATH or install Python 3)');
    const temporalVersion = (await run(cli.path, ['--version'])).stdout.trim();
    log(`starting ${temporalVersion}`);
    const temporal = await startTemporalDevServer({
      binary: cli,
      port: await findFreePort(),
      uiPort: await findFreePort(),
    });
    stops.push(() => temporal.stop());

    const database = await createTestDatabase({ prefix: 'bench' });
    stops.push(() => database.close());
    const db = new pg.Pool({ connectionString: database.connectionString, max: 2 });
    stops.push(() => db.end());
    const postgresVersion = String(
      (await db.query('SHOW server_version')).rows[0]?.server_version ?? 'unknown',
    );
    log(`Postgres ${postgresVersion}, schema ${database.schema}`);

    const bluesky = await createBlueskyFake();
    stops.push(() => bluesky.close());

    log('building the workflow bundle (as production workers load it)');
    const bundlePath = join(dir, 'workflow-bundle.js');
    await run(process.execPath, [workerCli, 'bundle', bundlePath]);
    const trivialBundlePath = join(dir, 'trivial-bundle.js');
    await run(process.execPath, [trivialWorkerScript, 'bundle', trivialBundlePath]);

    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const codec = createEncryptionCodec({ keys });
    /** Decodes RelayPost's encrypted payloads. */
    const relaypostClient = new Client({ connection, dataConverter: { payloadCodecs: [codec] } });
    /** Plain payloads, for the trivial workflow. */
    const plainClient = new Client({ connection });

    /** @type {Set<ChildWorker>} */
    const children = new Set();
    stops.push(async () => {
      for (const child of children) await child.stop();
    });

    /**
     * Stops `child` with the stack unless it is stopped before.
     *
     * @param {ChildWorker} child
     * @returns {ChildWorker}
     */
    const tracked = (child) => {
      children.add(child);
      const stop = child.stop;
      child.stop = async () => {
        children.delete(child);
        await stop();
      };
      return child;
    };

    /**
     * Starts `relaypost worker` (the production entry point) with its own memory.
     *
     * @param {Record<string, string>} [extraEnv]
     * @returns {Promise<ChildWorker>}
     */
    const startRelayPostWorker = async (extraEnv = {}) => {
      const env = {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: database.connectionString,
        TEMPORAL_ADDRESS: temporal.address,
        RELAYPOST_ENCRYPTION_KEYS: `bench:${key}`,
        RELAYPOST_SIGNING_SECRET: 'b'.repeat(40),
        BLUESKY_SERVICE: bluesky.adapterOptions().service,
        WORKFLOW_BUNDLE_PATH: bundlePath,
        TELEGRAM_MODE: 'off',
        SCHEDULES: 'false',
        HOST: '127.0.0.1',
        PORT: '0',
        MEDIA_DIR: join(dir, 'media'),
        LOG_LEVEL: 'info',
        // The process settings the container image runs the worker with.
        ...WORKER_RUNTIME_ENV,
        ...(options.publishConcurrency ? { PUBLISH_CONCURRENCY: String(options.publishConcurrency) } : {}),
        ...options.workerEnv,
        ...extraEnv,
      };
      const child = await spawnUntil(
        process.execPath,
        [workerCli, 'worker'],
        env,
        'relaypost worker started',
      );
      return tracked(child);
    };

    /**
     * Starts the trivial one-activity worker on its own task queue.
     *
     * @param {string} taskQueue
     * @returns {Promise<ChildWorker>}
     */
    const startTrivialWorker = async (taskQueue) => {
      const child = await spawnUntil(
        process.execPath,
        [trivialWorkerScript, temporal.address, taskQueue, trivialBundlePath],
        { PATH: process.env.PATH ?? '' },
        'trivial worker ready',
      );
      return tracked(child);
    };

    // The first worker runs the migrations; the SDK opens the store after it.
    const firstWorker = await startRelayPostWorker();
    const relaypost = await createRelayPost({
      temporal: { address: temporal.address },
      database: { connectionString: database.connectionString },
      encryptionKeys: keys,
      adapters: { bluesky: createBluesky(bluesky.adapterOptions()) },
      mediaStore: createLocalMediaStore({ directory: join(dir, 'media') }),
    });
    stops.push(() => relaypost.close());

    /**
     * A workspace with one connected Bluesky account (on the fake).
     *
     * @param {string} name
     */
    const workspaceWithAccount = async (name) => {
      const workspace = await relaypost.workspaces.create({ name, timeZone: 'UTC' });
      const account = await relaypost.accounts.connectWithPassword({
        workspaceId: workspace.id,
        platform: 'bluesky',
        identifier: bluesky.handle,
        password: 'app-pass-word-1234',
      });
      return { workspaceId: workspace.id, accountId: account.id };
    };

    /**
     * How many of a workspace's posts are in one of `statuses`.
     *
     * @param {string} workspaceId
     * @param {readonly string[]} statuses
     * @returns {Promise<number>}
     */
    const countPosts = async (workspaceId, statuses) => {
      const { rows } = await db.query(
        'SELECT count(*)::int AS n FROM posts WHERE workspace_id = $1 AND status = ANY($2)',
        [workspaceId, statuses],
      );
      return Number(rows[0]?.n ?? 0);
    };

    /**
     * Bytes on disk of every table in the schema (with indexes and TOAST).
     *
     * @returns {Promise<{ total: number, tables: Record<string, number>, rows: Record<string, number> }>}
     */
    const schemaSize = async () => {
      const { rows } = await db.query(
        `SELECT c.relname AS name, pg_total_relation_size(c.oid)::bigint AS bytes
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
        [database.schema],
      );
      /** @type {Record<string, number>} */
      const tables = {};
      /** @type {Record<string, number>} */
      const counts = {};
      for (const row of rows) {
        tables[row.name] = Number(row.bytes);
        const count = await db.query(`SELECT count(*)::int AS n FROM "${database.schema}"."${row.name}"`);
        counts[row.name] = Number(count.rows[0]?.n ?? 0);
      }
      return { total: Object.values(tables).reduce((a, b) => a + b, 0), tables, rows: counts };
    };

    return {
      temporal,
      temporalVersion,
      postgresVersion,
      usingEmbeddedPostgres: !process.env.DATABASE_URL,
      database,
      /** A small pool on the benchmark's schema, for counting and sizing. */
      db,
      bluesky,
      relaypost,
      relaypostClient,
      plainClient,
      firstWorker,
      startRelayPostWorker,
      startTrivialWorker,
      workspaceWithAccount,
      countPosts,
      schemaSize,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Spawns a process and resolves once a line of its stdout contains `readyText`.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {Record<string, string>} env
 * @param {string} readyText
 * @returns {Promise<ChildWorker>}
 */
async function spawnUntil(command, args, env, readyText) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  /** @type {string[]} */
  const tail = [];
  const written = { lines: 0, bytes: 0 };
  const keep = (/** @type {string} */ line) => {
    written.lines += 1;
    written.bytes += Buffer.byteLength(line) + 1;
    tail.push(line);
    if (tail.length > 40) tail.shift();
  };
  child.stderr?.on('data', (chunk) => keep(String(chunk)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve, reject) => {
    const lines = createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) });
    lines.on('line', (line) => {
      keep(line);
      if (line.includes(readyText)) resolve(undefined);
    });
    child.once('exit', (code) =>
      reject(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${tail.join('\n')}`)),
    );
  });
  const pid = /** @type {number} */ (child.pid);
  let stopped = false;
  return {
    pid,
    memory: () => memoryOf(pid),
    cpuSeconds: () => cpuSecondsOf(pid),
    output: () => ({ ...written }),
    tail: () => [...tail],
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The version of an installed package: its package.json, found by walking up from its entry point
 * (some packages do not export `./package.json`).
 *
 * @param {string} name
 * @returns {Promise<string>}
 */
export async function packageVersion(name) {
  let dir = dirname(fileURLToPath(import.meta.resolve(name)));
  for (;;) {
    try {
      const json = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
      if (json.name === name) return String(json.version);
    } catch {
      // no package.json here
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
