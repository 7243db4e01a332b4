import { betterAuth } from 'better-auth';
import type { Kysely } from 'kysely';
import type { AdminDatabase } from '../db/schema';

/** The header the admin's own server sets to the peer address (never taken from the client). */
export const CLIENT_IP_HEADER = 'x-relaypost-admin-client-ip';

export interface AdminAuthConfig {
  db: Kysely<AdminDatabase>;
  /** Postgres schema of the tables; the connection's when undefined. */
  schema: string | undefined;
  /** Signs and encrypts better-auth's cookies and tokens; at least 32 characters. */
  secret: string;
  publicUrl: string;
  google: { clientId: string; clientSecret: string } | null;
  /** Behind a proxy you control: read the client address from `X-Forwarded-For`. */
  trustProxy: boolean;
  /** Sign-in attempts per IP and minute (better-auth rate limit, kept in Postgres). Default 5. */
  signInPerMinute?: number;
  /** Called before a user is deleted: erase what only they own. */
  beforeDeleteUser(userId: string): Promise<void>;
}

/**
 * The app's better-auth instance: email and password, Google when configured, sessions in
 * Postgres, rate limits in Postgres, Origin checks on every state-changing request.
 *
 * @example
 * ```ts
 * const auth = createAdminAuth({ db, schema, secret, publicUrl, google: null, trustProxy: false, beforeDeleteUser });
 * const session = await auth.api.getSession({ headers });
 * ```
 */
export function createAdminAuth(config: AdminAuthConfig) {
  if (config.secret.length < 32) throw new Error('the admin auth secret must be at least 32 characters');
  return betterAuth({
    appName: 'RelayPost admin',
    baseURL: config.publicUrl,
    basePath: '/api/auth',
    secret: config.secret,
    trustedOrigins: [config.publicUrl],
    database: {
      db: config.db,
      type: 'postgres',
      ...(config.schema ? { schemaName: config.schema } : {}),
    },
    // Named apart from RelayPost's own tables (it has `accounts`, too).
    user: {
      modelName: 'admin_user',
      deleteUser: { enabled: true, beforeDelete: (user) => config.beforeDeleteUser(user.id) },
    },
    session: { modelName: 'admin_session', expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    verification: { modelName: 'admin_verification' },
    telemetry: { enabled: false },
    emailAndPassword: { enabled: true, minPasswordLength: 10, maxPasswordLength: 128, autoSignIn: true },
    socialProviders: config.google
      ? {
          google: {
            clientId: config.google.clientId,
            clientSecret: config.google.clientSecret,
            prompt: 'select_account',
          },
        }
      : {},
    account: { modelName: 'admin_account', accountLinking: { enabled: true, trustedProviders: ['google'] } },
    rateLimit: {
      enabled: true,
      storage: 'database',
      modelName: 'admin_rate_limit',
      window: 60,
      max: 100,
      customRules: {
        '/sign-in/email': { window: 60, max: config.signInPerMinute ?? 5 },
        '/sign-up/email': { window: 600, max: 10 },
        '/delete-user': { window: 60, max: 5 },
      },
    },
    advanced: {
      useSecureCookies: config.publicUrl.startsWith('https:'),
      ipAddress: { ipAddressHeaders: config.trustProxy ? ['x-forwarded-for'] : [CLIENT_IP_HEADER] },
    },
  });
}

export type AdminAuth = ReturnType<typeof createAdminAuth>;
