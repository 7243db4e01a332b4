import { type Kysely, sql } from 'kysely';
import { type MigrationResult, Migrator } from 'kysely/migration';
import { migrationProvider } from './migrations/index.js';

export interface MigrateOptions {
  /** Postgres schema holding the tables and the migration log; the connection's search_path by default. */
  schema?: string;
}

/**
 * Brings the database up to the latest schema, inside kysely's migration lock (safe to run from
 * several processes at once). Returns what ran; throws when a migration fails, naming it.
 *
 * @example
 * ```ts
 * const results = await migrateToLatest(db);
 * for (const r of results) console.log(r.migrationName, r.status);
 * ```
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  options: MigrateOptions = {},
): Promise<MigrationResult[]> {
  // Always name the schema: left to search_path, kysely finds a migration table that another
  // schema on the path holds (say `public`) and then fails to lock it in this one.
  const schema = options.schema ?? (await currentSchema(db));
  const migrator = new Migrator({
    db: db.withSchema(schema),
    provider: migrationProvider,
    migrationTableSchema: schema,
  });
  let { error, results = [] } = await migrator.migrateToLatest();
  // kysely looks for its migration table among the tables of every schema; a schema another
  // process drops in that moment (test databases on a shared server do) fails the look-up with
  // 3F000 before anything ran. Look again: nothing of ours was touched.
  for (
    let attempt = 1;
    attempt < 4 && error !== undefined && results.length === 0 && isMissingSchema(error);
    attempt++
  ) {
    ({ error, results = [] } = await migrator.migrateToLatest());
  }
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(
      failed === undefined
        ? `RelayPost migrations could not run: ${cause}`
        : `RelayPost migration ${failed} failed (nothing after it ran): ${cause}`,
      { cause: error },
    );
  }
  return results;
}

async function currentSchema<DB>(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('RelayPost migrations could not run: the connection has no current schema');
  return schema;
}

function isMissingSchema(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    if ((current as { code?: unknown }).code === '3F000') return true;
    current = current.cause;
  }
  return false;
}
