import type { Insertable, Selectable } from 'kysely';
import type { HistoryEvent } from '../../schemas/history.js';
import type { MediaAsset } from '../../schemas/media.js';
import type { Post, PostTarget } from '../../schemas/post.js';
import type { AccountRecord, WorkspaceRecord } from '../shared/records.js';
import { toInstant, toInstantOrNull } from '../shared/time.js';
import type {
  AccountsTable,
  HistoryEventsTable,
  MediaAssetsTable,
  PostsTable,
  PostTargetsTable,
  WorkspacesTable,
} from './schema.js';

/** Conversions between table rows and the records both stores share. */

const json = (value: unknown): string => JSON.stringify(value);
const jsonOrNull = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));

export function workspaceToRow(r: WorkspaceRecord): Insertable<WorkspacesTable> {
  return {
    id: r.id,
    name: r.name,
    time_zone: r.timeZone,
    ai: jsonOrNull(r.ai),
    telegram: jsonOrNull(r.telegram),
    webhook: jsonOrNull(r.webhook),
    ai_api_key: r.secrets.anthropicApiKey,
    telegram_bot_token: r.secrets.botToken,
    webhook_secret: r.secrets.webhookSecret,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

export function workspaceFromRow(row: Selectable<WorkspacesTable>): WorkspaceRecord {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    ai: row.ai,
    telegram: row.telegram,
    webhook: row.webhook,
    secrets: {
      anthropicApiKey: row.ai_api_key,
      botToken: row.telegram_bot_token,
      webhookSecret: row.webhook_secret,
    },
    createdAt: toInstant(row.created_at),
    updatedAt: toInstant(row.updated_at),
  };
}

export function accountToRow(r: AccountRecord): Insertable<AccountsTable> {
  return {
    id: r.id,
    workspace_id: r.workspaceId,
    platform: r.platform,
    external_id: r.externalId,
    handle: r.handle,
    display_name: r.displayName,
    avatar_url: r.avatarUrl,
    scopes: json(r.scopes),
    status: r.status,
    expires_at: r.expiresAt,
    metadata: json(r.metadata),
    credentials: r.credentials,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

export function accountFromRow(row: Selectable<AccountsTable>): AccountRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    platform: row.platform,
    externalId: row.external_id,
    handle: row.handle,
    displayName: row.display_name,
    avatarUrl: row.avatar_url,
    scopes: row.scopes,
    status: row.status,
    expiresAt: toInstantOrNull(row.expires_at),
    metadata: row.metadata,
    credentials: row.credentials,
    createdAt: toInstant(row.created_at),
    updatedAt: toInstant(row.updated_at),
  };
}

export function postToRow(p: Post): Insertable<PostsTable> {
  return {
    id: p.id,
    workspace_id: p.workspaceId,
    status: p.status,
    content: json(p.content),
    publish_at: p.publishAt?.at ?? null,
    publish_time_zone: p.publishAt?.timeZone ?? null,
    approval: json(p.approval),
    caption: jsonOrNull(p.caption),
    problem: jsonOrNull(p.problem),
    idempotency_key: p.idempotencyKey,
    version: p.version,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

export function targetToRow(
  workspaceId: string,
  t: PostTarget,
  position: number,
): Insertable<PostTargetsTable> {
  return {
    workspace_id: workspaceId,
    post_id: t.postId,
    id: t.id,
    position,
    account_id: t.accountId,
    platform: t.platform,
    text: t.text,
    media_ids: jsonOrNull(t.mediaIds),
    options: json(t.options),
    status: t.status,
    result: json(t.result),
    idempotency_key: t.idempotencyKey,
    updated_at: t.updatedAt,
  };
}

export function targetFromRow(row: Selectable<PostTargetsTable>): PostTarget {
  return {
    id: row.id,
    postId: row.post_id,
    accountId: row.account_id,
    platform: row.platform,
    text: row.text,
    mediaIds: row.media_ids,
    options: row.options,
    status: row.status,
    result: row.result,
    idempotencyKey: row.idempotency_key,
    updatedAt: toInstant(row.updated_at),
  };
}

export function postFromRow(row: Selectable<PostsTable>, targets: PostTarget[]): Post {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    status: row.status,
    content: row.content,
    publishAt:
      row.publish_at === null
        ? null
        : { at: toInstant(row.publish_at), timeZone: row.publish_time_zone ?? 'UTC' },
    approval: row.approval,
    caption: row.caption,
    problem: row.problem,
    idempotencyKey: row.idempotency_key,
    targets,
    version: row.version,
    createdAt: toInstant(row.created_at),
    updatedAt: toInstant(row.updated_at),
  };
}

export function mediaToRow(m: MediaAsset): Insertable<MediaAssetsTable> {
  return {
    id: m.id,
    workspace_id: m.workspaceId,
    mime_type: m.mimeType,
    size_bytes: m.sizeBytes,
    width: m.width,
    height: m.height,
    duration_ms: m.durationMs,
    checksum_sha256: m.checksumSha256,
    storage_key: m.storageKey,
    alt_text: m.altText,
    created_at: m.createdAt,
  };
}

export function mediaFromRow(row: Selectable<MediaAssetsTable>): MediaAsset {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    mimeType: row.mime_type,
    sizeBytes: Number(row.size_bytes),
    width: row.width,
    height: row.height,
    durationMs: row.duration_ms,
    checksumSha256: row.checksum_sha256,
    storageKey: row.storage_key,
    altText: row.alt_text,
    createdAt: toInstant(row.created_at),
  };
}

export function historyToRow(e: Omit<HistoryEvent, 'seq'>): Insertable<HistoryEventsTable> {
  return {
    id: e.id,
    workspace_id: e.workspaceId,
    type: e.type,
    post_id: e.postId,
    target_id: e.targetId,
    account_id: e.accountId,
    actor: json(e.actor),
    data: json(e.data),
    occurred_at: e.occurredAt,
  };
}

export function historyFromRow(row: Selectable<HistoryEventsTable>): HistoryEvent {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    seq: Number(row.seq),
    type: row.type,
    postId: row.post_id,
    targetId: row.target_id,
    accountId: row.account_id,
    actor: row.actor,
    data: row.data,
    occurredAt: toInstant(row.occurred_at),
  };
}
