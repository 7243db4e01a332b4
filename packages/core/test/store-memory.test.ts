import { createMemoryStore } from '../src/index.js';
import { createMemoryDatabase } from '../src/store/memory/index.js';
import { describeStoreConformance } from '../src/testing.js';

describeStoreConformance('memory', async ({ keyring }) => {
  const database = createMemoryDatabase();
  return {
    store: createMemoryStore({ keyring, database }),
    cleanup: async () => {},
    reopen: async (options) => createMemoryStore({ keyring: options.keyring, database }),
  };
});
