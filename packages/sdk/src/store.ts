import type { Keyring, RelayPostStore } from '@relaypost/core';
import { createPostgresStore } from '@relaypost/core/postgres';
import type { RelayPostOptions } from './options.js';

/** Uses the caller's store, or opens the Postgres store and brings its schema up to date. */
export async function openStore(
  database: RelayPostOptions['database'],
  keyring: Keyring,
): Promise<{ store: RelayPostStore; close(): Promise<void> }> {
  if ('store' in database) return { store: database.store, close: async () => undefined };
  const store = createPostgresStore({
    connectionString: database.connectionString,
    keyring,
    ...(database.schema ? { schema: database.schema } : {}),
  });
  await store.migrate();
  return { store, close: () => store.close() };
}
