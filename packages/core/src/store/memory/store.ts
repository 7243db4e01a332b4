import type { Keyring } from '../../crypto/keyring.js';
import { CREDENTIALS_FIELD, secretAad, WORKSPACE_SECRET_FIELDS } from '../shared/secrets.js';
import type { RelayPostStore } from '../types.js';
import { createMemoryAccountStore } from './accounts.js';
import { createMemoryDatabase, type MemoryDatabase } from './database.js';
import { createMemoryHistoryStore } from './history.js';
import { createMemoryMediaStore } from './media.js';
import { createMemoryPostStore } from './posts.js';
import { createMemoryWorkspaceStore } from './workspaces.js';

export interface CreateMemoryStoreOptions {
  /** Encrypts secrets, as in Postgres, so the two stores behave the same. */
  keyring: Keyring;
  /** Share data between stores; a new empty database by default. */
  database?: MemoryDatabase;
}

/**
 * A store that keeps everything in process memory: for tests, examples and trying RelayPost out.
 * Data is lost when the process ends. Each write copies the data, so keep it small.
 *
 * @example
 * ```ts
 * const store = createMemoryStore({ keyring: createKeyring({ keys: [{ id: 'k1', key }] }) });
 * const workspace = await store.workspaces.create({ name: 'Acme' });
 * ```
 */
export function createMemoryStore(options: CreateMemoryStoreOptions): RelayPostStore {
  const db = options.database ?? createMemoryDatabase();
  const { keyring } = options;
  return {
    workspaces: createMemoryWorkspaceStore(db, keyring),
    accounts: createMemoryAccountStore(db, keyring),
    posts: createMemoryPostStore(db),
    media: createMemoryMediaStore(db),
    history: createMemoryHistoryStore(db),

    async reencryptSecrets() {
      return db.write((t) => {
        let reencrypted = 0;
        const refresh = (ciphertext: string | null, aad: string): string | null => {
          if (ciphertext === null || !keyring.needsReencryption(ciphertext)) return ciphertext;
          reencrypted += 1;
          return keyring.reencrypt(ciphertext, aad);
        };
        for (const workspace of t.workspaces.values()) {
          for (const field of Object.keys(WORKSPACE_SECRET_FIELDS) as Array<
            keyof typeof WORKSPACE_SECRET_FIELDS
          >) {
            workspace.secrets[field] = refresh(
              workspace.secrets[field],
              secretAad('workspaces', workspace.id, WORKSPACE_SECRET_FIELDS[field]),
            );
          }
        }
        for (const account of t.accounts.values()) {
          account.credentials = refresh(
            account.credentials,
            secretAad('accounts', account.id, CREDENTIALS_FIELD),
          );
        }
        return { reencrypted };
      });
    },

    async close() {
      // Nothing to release; the data stays with the database object.
    },
  };
}
