/**
 * The RelayPost example admin app: a Next.js app (App Router) served by this custom server, so
 * the host process hands it its RelayPost SDK object. `relaypost dev` calls `createAdminApp`;
 * `src/server.ts` runs it on its own from the environment.
 *
 * @packageDocumentation
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { RelayPost } from '@relaypost/sdk';
import { getMigrations } from 'better-auth/db/migration';
import next from 'next';
import { CLIENT_IP_HEADER, createAdminAuth } from './auth/auth';
import { ensureSchema, openAdminDatabase } from './db/database';
import { forgetWorkspace, workspacesOnlyOwnedBy } from './db/memberships';
import { migrateAppTables } from './db/migrations';
import { type AdminLogger, setRuntime } from './runtime';

export type { AdminLogger } from './runtime';

/** Options of `createAdminApp`. */
export interface AdminAppOptions {
  /** The object `createRelayPost()` returns. The app never closes it: the caller owns it. */
  relaypost: RelayPost;
  /** Postgres for the admin's own tables (better-auth's and the app's). */
  databaseUrl: string;
  /** Postgres schema for those tables (all named `admin_*`), created when missing. Default: the connection's. */
  schema?: string;
  /** At least 32 random characters: better-auth signs sessions and tokens with it. */
  authSecret: string;
  /** Where users reach the app, e.g. `https://admin.example.com`: cookies, OAuth redirect URIs, allowed Origin. */
  publicUrl: string;
  /** Telegram Bot API root for "send test message". Default `https://api.telegram.org`. */
  telegramApiRoot?: string;
  /** Google sign-in; the button is shown only with both values. */
  google?: { clientId: string; clientSecret: string } | null;
  /** Take the client address from `X-Forwarded-For` (only behind a proxy you control). Default false. */
  trustProxy?: boolean;
  /** Sign-in attempts per IP and minute. Default 5. */
  signInPerMinute?: number;
  /** Serve with `next dev` (hot reload, for working on the app). Default false: the production build in `.next`. */
  dev?: boolean;
  /** Where the app logs; default: warnings and errors to stderr. */
  log?: AdminLogger;
}

export interface AdminApp {
  /** A `node:http` request listener: `http.createServer(app.handler)`. */
  handler(req: IncomingMessage, res: ServerResponse): void;
  /** Stops Next.js and closes the admin's database pool (not the SDK). */
  close(): Promise<void>;
}

/** The package folder: where `next build` left `.next`. */
const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * Migrates the admin tables, starts Next.js on the built app and returns its request handler.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createRelayPost, createLocalMediaStore } from '@relaypost/sdk';
 * import { createAdminApp } from '@relaypost/example-admin';
 *
 * const relaypost = await createRelayPost({
 *   ..., mediaStore: createLocalMediaStore({ directory: '.relaypost/media' }),
 * });
 * const admin = await createAdminApp({
 *   relaypost,
 *   databaseUrl: process.env.DATABASE_URL!,
 *   authSecret: process.env.ADMIN_AUTH_SECRET!,
 *   publicUrl: 'http://127.0.0.1:3000',
 * });
 * createServer(admin.handler).listen(3000, '127.0.0.1');
 * ```
 */
export async function createAdminApp(options: AdminAppOptions): Promise<AdminApp> {
  const publicUrl = new URL(options.publicUrl).origin;
  const schema = options.schema;
  const log: AdminLogger =
    options.log ??
    ((level, message, data) => {
      if (level !== 'info') console.error(`[admin] ${level}: ${message}`, data ?? '');
    });
  const db = openAdminDatabase(options.databaseUrl, schema);
  const relaypost = options.relaypost;
  try {
    const auth = createAdminAuth({
      db,
      schema,
      secret: options.authSecret,
      publicUrl,
      google: options.google?.clientId && options.google.clientSecret ? options.google : null,
      trustProxy: options.trustProxy ?? false,
      ...(options.signInPerMinute ? { signInPerMinute: options.signInPerMinute } : {}),
      async beforeDeleteUser(userId) {
        for (const workspaceId of await workspacesOnlyOwnedBy(db, userId)) {
          const { stoppedWorkflows } = await relaypost.workspaces.erase(workspaceId);
          await forgetWorkspace(db, workspaceId);
          log('info', 'workspace erased with its last owner', { workspaceId, userId, stoppedWorkflows });
        }
      },
    });
    if (schema) await ensureSchema(db, schema);
    await (await getMigrations(auth.options)).runMigrations();
    await migrateAppTables(db, schema);

    setRuntime({
      relaypost,
      db,
      auth,
      publicUrl,
      telegramApiRoot: options.telegramApiRoot ?? 'https://api.telegram.org',
      googleSignIn: Boolean(options.google?.clientId && options.google.clientSecret),
      log,
    });
    process.env.NEXT_TELEMETRY_DISABLED = '1';
    const url = new URL(publicUrl);
    const app = next({
      dev: options.dev ?? false,
      dir: APP_DIR,
      hostname: url.hostname,
      port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    });
    await app.prepare();
    const handle = app.getRequestHandler();
    const trustProxy = options.trustProxy ?? false;
    return {
      handler(req, res) {
        // The rate limiter keys on this header: set it from the socket, never from the client.
        delete req.headers[CLIENT_IP_HEADER];
        if (!trustProxy) req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? 'unknown';
        handle(req, res).catch((error: unknown) => {
          log('error', 'request failed', { error: error instanceof Error ? error.stack : String(error) });
          if (!res.headersSent) {
            res.statusCode = 500;
            res.end('Internal error');
          } else res.destroy();
        });
      },
      async close() {
        await app.close();
        setRuntime(undefined);
        await db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
