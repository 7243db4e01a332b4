export { type MigrateOptions, migrateToLatest } from './migrate.js';
export type {
  AccountsTable,
  HistoryEventsTable,
  Int8,
  Json,
  MediaAssetsTable,
  PostsTable,
  PostTargetsTable,
  RelayPostDatabase,
  Timestamp,
  WorkspacesTable,
} from './schema.js';
export {
  type CreatePostgresStoreOptions,
  createPostgresStore,
  type PostgresConnectionOptions,
  type PostgresStore,
} from './store.js';
