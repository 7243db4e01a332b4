import type { RelayPost } from '@relaypost/sdk';
import type { Kysely } from 'kysely';
import type { AdminAuth } from './auth/auth';
import type { AdminDatabase } from './db/schema';

/** Where the app reports what happened (requests that failed, erasures). */
export type AdminLogger = (
  level: 'info' | 'warn' | 'error',
  message: string,
  data?: Record<string, unknown>,
) => void;

/** Everything the pages and server actions share, set once by `createAdminApp`. */
export interface AdminRuntime {
  relaypost: RelayPost;
  db: Kysely<AdminDatabase>;
  auth: AdminAuth;
  publicUrl: string;
  telegramApiRoot: string;
  googleSignIn: boolean;
  log: AdminLogger;
}

// A process-wide slot: the Next.js server bundle and the custom server are separate module
// graphs, so a module-level variable would not be shared between them.
const SLOT = Symbol.for('@relaypost/example-admin/runtime');
type Holder = { [SLOT]?: AdminRuntime };

/**
 * Installs the runtime the pages use. Called by `createAdminApp` before Next.js starts.
 *
 * @example
 * ```ts
 * setRuntime({ relaypost, db, auth, publicUrl, telegramApiRoot, googleSignIn: false, log });
 * ```
 */
export function setRuntime(runtime: AdminRuntime | undefined): void {
  (globalThis as Holder)[SLOT] = runtime;
}

/**
 * The runtime installed by `createAdminApp`; throws when the app was started some other way
 * (e.g. with `next start`, which cannot hand the app an SDK object).
 *
 * @example
 * ```ts
 * const { relaypost } = runtime();
 * ```
 */
export function runtime(): AdminRuntime {
  const value = (globalThis as Holder)[SLOT];
  if (!value)
    throw new Error(
      'The admin app was started without its runtime: start it with createAdminApp() (src/start.ts) or `npm start`, not `next start`.',
    );
  return value;
}
