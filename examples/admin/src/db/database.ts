import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { AdminDatabase } from './schema';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A Kysely instance for the admin tables: in `schema` when given, else in the connection's
 * schema (where RelayPost's tables are too; the admin's are all named `admin_*`).
 *
 * @example
 * ```ts
 * const db = openAdminDatabase(process.env.DATABASE_URL!, undefined);
 * ```
 */
export function openAdminDatabase(
  connectionString: string,
  schema: string | undefined,
): Kysely<AdminDatabase> {
  if (schema !== undefined && !IDENTIFIER.test(schema))
    throw new Error(`the admin schema must be a lower-case SQL identifier, not "${schema}"`);
  const db = new Kysely<AdminDatabase>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 10 }) }),
  });
  return schema ? db.withSchema(schema) : db;
}

/**
 * Creates the schema when it is missing.
 *
 * @example
 * ```ts
 * await ensureSchema(db, 'relaypost_admin');
 * ```
 */
export async function ensureSchema(db: Kysely<AdminDatabase>, schema: string): Promise<void> {
  await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(db);
}
