import { z } from 'zod';
import { idSchema, instantSchema, jsonObjectSchema } from './common.js';
import { textSchema } from './text.js';

export const HISTORY_EVENT_TYPES = [
  'workspace.created',
  'workspace.updated',
  'account.connected',
  'account.reconnected',
  'account.credentials_refreshed',
  'account.needs_reconnect',
  'account.disconnected',
  'account.erased',
  'media.added',
  'media.updated',
  'post.created',
  'post.status_changed',
  'post.edited',
  'post.rescheduled',
  'post.caption_generated',
  'post.approval_requested',
  'post.approved',
  'post.rejected',
  'post.cancelled',
  'target.publishing',
  'target.published',
  'target.failed',
  'target.uncertain',
  'target.cancelled',
  'notification.sent',
] as const;
export type HistoryEventType = (typeof HISTORY_EVENT_TYPES)[number];

export const actorSchema = z.object({
  kind: z.enum(['system', 'user', 'api', 'telegram', 'workflow']),
  /** User id, Telegram user id, API key id... */
  id: textSchema({ max: 200 }).optional(),
  name: textSchema({ max: 200 }).optional(),
});
export type Actor = z.infer<typeof actorSchema>;

export const historyEventInputSchema = z.object({
  /** Optional caller-chosen id: appending the same id twice records it once (activity retries). */
  id: idSchema.optional(),
  type: z.enum(HISTORY_EVENT_TYPES),
  postId: idSchema.optional(),
  targetId: idSchema.optional(),
  accountId: idSchema.optional(),
  actor: actorSchema.default({ kind: 'system' }),
  data: jsonObjectSchema.default({}),
  occurredAt: instantSchema.optional(),
});
export type HistoryEventInput = z.input<typeof historyEventInputSchema>;

/** One entry of the append-only audit log. */
export interface HistoryEvent {
  id: string;
  workspaceId: string;
  /** Position in the workspace's log; increases with every append. */
  seq: number;
  type: HistoryEventType;
  postId: string | null;
  targetId: string | null;
  accountId: string | null;
  actor: Actor;
  data: Record<string, unknown>;
  occurredAt: string;
}
