import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Keyring } from '../../crypto/keyring.js';
import { NotFoundError } from '../../errors/relaypost-error.js';
import type { RelayPostDatabase } from './schema.js';

/** What every table module needs: the database and the keyring. */
export interface PostgresContext {
  db: Kysely<RelayPostDatabase>;
  keyring: Keyring;
  /** The schema of the tables, when not the connection's `search_path`; raw SQL must name it. */
  schema?: string | undefined;
}

/**
 * A table for raw SQL, in the store's schema: kysely's `withSchema` qualifies the tables of the
 * queries it builds, never those inside a `sql` template.
 */
export function rawTable(
  ctx: Pick<PostgresContext, 'schema'>,
  table: keyof RelayPostDatabase,
): RawBuilder<unknown> {
  return sql.table(ctx.schema === undefined ? table : `${ctx.schema}.${table}`);
}

/** A transaction, or the pool itself for a read that needs none (see {@link readOnly}). */
export type Trx = Transaction<RelayPostDatabase> | Kysely<RelayPostDatabase>;

/**
 * Runs reads on the pool, without BEGIN and COMMIT: under READ COMMITTED every statement takes
 * its own snapshot anyway, so a transaction would only add two round trips. Never for writes, nor
 * for reads that lock.
 */
export function readOnly<T>(ctx: PostgresContext, work: (db: Trx) => Promise<T>): Promise<T> {
  return work(ctx.db);
}

/** Runs `work` in one transaction: it writes everything or nothing. */
export function inTransaction<T>(ctx: PostgresContext, work: (trx: Trx) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(work);
}

/** Throws NotFoundError unless the workspace exists; `lock` blocks a concurrent erase until commit. */
export async function requireWorkspace(trx: Trx, workspaceId: string, lock = false): Promise<void> {
  let query = trx.selectFrom('workspaces').select('id').where('id', '=', workspaceId);
  if (lock) query = query.forShare();
  if ((await query.executeTakeFirst()) === undefined) throw new NotFoundError('workspace', workspaceId);
}
