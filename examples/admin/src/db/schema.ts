import type { ColumnType, Generated } from 'kysely';

/**
 * The app's own tables. better-auth keeps its tables next to them, named `admin_user`,
 * `admin_session`, `admin_account`, `admin_verification` and `admin_rate_limit`.
 */
export interface AdminDatabase {
  admin_membership: MembershipTable;
  admin_draft: DraftTable;
}

export type Role = 'owner' | 'member';

/** Who belongs to which RelayPost workspace (RelayPost knows workspaces, not users). */
export interface MembershipTable {
  user_id: string;
  workspace_id: string;
  role: Role;
  created_at: ColumnType<Date, never, never>;
}

/** A composer draft: saved by the app, not yet a RelayPost post (the SDK has no drafts). */
export interface DraftTable {
  id: Generated<string>;
  workspace_id: string;
  user_id: string;
  /** The composer's state (`ComposeState`) as JSON. */
  state: ColumnType<unknown, string, string>;
  updated_at: ColumnType<Date, never, Date>;
}
