import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';

export interface Session {
  /** SHA-256 (hex) of the cookie token; the token itself is never stored. */
  id: string;
  userId: string;
  workspaceId: string | null;
  createdAt: string;
  expiresAt: string;
}

export interface SessionOptions {
  /** A session ends this long after it was created, used or not. Default 30 days. */
  absoluteTtlMs?: number;
  /** A session ends after this long without a request. Default 7 days. */
  idleTtlMs?: number;
  now?: () => number;
}

const DAY = 86_400_000;

/** The id stored for a cookie token. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Server-side sessions in `admin_sessions`. The browser holds a random 256-bit token; the table
 * holds its hash, so reading the table does not let anyone sign in. Sessions expire after an idle
 * period and at an absolute limit, and a new one is made at every sign-in (no fixation).
 *
 * @example
 * ```ts
 * const sessions = createSessionStore(db);
 * const { token } = await sessions.create(user.id, workspaceId);
 * const session = await sessions.read(token); // null once expired or signed out
 * ```
 */
export function createSessionStore(db: Db, options: SessionOptions = {}) {
  const absoluteTtl = options.absoluteTtlMs ?? 30 * DAY;
  const idleTtl = options.idleTtlMs ?? 7 * DAY;
  const now = options.now ?? Date.now;

  return {
    absoluteTtlMs: absoluteTtl,
    async create(userId: string, workspaceId: string | null): Promise<{ token: string; session: Session }> {
      const token = randomBytes(32).toString('base64url');
      const id = sessionIdOf(token);
      const created = now();
      const expiresAt = new Date(created + absoluteTtl).toISOString();
      await db.query(
        `INSERT INTO admin_sessions (id, user_id, workspace_id, created_at, last_seen_at, expires_at)
         VALUES ($1, $2, $3, $4, $4, $5)`,
        [id, userId, workspaceId, new Date(created).toISOString(), expiresAt],
      );
      // Housekeeping on the side: expired sessions of anyone are removed now and then.
      if (Math.random() < 0.05) {
        await db.query('DELETE FROM admin_sessions WHERE expires_at < $1', [new Date(created).toISOString()]);
      }
      return {
        token,
        session: { id, userId, workspaceId, createdAt: new Date(created).toISOString(), expiresAt },
      };
    },

    /** The live session for a cookie token, refreshing its idle timer; null when unknown or expired. */
    async read(token: string | undefined): Promise<Session | null> {
      if (!token || token.length > 100) return null;
      const id = sessionIdOf(token);
      const at = now();
      const { rows } = await db.query<{
        id: string;
        user_id: string;
        workspace_id: string | null;
        created_at: Date;
        last_seen_at: Date;
        expires_at: Date;
      }>('SELECT * FROM admin_sessions WHERE id = $1', [id]);
      const row = rows[0];
      if (!row) return null;
      if (row.expires_at.getTime() <= at || row.last_seen_at.getTime() + idleTtl <= at) {
        await db.query('DELETE FROM admin_sessions WHERE id = $1', [id]);
        return null;
      }
      // Touch at most once a minute: a busy page does not write on every request.
      if (at - row.last_seen_at.getTime() > 60_000) {
        await db.query('UPDATE admin_sessions SET last_seen_at = $2 WHERE id = $1', [
          id,
          new Date(at).toISOString(),
        ]);
      }
      return {
        id: row.id,
        userId: row.user_id,
        workspaceId: row.workspace_id,
        createdAt: row.created_at.toISOString(),
        expiresAt: row.expires_at.toISOString(),
      };
    },

    async setWorkspace(sessionId: string, workspaceId: string | null): Promise<void> {
      await db.query('UPDATE admin_sessions SET workspace_id = $2 WHERE id = $1', [sessionId, workspaceId]);
    },

    async destroy(sessionId: string): Promise<void> {
      await db.query('DELETE FROM admin_sessions WHERE id = $1', [sessionId]);
    },

    async destroyAllForUser(userId: string): Promise<void> {
      await db.query('DELETE FROM admin_sessions WHERE user_id = $1', [userId]);
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
