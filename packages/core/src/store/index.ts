export {
  type AccountRecord,
  type CreateMemoryStoreOptions,
  createMemoryDatabase,
  createMemoryStore,
  type MemoryDatabase,
  type MemoryTables,
  type WorkspaceRecord,
  type WorkspaceSecrets,
} from './memory/index.js';
export type {
  AccountStore,
  HistoryStore,
  ListPostsFilter,
  MediaStoreMetadata,
  Page,
  PostPatch,
  PostStore,
  RelayPostStore,
  TargetClaim,
  UnfinishedPost,
  WorkspaceExport,
  WorkspaceStore,
} from './types.js';
