import { afterEach, beforeEach } from 'vitest';
import { createKeyring, generateEncryptionKey, type Keyring, type KeyringKey } from '../crypto/keyring.js';
import type { RelayPostStore } from '../store/types.js';

/** A store under test, built fresh (empty) for each test. */
export interface StoreUnderTest {
  store: RelayPostStore;
  /** Removes everything the factory created. */
  cleanup(): Promise<void>;
  /**
   * Opens the same data with another keyring (a restart after a key rotation). Without it, the
   * tests for encryption at rest and re-encryption are skipped.
   */
  reopen?(options: { keyring: Keyring }): Promise<RelayPostStore>;
}

/** Builds an empty store that encrypts with `keyring`. */
export type StoreFactory = (options: { keyring: Keyring }) => Promise<StoreUnderTest>;

/** What each test sees: the store, its keyring, and how to reopen it with another one. */
export interface ConformanceContext {
  store: RelayPostStore;
  keyring: Keyring;
  /** The key behind `keyring`, for building rotated keyrings. */
  key: KeyringKey;
  /** Reopens with `keyring`; returns undefined when the factory cannot. Closed after the test. */
  reopen(keyring: Keyring): Promise<RelayPostStore | undefined>;
}

/** Registers hooks that build a fresh store per test; returns a getter for the current one. */
export function useStore(factory: StoreFactory): () => ConformanceContext {
  let current: ConformanceContext | undefined;
  let teardown: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    const key = { id: 'k1', key: generateEncryptionKey() };
    const keyring = createKeyring({ keys: [key] });
    const target = await factory({ keyring });
    teardown = [() => target.cleanup(), () => target.store.close()];
    current = {
      store: target.store,
      keyring,
      key,
      async reopen(next) {
        if (target.reopen === undefined) return undefined;
        const reopened = await target.reopen({ keyring: next });
        teardown.push(() => reopened.close());
        return reopened;
      },
    };
  });

  afterEach(async () => {
    // Close reopened stores first, the factory's cleanup last.
    for (const step of teardown.reverse()) await step();
    current = undefined;
  });

  return () => {
    if (current === undefined) throw new Error('the store is only available inside a test');
    return current;
  };
}
