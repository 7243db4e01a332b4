export { createMemoryDatabase, type MemoryDatabase } from './database.js';
export { type CreateMemoryStoreOptions, createMemoryStore } from './store.js';
