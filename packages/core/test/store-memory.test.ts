import { createMemoryDatabase, createMemoryStore } from '../src/index.js';
import { describeStoreConformance } from '../src/testing.js';

describeStoreConformance('memory', async ({ keyring }) => {
  const database = createMemoryDatabase();
  return {
    store: createMemoryStore({ keyring, database }),
    cleanup: async () => {},
    reopen: async (options) => createMemoryStore({ keyring: options.keyring, database }),
  };
});
