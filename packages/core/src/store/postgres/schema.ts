import type { ColumnType } from 'kysely';
import type { AccountStatus } from '../../schemas/account.js';
import type { Actor, HistoryEventType } from '../../schemas/history.js';
import type { PlatformId } from '../../schemas/platform.js';
import type {
  ApprovalPolicy,
  PostContent,
  PostProblem,
  PostStatus,
  TargetResult,
  TargetStatus,
} from '../../schemas/post.js';
import type { WorkspaceRecord } from '../shared/records.js';

/** `timestamptz`: `pg` reads a Date; we write ISO strings. */
export type Timestamp = ColumnType<Date, string, string>;
/** `jsonb`: `pg` parses it on read; we write JSON text, because `pg` turns JS arrays into Postgres arrays. */
export type Json<T> = ColumnType<T, string, string>;
/** `bigint`: `pg` reads int8 as a string to avoid losing precision. */
export type Int8 = ColumnType<string, number | string, number | string>;

export interface WorkspacesTable {
  id: string;
  name: string;
  time_zone: string;
  ai: Json<WorkspaceRecord['ai']> | null;
  telegram: Json<WorkspaceRecord['telegram']> | null;
  webhook: Json<WorkspaceRecord['webhook']> | null;
  /** Keyring ciphertexts. */
  ai_api_key: string | null;
  telegram_bot_token: string | null;
  webhook_secret: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccountsTable {
  id: string;
  workspace_id: string;
  platform: PlatformId;
  external_id: string;
  handle: string;
  display_name: string | null;
  avatar_url: string | null;
  scopes: Json<string[]>;
  status: AccountStatus;
  expires_at: Timestamp | null;
  metadata: Json<Record<string, unknown>>;
  /** One keyring ciphertext of the secret credential fields; null once disconnected. */
  credentials: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PostsTable {
  id: string;
  workspace_id: string;
  status: PostStatus;
  content: Json<PostContent>;
  publish_at: Timestamp | null;
  publish_time_zone: string | null;
  approval: Json<ApprovalPolicy>;
  caption: Json<{ brief?: string | undefined; apply: boolean }> | null;
  idempotency_key: string | null;
  version: number;
  /** See `Post.problem`; absent on insert (a new post has none). */
  problem: ColumnType<PostProblem | null, string | null | undefined, string | null>;
  /** The publish attempt the post is armed for; never part of `Post` (see `PostStore.armPublish`). */
  publish_hold: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Generated: publish time, or creation time for unscheduled posts; lists sort by it. */
  sort_at: ColumnType<Date, never, never>;
}

export interface PostTargetsTable {
  workspace_id: string;
  post_id: string;
  id: string;
  /** Order of the target within its post. */
  position: number;
  account_id: string;
  platform: PlatformId;
  text: string | null;
  media_ids: Json<string[]> | null;
  options: Json<Record<string, unknown>>;
  status: TargetStatus;
  result: Json<TargetResult>;
  idempotency_key: string;
  updated_at: Timestamp;
}

export interface MediaAssetsTable {
  id: string;
  workspace_id: string;
  mime_type: string;
  size_bytes: Int8;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  checksum_sha256: string;
  storage_key: string;
  alt_text: string | null;
  created_at: Timestamp;
}

export interface HistoryEventsTable {
  /** bigserial: assigned by Postgres, read as a string. */
  seq: ColumnType<string, never, never>;
  id: string;
  workspace_id: string;
  type: HistoryEventType;
  post_id: string | null;
  target_id: string | null;
  account_id: string | null;
  actor: Json<Actor>;
  data: Json<Record<string, unknown>>;
  occurred_at: Timestamp;
}

/** The tables of the Postgres store, for kysely. */
export interface RelayPostDatabase {
  workspaces: WorkspacesTable;
  accounts: AccountsTable;
  posts: PostsTable;
  post_targets: PostTargetsTable;
  media_assets: MediaAssetsTable;
  history_events: HistoryEventsTable;
}
