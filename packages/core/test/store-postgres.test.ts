import { createTestDatabase, type TestDatabase } from '@relaypost/devkit';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring, generateEncryptionKey, type Keyring } from '../src/index.js';
import {
  createPostgresStore,
  migrateToLatest,
  type PostgresStore,
  type RelayPostDatabase,
} from '../src/postgres.js';
import { migrationProvider } from '../src/store/postgres/migrations/index.js';
import { accountInput, postInput, SECRETS, seedWorkspace } from '../src/testing/fixtures.js';
import { describeStoreConformance } from '../src/testing.js';

describeStoreConformance('postgres', async ({ keyring }) => {
  const database = await createTestDatabase();
  const store = createPostgresStore({ connectionString: database.connectionString, keyring });
  await store.migrate();
  return {
    store,
    cleanup: () => database.close(),
    reopen: async (options) =>
      createPostgresStore({ connectionString: database.connectionString, keyring: options.keyring }),
  };
});

// The tables in a named schema that is not on the connection's search_path (DATABASE_SCHEMA in
// the worker): every statement, raw SQL included, must name the schema.
describeStoreConformance('postgres in a named schema without search_path', async ({ keyring }) => {
  const database = await createTestDatabase({ prefix: 'named' });
  const url = new URL(database.connectionString);
  url.searchParams.delete('options');
  const open = (ring: Keyring) =>
    createPostgresStore({ connectionString: url.toString(), schema: database.schema, keyring: ring });
  const store = open(keyring);
  await store.migrate();
  return { store, cleanup: () => database.close(), reopen: async (options) => open(options.keyring) };
});

describe('postgres store', () => {
  let database: TestDatabase;
  let store: PostgresStore;
  let keyring: Keyring;

  beforeAll(async () => {
    database = await createTestDatabase();
    keyring = createKeyring({ keys: [{ id: 'k1', key: generateEncryptionKey() }] });
    store = createPostgresStore({ connectionString: database.connectionString, keyring });
    const results = await store.migrate();
    expect(results.map((r) => [r.migrationName, r.status])).toEqual([
      ['0001_initial', 'Success'],
      ['0002_publish_hold', 'Success'],
      ['0003_post_problem', 'Success'],
      ['0004_workspace_scoped_ids', 'Success'],
    ]);
  });

  afterAll(async () => {
    await store?.close();
    await database?.close();
  });

  it('migrates once: a second run does nothing', async () => {
    expect(await migrateToLatest(store.db)).toEqual([]);
  });

  it('stores account credentials as ciphertext bound to the row', async () => {
    const { workspace, account } = await seedWorkspace(store);
    const row = await store.db
      .selectFrom('accounts')
      .select(['credentials'])
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(row.credentials).toMatch(/^rp1:k1:/);
    for (const secret of [SECRETS.accessToken, SECRETS.refreshToken, SECRETS.extra]) {
      expect(row.credentials).not.toContain(secret);
      expect(row.credentials).not.toContain(Buffer.from(secret).toString('base64'));
    }
    const raw = await sql<{
      text: string;
    }>`select row_to_json(w)::text as text from workspaces w where id = ${workspace.id}`.execute(store.db);
    for (const secret of [SECRETS.anthropicApiKey, SECRETS.botToken, SECRETS.webhookSecret]) {
      expect(raw.rows[0]?.text).not.toContain(secret);
    }

    // A ciphertext moved to another account's row does not open there.
    const other = await store.accounts.connect(workspace.id, accountInput());
    await store.db
      .updateTable('accounts')
      .set({ credentials: row.credentials })
      .where('id', '=', other.id)
      .execute();
    await expect(store.accounts.getCredentials(workspace.id, other.id)).rejects.toMatchObject({
      code: 'decryption',
    });
  });

  it('writes nothing when a statement fails half-way through a create', async () => {
    const { workspace, account } = await seedWorkspace(store);
    // The post row is inserted before its targets; make the target insert fail.
    await sql`create or replace function fail_target() returns trigger language plpgsql as $$
      begin if new.options ? 'boom' then raise exception 'boom'; end if; return new; end $$`.execute(
      store.db,
    );
    await sql`create trigger fail_target before insert on post_targets for each row execute function fail_target()`.execute(
      store.db,
    );
    try {
      await expect(
        store.posts.create(workspace.id, {
          ...postInput([account.id]),
          targets: [{ accountId: account.id, options: { boom: true } }],
        }),
      ).rejects.toThrow(/boom/);
      expect((await store.posts.list(workspace.id)).items).toEqual([]);
      const { count } = await store.db
        .selectFrom('posts')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('workspace_id', '=', workspace.id)
        .executeTakeFirstOrThrow();
      expect(Number(count)).toBe(0);
    } finally {
      await sql`drop trigger fail_target on post_targets`.execute(store.db);
    }
  });

  it('returns the first post when two creates with one idempotency key race', async () => {
    const { workspace, account } = await seedWorkspace(store);
    const input = postInput([account.id], { idempotencyKey: 'race' });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => store.posts.create(workspace.id, input)),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.post.id)).size).toBe(1);
  });

  it('works in a named schema and with a caller-owned pool', async () => {
    const schema = `${database.schema}_named`;
    const pool = new pg.Pool({ connectionString: database.connectionString });
    const named = createPostgresStore({ pool, keyring, schema });
    try {
      await named.migrate();
      const ws = await named.workspaces.create({ name: 'In a schema' });
      // Other test runs may share the server: look only at this file's schemas.
      const tables = await pool.query(
        'select table_schema from information_schema.tables where table_name = $1 and table_schema like $2',
        ['workspaces', `${database.schema}%`],
      );
      expect(tables.rows.map((r) => r.table_schema).sort()).toEqual([database.schema, schema].sort());
      expect((await named.workspaces.get(ws.id)).name).toBe('In a schema');
      await expect(store.workspaces.get(ws.id)).rejects.toMatchObject({ code: 'not_found' });
      await named.close();
      // close() leaves a pool it did not create open.
      expect((await pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.query(`drop schema if exists "${schema}" cascade`);
      await pool.end();
    }
  });

  it('moves existing data to keys per workspace (0004), and back', async () => {
    const schema = `${database.schema}_keys`;
    const pool = new pg.Pool({ connectionString: database.connectionString });
    const db = new Kysely<RelayPostDatabase>({ dialect: new PostgresDialect({ pool }) }).withSchema(schema);
    const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema: schema });
    try {
      await pool.query(`create schema "${schema}"`);
      expect((await migrator.migrateTo('0003_post_problem')).error).toBeUndefined();
      // A dev database with a post and its target, written under the old keys.
      const store = createPostgresStore({ pool, keyring, schema });
      const { workspace, account } = await seedWorkspace(store);
      const { post } = await store.posts.create(workspace.id, postInput([account.id]));
      expect((await migrator.migrateToLatest()).error).toBeUndefined();

      const keys = await pool.query(
        `select conname, pg_get_constraintdef(c.oid) as def from pg_constraint c
           join pg_namespace n on n.oid = c.connamespace where n.nspname = $1 order by conname`,
        [schema],
      );
      const defs = Object.fromEntries(keys.rows.map((r) => [r.conname, r.def]));
      expect(defs).toMatchObject({
        posts_pkey: 'PRIMARY KEY (workspace_id, id)',
        accounts_pkey: 'PRIMARY KEY (workspace_id, id)',
        media_assets_pkey: 'PRIMARY KEY (workspace_id, id)',
        history_events_workspace_id_key: 'UNIQUE (workspace_id, id)',
        post_targets_post_fkey: expect.stringMatching(
          /^FOREIGN KEY \(workspace_id, post_id\) REFERENCES .*posts\(workspace_id, id\) ON DELETE CASCADE$/,
        ),
      });
      expect(defs).not.toHaveProperty('history_events_id_key');
      expect(defs).not.toHaveProperty('posts_workspace_id_key');
      expect(await store.posts.get(workspace.id, post.id)).toEqual(post);
      // The targets still go with their post.
      await store.posts.delete(workspace.id, post.id);
      const targets = await pool.query(`select count(*)::int as n from "${schema}".post_targets`);
      expect(targets.rows[0].n).toBe(0);
      const index = await pool.query(
        'select indexdef from pg_indexes where schemaname = $1 and indexname = $2',
        [schema, 'posts_unfinished_idx'],
      );
      expect(index.rows[0]?.indexdef).toMatch(/\(updated_at, workspace_id, id\) WHERE/);

      expect((await migrator.migrateTo('0003_post_problem')).error).toBeUndefined();
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
    } finally {
      await pool.query(`drop schema if exists "${schema}" cascade`);
      await pool.end();
    }
  });

  it('rejects ambiguous connection options', () => {
    expect(() => createPostgresStore({ keyring } as never)).toThrow(/exactly one/);
    expect(() =>
      createPostgresStore({ connectionString: database.connectionString, keyring, schema: 'bad-name"' }),
    ).toThrow(/schema/);
  });

  it('sizes the pool it opens, and refuses sizes that make no sense', async () => {
    const connectionString = database.connectionString;
    expect(() => createPostgresStore({ connectionString, keyring, poolSize: { min: 3, max: 2 } })).toThrow(
      /min 3, max 2/,
    );
    expect(() => createPostgresStore({ connectionString, keyring, poolSize: { max: 0 } })).toThrow(
      /poolSize/,
    );
    const pool = new pg.Pool({ connectionString });
    expect(() => createPostgresStore({ pool, keyring, poolSize: { max: 2 } } as never)).toThrow(
      /connectionString/,
    );
    await pool.end();
    const sized = createPostgresStore({ connectionString, keyring, poolSize: { min: 1, max: 2 } });
    try {
      // More reads at once than connections: they queue for the two, and all finish.
      const reads = await Promise.all(
        Array.from({ length: 6 }, () => sized.workspaces.list({ limit: 1 }).then(() => 'read')),
      );
      expect(reads).toEqual(Array(6).fill('read'));
    } finally {
      await sized.close();
    }
  });
});
