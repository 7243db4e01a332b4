import { type Kysely, sql } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import type { AdminDatabase } from './schema';

/**
 * The app's migrations, in code so the built app carries them. Run after better-auth's own
 * (`membership.user_id` refers to its `user` table).
 */
const migrations: Record<string, Migration> = {
  '2026-12-01-memberships-and-drafts': {
    async up(db) {
      await db.schema
        .createTable('admin_membership')
        .addColumn('user_id', 'text', (c) => c.notNull().references('admin_user.id').onDelete('cascade'))
        .addColumn('workspace_id', 'uuid', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'member')`))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('admin_membership_pk', ['user_id', 'workspace_id'])
        .execute();
      await db.schema
        .createIndex('admin_membership_workspace')
        .on('admin_membership')
        .column('workspace_id')
        .execute();
      await db.schema
        .createTable('admin_draft')
        .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn('workspace_id', 'uuid', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('admin_user.id').onDelete('cascade'))
        .addColumn('state', 'jsonb', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createIndex('admin_draft_workspace')
        .on('admin_draft')
        .columns(['workspace_id', 'updated_at'])
        .execute();
    },
  },
};

/**
 * Brings the app's tables up to date (in `schema` when given, else the connection's); throws
 * the first failure.
 *
 * @example
 * ```ts
 * await migrateAppTables(db, undefined);
 * ```
 */
export async function migrateAppTables(db: Kysely<AdminDatabase>, schema: string | undefined): Promise<void> {
  // Named even when it is the connection's: Kysely looks for its migration tables in every
  // schema otherwise, and another schema's `admin_migration_lock` would be taken for ours.
  const tableSchema =
    schema ?? (await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db)).rows[0]!.schema;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: tableSchema,
    migrationTableName: 'admin_migration',
    migrationLockTableName: 'admin_migration_lock',
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely looks for its migration tables among the tables of every schema; a schema another
  // process drops in that moment (test databases on a shared server) fails the look-up with
  // 3F000 before anything ran. Look again: nothing of ours was touched.
  for (let attempt = 1; attempt < 4 && error && !results?.length && isMissingSchema(error); attempt++)
    ({ error, results } = await migrator.migrateToLatest());
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`admin app migration ${failed ?? ''} failed`, { cause: error });
  }
}

/** Postgres' "schema does not exist" (3F000), on the error or its causes. */
function isMissingSchema(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    if ((current as { code?: unknown }).code === '3F000') return true;
    current = current.cause;
  }
  return false;
}
