import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginRateLimiter, loginAttemptKey } from '../src/auth/rate-limit.js';
import { type Db, migrateDatabase } from '../src/db/database.js';
import { dropSchema, testDb, testSchema } from './helpers.js';

describe('login rate limit (Postgres, per IP and email)', () => {
  const schema = testSchema();
  let db: Db;
  let clock = Date.parse('2026-03-01T12:00:00Z');

  beforeAll(async () => {
    db = testDb(schema);
    await migrateDatabase(db, schema);
  });
  afterAll(async () => {
    await db.end();
    await dropSchema(schema);
  });

  const limiter = () => createLoginRateLimiter(db, { limit: 5, windowMs: 60_000, now: () => clock });

  it('allows 5 attempts a minute, refuses the 6th with a Retry-After', async () => {
    const key = loginAttemptKey('10.0.0.1', 'a@example.com');
    for (let i = 1; i <= 5; i++) {
      expect(await limiter().hit(key)).toMatchObject({ allowed: true, attempts: i });
      clock += 1000;
    }
    const refused = await limiter().hit(key);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('counts per IP and email: another address or email is not affected', async () => {
    expect((await limiter().hit(loginAttemptKey('10.0.0.2', 'a@example.com'))).allowed).toBe(true);
    expect((await limiter().hit(loginAttemptKey('10.0.0.1', 'b@example.com'))).allowed).toBe(true);
    expect(loginAttemptKey('10.0.0.1', 'A@Example.com ')).toBe(loginAttemptKey('10.0.0.1', 'a@example.com'));
  });

  it('opens again once the window has passed, and reset clears a key', async () => {
    const key = loginAttemptKey('10.0.0.3', 'c@example.com');
    for (let i = 0; i < 6; i++) await limiter().hit(key);
    expect((await limiter().hit(key)).allowed).toBe(false);
    clock += 61_000;
    expect((await limiter().hit(key)).allowed).toBe(true);
    for (let i = 0; i < 6; i++) await limiter().hit(key);
    await limiter().reset(key);
    expect((await limiter().hit(key)).allowed).toBe(true);
  });

  it('holds under concurrent attempts', async () => {
    const key = loginAttemptKey('10.0.0.4', 'd@example.com');
    const results = await Promise.all(Array.from({ length: 10 }, () => limiter().hit(key)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });

  it('stores hashed keys, not addresses', async () => {
    const { rows } = await db.query<{ key: string }>('SELECT key FROM admin_login_attempts');
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key))).toBe(true);
  });
});
