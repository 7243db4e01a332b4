import { randomBytes, randomUUID } from 'node:crypto';
import { getMigrations } from 'better-auth/db/migration';
import { type Dialect, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminAuth } from '../src/auth/auth';
import { ensureSchema, openAdminDatabase } from '../src/db/database';
import { deleteDraft, getDraft, listDrafts, saveDraft } from '../src/db/drafts';
import { addMembership, forgetWorkspace, membershipsOf, workspacesOnlyOwnedBy } from '../src/db/memberships';
import { migrateAppTables } from '../src/db/migrations';
import type { AdminDatabase } from '../src/db/schema';
import { emptyComposeState } from '../src/lib/compose';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `admin_test_${randomBytes(5).toString('hex')}`;
const db = openAdminDatabase(DATABASE_URL, schema);
const auth = createAdminAuth({
  db,
  schema,
  secret: 'a-test-secret-that-is-long-enough-1234',
  publicUrl: 'http://127.0.0.1:1',
  google: null,
  trustProxy: false,
  beforeDeleteUser: async () => undefined,
});

async function user(name: string): Promise<string> {
  const created = await auth.api.signUpEmail({
    body: { name, email: `${name}-${randomUUID()}@example.com`, password: 'correct horse battery' },
  });
  return created.user.id;
}

beforeAll(async () => {
  await ensureSchema(db, schema);
  await (await getMigrations(auth.options)).runMigrations();
  await migrateAppTables(db, schema);
});

afterAll(async () => {
  await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db);
  await db.destroy();
});

describe('migrations', () => {
  it('put every admin table in the admin schema, and run twice without harm', async () => {
    await migrateAppTables(db, schema);
    const tables = await sql<{ name: string }>`
      SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${schema} ORDER BY 1`.execute(
      db,
    );
    expect(tables.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'admin_user',
        'admin_session',
        'admin_account',
        'admin_rate_limit',
        'admin_membership',
        'admin_draft',
      ]),
    );
  });
});

describe('migrations on a shared server', () => {
  it('look again when another process drops a schema while Kysely lists every schema’s tables', async () => {
    // Kysely's table look-up lists the tables of every schema: fail it once as Postgres does when
    // a schema vanishes in that moment (3F000), as test databases on a shared server do.
    const postgres = new PostgresDialect({ pool: new pg.Pool({ connectionString: DATABASE_URL, max: 2 }) });
    let failures = 0;
    const dialect: Dialect = {
      createAdapter: () => postgres.createAdapter(),
      createDriver: () => postgres.createDriver(),
      createQueryCompiler: () => postgres.createQueryCompiler(),
      createIntrospector(introspected) {
        const real = postgres.createIntrospector(introspected);
        return {
          getSchemas: () => real.getSchemas(),
          async getTables(options) {
            if (failures++ === 0)
              throw Object.assign(new Error('schema "bench_gone" does not exist'), { code: '3F000' });
            return real.getTables(options);
          },
        };
      },
    };
    const flaky = new Kysely<AdminDatabase>({ dialect }).withSchema(schema);
    try {
      await migrateAppTables(flaky, schema);
      expect(failures).toBeGreaterThan(1);
    } finally {
      await flaky.destroy();
    }
  });
});

describe('migrations in the connection’s own schema', () => {
  it('do not take another schema’s migration tables for theirs', async () => {
    // As in dev mode on a shared server: the schema comes from the connection's search_path, and
    // another stack's schema on the same server already has admin_migration_lock.
    const decoy = `${schema}_decoy`;
    const own = `${schema}_own`;
    await sql`CREATE SCHEMA ${sql.id(decoy)}`.execute(db);
    await sql`CREATE TABLE ${sql.id(decoy, 'admin_migration_lock')} (id text primary key, is_locked integer)`.execute(
      db,
    );
    await sql`CREATE SCHEMA ${sql.id(own)}`.execute(db);
    const url = new URL(DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${own}`);
    const ownDb = openAdminDatabase(url.toString(), undefined);
    const ownAuth = createAdminAuth({
      db: ownDb,
      schema: undefined,
      secret: 'a-test-secret-that-is-long-enough-1234',
      publicUrl: 'http://127.0.0.1:1',
      google: null,
      trustProxy: false,
      beforeDeleteUser: async () => undefined,
    });
    try {
      await (await getMigrations(ownAuth.options)).runMigrations();
      await migrateAppTables(ownDb, undefined);
      const tables = await sql<{ name: string }>`
        SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${own}`.execute(db);
      expect(tables.rows.map((r) => r.name)).toEqual(
        expect.arrayContaining(['admin_membership', 'admin_migration_lock']),
      );
    } finally {
      await ownDb.destroy();
      await sql`DROP SCHEMA ${sql.id(decoy)} CASCADE`.execute(db);
      await sql`DROP SCHEMA ${sql.id(own)} CASCADE`.execute(db);
    }
  });
});

describe('memberships', () => {
  it('erases on account deletion only the workspaces nobody else owns', async () => {
    const ada = await user('ada');
    const bob = await user('bob');
    const [solo, shared, bobs] = [randomUUID(), randomUUID(), randomUUID()];
    await addMembership(db, ada, solo, 'owner');
    await addMembership(db, ada, shared, 'owner');
    await addMembership(db, bob, shared, 'owner');
    await addMembership(db, bob, bobs, 'owner');
    await addMembership(db, ada, bobs, 'member');
    expect(await workspacesOnlyOwnedBy(db, ada)).toEqual([solo]);
    expect((await membershipsOf(db, ada)).map((m) => m.workspaceId)).toEqual([solo, shared, bobs]);
    await forgetWorkspace(db, solo);
    expect((await membershipsOf(db, ada)).map((m) => m.workspaceId)).toEqual([shared, bobs]);
  });

  it('go with their user', async () => {
    const cy = await user('cy');
    await addMembership(db, cy, randomUUID(), 'owner');
    await sql`DELETE FROM ${sql.id(schema, 'admin_user')} WHERE id = ${cy}`.execute(db);
    expect(await membershipsOf(db, cy)).toEqual([]);
  });
});

describe('drafts', () => {
  it('are saved, updated in place, listed per workspace and deleted', async () => {
    const ada = await user('dee');
    const workspace = randomUUID();
    const state = { ...emptyComposeState(randomUUID()), text: 'first' };
    const id = await saveDraft(db, { id: null, workspaceId: workspace, userId: ada, state });
    expect(
      await saveDraft(db, { id, workspaceId: workspace, userId: ada, state: { ...state, text: 'second' } }),
    ).toBe(id);
    expect((await listDrafts(db, workspace)).map((d) => d.state.text)).toEqual(['second']);
    expect(await getDraft(db, randomUUID(), id)).toBeNull();
    await deleteDraft(db, workspace, id);
    expect(await getDraft(db, workspace, id)).toBeNull();
  });
});
