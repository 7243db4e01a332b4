import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import type { Keyring } from '../../crypto/keyring.js';
import { ConfigurationError } from '../../errors/relaypost-error.js';
import type { RelayPostStore } from '../types.js';
import { createPostgresAccountStore } from './accounts.js';
import type { PostgresContext } from './context.js';
import { createPostgresHistoryStore } from './history.js';
import { createPostgresMediaStore } from './media.js';
import { migrateToLatest } from './migrate.js';
import { createPostgresPostStore } from './posts.js';
import { reencryptSecrets } from './reencrypt.js';
import type { RelayPostDatabase } from './schema.js';
import { createPostgresWorkspaceStore } from './workspaces.js';

/**
 * Where the Postgres store connects: give exactly one of the three. `pool` is a `pg.Pool`, typed
 * as the part of it kysely uses, so these types need no `@types/pg` in the host app.
 */
export type PostgresConnectionOptions =
  | { connectionString: string; pool?: never; kysely?: never }
  | { pool: PostgresPool; connectionString?: never; kysely?: never }
  | { kysely: Kysely<RelayPostDatabase>; connectionString?: never; pool?: never };

export type CreatePostgresStoreOptions = PostgresConnectionOptions & {
  keyring: Keyring;
  /** Postgres schema for the tables; the connection's `search_path` by default. */
  schema?: string;
  /**
   * For the pool the store opens from `connectionString`: at most `max` connections (default 10),
   * and `min` (default 0) kept open however long they sit idle, so that a burst after a quiet
   * while (a thousand posts due in one second) does not first wait for new connections.
   */
  poolSize?: { min?: number; max?: number };
};

/** The Postgres store: a `RelayPostStore` plus its migrations and the kysely instance. */
export interface PostgresStore extends RelayPostStore {
  /** Runs pending migrations (see {@link migrateToLatest}). */
  migrate(): ReturnType<typeof migrateToLatest>;
  /** The kysely instance, for the host app's own queries against RelayPost tables. */
  readonly db: Kysely<RelayPostDatabase>;
}

/**
 * Creates the Postgres store (kysely + pg). Run `migrate()` once before use, e.g. at deploy time.
 * `close()` ends the pool only when the store created it from a connection string.
 *
 * @example
 * ```ts
 * const store = createPostgresStore({ connectionString: process.env.DATABASE_URL!, keyring });
 * await store.migrate();
 * const workspace = await store.workspaces.create({ name: 'Acme' });
 * ```
 */
export function createPostgresStore(options: CreatePostgresStoreOptions): PostgresStore {
  const sources = [options.connectionString, options.pool, options.kysely].filter((s) => s !== undefined);
  if (sources.length !== 1) {
    throw new ConfigurationError('createPostgresStore: give exactly one of connectionString, pool or kysely');
  }
  if (options.schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(options.schema)) {
    throw new ConfigurationError(`createPostgresStore: schema "${options.schema}" is not a plain identifier`);
  }
  const owned = options.connectionString !== undefined;
  if (!owned && options.poolSize !== undefined) {
    throw new ConfigurationError(
      'createPostgresStore: poolSize applies only to a pool opened from connectionString',
    );
  }
  const base =
    options.kysely ??
    new Kysely<RelayPostDatabase>({
      dialect: new PostgresDialect({
        pool: options.pool ?? ownPool(options.connectionString, options.poolSize),
      }),
    });
  const db = options.schema === undefined ? base : base.withSchema(options.schema);
  const ctx: PostgresContext = { db, keyring: options.keyring, schema: options.schema };

  return {
    db,
    workspaces: createPostgresWorkspaceStore(ctx),
    accounts: createPostgresAccountStore(ctx),
    posts: createPostgresPostStore(ctx),
    media: createPostgresMediaStore(ctx),
    history: createPostgresHistoryStore(ctx),
    reencryptSecrets: () => reencryptSecrets(ctx),
    migrate: () => migrateToLatest(base, options.schema === undefined ? {} : { schema: options.schema }),
    async close() {
      if (owned) await base.destroy();
    },
  };
}

/**
 * A pool of our own. An idle connection that the server drops (restart, failover, network cut)
 * makes pg emit 'error' on the pool, and an unhandled 'error' event ends the process: the next
 * query simply opens a new connection, so the event is ignored here.
 */
function ownPool(
  connectionString: string | undefined,
  size: CreatePostgresStoreOptions['poolSize'],
): pg.Pool {
  const max = size?.max ?? 10;
  const min = size?.min ?? 0;
  if (!Number.isInteger(max) || max < 1 || !Number.isInteger(min) || min < 0 || min > max) {
    throw new ConfigurationError(
      `createPostgresStore: poolSize needs whole numbers with 0 ≤ min ≤ max and max ≥ 1 (got min ${min}, max ${max})`,
    );
  }
  const pool = new pg.Pool({ connectionString, max, min });
  pool.on('error', () => undefined);
  return pool;
}
