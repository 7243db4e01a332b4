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
  const { error, results = [] } = await migrator.migrateToLatest();
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
