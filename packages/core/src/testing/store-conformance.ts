import { describe } from 'vitest';
import { accountTests } from './account-tests.js';
import { type StoreFactory, useStore } from './context.js';
import { idScopeTests } from './id-scope-tests.js';
import { isolationTests } from './isolation-tests.js';
import { lifecycleTests } from './lifecycle-tests.js';
import { historyTests, mediaTests } from './media-history-tests.js';
import { postTests } from './post-tests.js';
import { secretTests } from './secret-tests.js';
import { workspaceTests } from './workspace-tests.js';

/**
 * Registers the store conformance suite with vitest: every `RelayPostStore` implementation must
 * pass it. `factory` builds an empty store per test that encrypts with the keyring it is given;
 * give `reopen` as well so encryption at rest and key rotation are tested.
 *
 * @example
 * ```ts
 * // src/store/memory/store.test.ts
 * import { createMemoryDatabase, createMemoryStore } from '@relaypost/core';
 * import { describeStoreConformance } from '@relaypost/core/testing';
 *
 * describeStoreConformance('memory', async ({ keyring }) => {
 *   const database = createMemoryDatabase();
 *   return {
 *     store: createMemoryStore({ keyring, database }),
 *     cleanup: async () => {},
 *     reopen: async (options) => createMemoryStore({ keyring: options.keyring, database }),
 *   };
 * });
 * ```
 */
export function describeStoreConformance(name: string, factory: StoreFactory): void {
  describe(`${name} store conformance`, () => {
    const ctx = useStore(factory);
    workspaceTests(ctx);
    accountTests(ctx);
    postTests(ctx);
    mediaTests(ctx);
    historyTests(ctx);
    secretTests(ctx);
    lifecycleTests(ctx);
    isolationTests(ctx);
    idScopeTests(ctx);
  });
}
