import type { Migration, MigrationProvider } from 'kysely/migration';
import { initialMigration } from './0001_initial.js';
import { publishHoldMigration } from './0002_publish_hold.js';
import { postProblemMigration } from './0003_post_problem.js';
import { workspaceScopedIdsMigration } from './0004_workspace_scoped_ids.js';

/**
 * Every migration, shipped in code (no files to locate at runtime, works from a bundle).
 * Names sort in the order they run; never rename or edit one that was released.
 *
 * @example
 * ```ts
 * Object.keys(migrations); // ['0001_initial', '0002_publish_hold', '0003_post_problem', '0004_workspace_scoped_ids']
 * ```
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_initial': initialMigration,
  '0002_publish_hold': publishHoldMigration,
  '0003_post_problem': postProblemMigration,
  '0004_workspace_scoped_ids': workspaceScopedIdsMigration,
};

/**
 * Hands kysely's `Migrator` the migrations above, for hosts that run migrations their own way.
 *
 * @example
 * ```ts
 * import { Migrator } from 'kysely/migration';
 * const migrator = new Migrator({ db, provider: migrationProvider });
 * const { error, results } = await migrator.migrateToLatest();
 * ```
 */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...migrations }),
};
