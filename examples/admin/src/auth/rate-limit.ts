import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';

export interface RateLimitDecision {
  allowed: boolean;
  /** Attempts counted in the window, this one included. */
  attempts: number;
  /** When refused: seconds until the oldest counted attempt leaves the window. */
  retryAfterSeconds: number;
}

export interface LoginRateLimitOptions {
  /** Attempts allowed per key and window. Default 5. */
  limit?: number;
  /** Window length. Default one minute. */
  windowMs?: number;
  now?: () => number;
}

/** The key for a sign-in attempt: the client address and the email, hashed. */
export function loginAttemptKey(ip: string, email: string): string {
  return createHash('sha256').update(`${ip}|${email.trim().toLowerCase()}`).digest('hex');
}

/**
 * A sliding-window limit on sign-in attempts per IP and email, kept in `admin_login_attempts` so it
 * holds across processes. `hit` records the attempt and says whether it may go ahead; it runs under
 * an advisory lock per key, so concurrent attempts cannot slip past the limit together. A refused
 * attempt is recorded too: hammering keeps the door shut.
 *
 * @example
 * ```ts
 * const limiter = createLoginRateLimiter(db, { limit: 5, windowMs: 60_000 });
 * const decision = await limiter.hit(loginAttemptKey(ip, email));
 * if (!decision.allowed) return tooManyRequests(decision.retryAfterSeconds);
 * ```
 */
export function createLoginRateLimiter(db: Db, options: LoginRateLimitOptions = {}) {
  const limit = options.limit ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;

  return {
    limit,
    windowMs,
    async hit(key: string): Promise<RateLimitDecision> {
      const at = now();
      const since = new Date(at - windowMs).toISOString();
      const client = await db.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`relaypost-admin-login:${key}`]);
        const { rows } = await client.query<{ count: string; oldest: Date | null }>(
          `SELECT count(*) AS count, min(attempted_at) AS oldest
             FROM admin_login_attempts WHERE key = $1 AND attempted_at > $2`,
          [key, since],
        );
        await client.query('INSERT INTO admin_login_attempts (key, attempted_at) VALUES ($1, $2)', [
          key,
          new Date(at).toISOString(),
        ]);
        await client.query('DELETE FROM admin_login_attempts WHERE key = $1 AND attempted_at <= $2', [
          key,
          since,
        ]);
        await client.query('COMMIT');
        const previous = Number(rows[0]?.count ?? 0);
        const attempts = previous + 1;
        if (attempts <= limit) return { allowed: true, attempts, retryAfterSeconds: 0 };
        const oldest = rows[0]?.oldest?.getTime() ?? at;
        return {
          allowed: false,
          attempts,
          retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - at) / 1000)),
        };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },

    /** Forgets a key's attempts (after a successful sign-in). */
    async reset(key: string): Promise<void> {
      await db.query('DELETE FROM admin_login_attempts WHERE key = $1', [key]);
    },

    /** Deletes attempts older than the window everywhere. */
    async purge(): Promise<void> {
      await db.query('DELETE FROM admin_login_attempts WHERE attempted_at <= $1', [
        new Date(now() - windowMs).toISOString(),
      ]);
    },
  };
}

export type LoginRateLimiter = ReturnType<typeof createLoginRateLimiter>;
