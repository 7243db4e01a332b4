import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';

export interface AdminUser {
  id: string;
  email: string;
  passwordHash: string | null;
  googleSub: string | null;
  createdAt: string;
}

export type Role = 'owner' | 'member';

export interface Membership {
  workspaceId: string;
  role: Role;
}

interface UserRow {
  id: string;
  email: string;
  password_hash: string | null;
  google_sub: string | null;
  created_at: Date;
}

const toUser = (row: UserRow): AdminUser => ({
  id: row.id,
  email: row.email,
  passwordHash: row.password_hash,
  googleSub: row.google_sub,
  createdAt: row.created_at.toISOString(),
});

/** Emails are compared case-insensitively and stored trimmed. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const isEmail = (email: string): boolean => email.length <= 254 && EMAIL.test(email);

/** The admin app's users and who belongs to which workspace. */
export function createUserRepository(db: Db) {
  return {
    async findByEmail(email: string): Promise<AdminUser | null> {
      const { rows } = await db.query<UserRow>('SELECT * FROM admin_users WHERE lower(email) = $1', [
        normaliseEmail(email),
      ]);
      return rows[0] ? toUser(rows[0]) : null;
    },
    async findById(id: string): Promise<AdminUser | null> {
      const { rows } = await db.query<UserRow>('SELECT * FROM admin_users WHERE id = $1', [id]);
      return rows[0] ? toUser(rows[0]) : null;
    },
    async findByGoogleSub(sub: string): Promise<AdminUser | null> {
      const { rows } = await db.query<UserRow>('SELECT * FROM admin_users WHERE google_sub = $1', [sub]);
      return rows[0] ? toUser(rows[0]) : null;
    },
    /** Creates a user; null when the email is taken. */
    async create(input: {
      email: string;
      passwordHash?: string;
      googleSub?: string;
    }): Promise<AdminUser | null> {
      const { rows } = await db.query<UserRow>(
        `INSERT INTO admin_users (id, email, password_hash, google_sub) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING *`,
        [randomUUID(), normaliseEmail(input.email), input.passwordHash ?? null, input.googleSub ?? null],
      );
      return rows[0] ? toUser(rows[0]) : null;
    },
    async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
      await db.query('UPDATE admin_users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
    },
    async linkGoogle(userId: string, googleSub: string): Promise<void> {
      await db.query('UPDATE admin_users SET google_sub = $2 WHERE id = $1', [userId, googleSub]);
    },
    async addMembership(userId: string, workspaceId: string, role: Role): Promise<void> {
      await db.query(
        `INSERT INTO admin_memberships (user_id, workspace_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, workspace_id) DO UPDATE SET role = EXCLUDED.role`,
        [userId, workspaceId, role],
      );
    },
    async memberships(userId: string): Promise<Membership[]> {
      const { rows } = await db.query<{ workspace_id: string; role: Role }>(
        'SELECT workspace_id, role FROM admin_memberships WHERE user_id = $1 ORDER BY created_at',
        [userId],
      );
      return rows.map((r) => ({ workspaceId: r.workspace_id, role: r.role }));
    },
    async membership(userId: string, workspaceId: string): Promise<Membership | null> {
      const { rows } = await db.query<{ workspace_id: string; role: Role }>(
        'SELECT workspace_id, role FROM admin_memberships WHERE user_id = $1 AND workspace_id = $2',
        [userId, workspaceId],
      );
      return rows[0] ? { workspaceId: rows[0].workspace_id, role: rows[0].role } : null;
    },
    /** Forgets a workspace everywhere (after it was erased). */
    async removeWorkspace(workspaceId: string): Promise<void> {
      await db.query('DELETE FROM admin_memberships WHERE workspace_id = $1', [workspaceId]);
      await db.query('UPDATE admin_sessions SET workspace_id = NULL WHERE workspace_id = $1', [workspaceId]);
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
