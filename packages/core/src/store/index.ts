export {
  type CreateMemoryStoreOptions,
  createMemoryDatabase,
  createMemoryStore,
  type MemoryDatabase,
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
  WorkspaceExport,
  WorkspaceStore,
} from './types.js';
