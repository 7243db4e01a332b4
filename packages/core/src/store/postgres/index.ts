export { type MigrateOptions, migrateToLatest } from './migrate.js';
export { migrationProvider, migrations } from './migrations/index.js';
export type { RelayPostDatabase } from './schema.js';
export {
  type CreatePostgresStoreOptions,
  createPostgresStore,
  type PostgresConnectionOptions,
  type PostgresStore,
} from './store.js';
