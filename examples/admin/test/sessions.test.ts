import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionStore, sessionIdOf } from '../src/auth/sessions.js';
import { createUserRepository } from '../src/auth/users.js';
import { type Db, migrateDatabase } from '../src/db/database.js';
import { dropSchema, testDb, testSchema } from './helpers.js';

describe('sessions (Postgres)', () => {
  const schema = testSchema();
  let db: Db;
  let userId: string;
  let clock = Date.parse('2026-03-01T12:00:00Z');

  beforeAll(async () => {
    db = testDb(schema);
    expect(await migrateDatabase(db, schema)).toEqual([1]);
    expect(await migrateDatabase(db, schema)).toEqual([]); // idempotent
    userId = (await createUserRepository(db).create({ email: 'a@example.com', passwordHash: 'x' }))!.id;
  });
  afterAll(async () => {
    await db.end();
    await dropSchema(schema);
  });

  const store = () =>
    createSessionStore(db, { now: () => clock, idleTtlMs: 3_600_000, absoluteTtlMs: 86_400_000 });

  it('stores only the hash of the token', async () => {
    const { token, session } = await store().create(userId, null);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.id).toBe(sessionIdOf(token));
    const { rows } = await db.query('SELECT id FROM admin_sessions');
    expect(rows.map((r) => r.id)).toContain(sessionIdOf(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('reads a live session and refuses unknown or malformed tokens', async () => {
    const { token } = await store().create(userId, null);
    expect((await store().read(token))?.userId).toBe(userId);
    expect(await store().read('nope')).toBeNull();
    expect(await store().read(undefined)).toBeNull();
    expect(await store().read('x'.repeat(500))).toBeNull();
  });

  it('ends after the idle period, and the idle timer moves with use', async () => {
    const { token } = await store().create(userId, null);
    clock += 50 * 60_000;
    expect(await store().read(token)).not.toBeNull(); // touches last_seen
    clock += 50 * 60_000;
    expect(await store().read(token)).not.toBeNull();
    clock += 61 * 60_000;
    expect(await store().read(token)).toBeNull();
  });

  it('ends at the absolute limit however busy it is', async () => {
    const started = clock;
    const { token } = await store().create(userId, null);
    while (clock + 59 * 60_000 < started + 86_400_000) {
      clock += 59 * 60_000;
      expect(await store().read(token)).not.toBeNull();
    }
    clock += 59 * 60_000;
    expect(await store().read(token)).toBeNull();
  });

  it('sign-out destroys the session', async () => {
    const { token, session } = await store().create(userId, null);
    await store().destroy(session.id);
    expect(await store().read(token)).toBeNull();
  });
});
