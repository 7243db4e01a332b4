import pg from 'pg';

/** The admin app's own tables (users, sessions, memberships, login attempts) live beside RelayPost's. */
export type Db = pg.Pool;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens a pool on `url`. With `schema`, every connection uses that schema (created by `migrate`),
 * which is how the tests keep each run apart.
 *
 * @example
 * ```ts
 * const db = openDatabase('postgres://postgres@127.0.0.1:5432/app');
 * ```
 */
export function openDatabase(url: string, schema?: string): Db {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`schema must be a lowercase SQL identifier: ${schema}`);
  }
  return new pg.Pool({
    connectionString: url,
    max: 5,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
}

interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'users, sessions, memberships, login attempts',
    sql: `
      CREATE TABLE admin_users (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        password_hash text,
        google_sub text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX admin_users_email ON admin_users (lower(email));

      CREATE TABLE admin_memberships (
        user_id uuid NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'member')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, workspace_id)
      );
      CREATE INDEX admin_memberships_workspace ON admin_memberships (workspace_id);

      CREATE TABLE admin_sessions (
        -- SHA-256 of the cookie's token: a leaked table does not give working sessions.
        id text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
        workspace_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX admin_sessions_user ON admin_sessions (user_id);
      CREATE INDEX admin_sessions_expires ON admin_sessions (expires_at);

      CREATE TABLE admin_login_attempts (
        -- SHA-256 of "ip|email": counts attempts without keeping addresses in clear.
        key text NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX admin_login_attempts_key ON admin_login_attempts (key, attempted_at);
    `,
  },
];

/**
 * Creates or upgrades the admin tables. Safe to run from several processes at once (an advisory
 * lock serialises them) and on every start (applied versions are skipped).
 *
 * @returns the versions applied by this call.
 */
export async function migrateDatabase(db: Db, schema?: string): Promise<number[]> {
  const client = await db.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`relaypost-admin:${schema ?? 'public'}`]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS admin_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM admin_migrations');
    const done = new Set(rows.map((r) => r.version));
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO admin_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        await client.query('COMMIT');
        applied.push(migration.version);
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client
      .query('SELECT pg_advisory_unlock(hashtext($1))', [`relaypost-admin:${schema ?? 'public'}`])
      .catch(() => undefined);
    client.release();
  }
  return applied;
}
