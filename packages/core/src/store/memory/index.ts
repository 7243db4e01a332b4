export type { AccountRecord, WorkspaceRecord, WorkspaceSecrets } from '../shared/records.js';
export { createMemoryDatabase, type MemoryDatabase, type MemoryTables } from './database.js';
export { type CreateMemoryStoreOptions, createMemoryStore } from './store.js';
