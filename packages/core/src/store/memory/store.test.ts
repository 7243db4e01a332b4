import { createMemoryDatabase, createMemoryStore } from '../../index.js';
import { describeStoreConformance } from '../../testing.js';

describeStoreConformance('memory', async ({ keyring }) => {
  const database = createMemoryDatabase();
  return {
    store: createMemoryStore({ keyring, database }),
    cleanup: async () => {},
    reopen: async (options) => createMemoryStore({ keyring: options.keyring, database }),
  };
});
