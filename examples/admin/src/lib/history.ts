import type { HistoryEvent, Post, PostStatus } from '@relaypost/core';
import { PLATFORM_NAMES } from './platforms';

const EVENT_LABELS: Partial<Record<HistoryEvent['type'], string>> = {
  'post.created': 'Created',
  'post.status_changed': 'Status changed',
  'post.edited': 'Edited',
  'post.rescheduled': 'Rescheduled',
  'post.caption_generated': 'AI caption written',
  'post.approval_requested': 'Approval requested',
  'post.approved': 'Approved',
  'post.rejected': 'Rejected',
  'post.cancelled': 'Cancelled',
  'target.publishing': 'Publishing',
  'target.published': 'Published',
  'target.failed': 'Failed',
  'target.uncertain': 'Outcome uncertain',
  'target.cancelled': 'Target cancelled',
  'notification.sent': 'Notification sent',
};

/**
 * A history event's name for people.
 *
 * @example
 * ```ts
 * eventLabel('post.caption_generated') // 'AI caption written'
 * ```
 */
export function eventLabel(type: HistoryEvent['type']): string {
  return EVENT_LABELS[type] ?? type.replace(/^\w+\./, '').replaceAll('_', ' ');
}

/**
 * Who did it, in words: the signed-in user by name, the Telegram approver, the API or RelayPost.
 *
 * @example
 * ```ts
 * actorText({ kind: 'user', id: 'u1', name: 'Ada' }) // 'by Ada'
 * ```
 */
export function actorText(actor: HistoryEvent['actor']): string {
  const who = actor.name ?? actor.id;
  switch (actor.kind) {
    case 'user':
      return who ? `by ${who}` : 'by a user';
    case 'telegram':
      return who ? `by ${who} on Telegram` : 'on Telegram';
    case 'api':
      return 'through the API';
    default:
      return 'by RelayPost';
  }
}

/**
 * The details of an event worth showing: the status change, the platform, the reason, the error.
 * Times are left to the caller (shown in the workspace's zone).
 *
 * @example
 * ```ts
 * eventDetails({ data: { from: 'scheduled', to: 'publishing' }, targetId: null } as HistoryEvent, post)
 * // 'scheduled → publishing'
 * ```
 */
export function eventDetails(
  event: HistoryEvent,
  post: Pick<Post, 'targets'>,
  formatTime: (iso: string) => string,
): string {
  const d = event.data as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof d.from === 'string' && typeof d.to === 'string') {
    // A status change names statuses; a reschedule names instants (shown in the workspace's zone).
    const word = (v: string) => (/^\d{4}-\d{2}-\d{2}T/.test(v) ? formatTime(v) : v.replaceAll('_', ' '));
    parts.push(`${word(d.from)} → ${word(d.to)}`);
  }
  if (event.targetId) {
    const target = post.targets.find((t) => t.id === event.targetId);
    if (target) parts.push(PLATFORM_NAMES[target.platform]);
  }
  if (typeof d.reason === 'string') parts.push(`reason: ${d.reason}`);
  if (typeof d.message === 'string') parts.push(d.message);
  const error = d.error as { message?: unknown } | undefined;
  if (error && typeof error.message === 'string') parts.push(error.message);
  if (typeof d.url === 'string') parts.push(d.url);
  if (typeof d.at === 'string') parts.push(`new time ${formatTime(d.at)}`);
  if (d.publishNow === true) parts.push('publish now');
  return parts.join(' · ');
}

/**
 * Events oldest first (by the workspace log's sequence), whatever order they came in.
 *
 * @example
 * ```ts
 * inOrder(await relaypost.posts.history(workspaceId, postId))
 * ```
 */
export function inOrder(events: readonly HistoryEvent[]): HistoryEvent[] {
  return [...events].sort((a, b) => a.seq - b.seq || a.occurredAt.localeCompare(b.occurredAt));
}

/**
 * Why a cancelled target was not published, in words: the reason its `target.cancelled` event
 * gives with who acted, else a disconnected account, else what ended the post (a rejected,
 * cancelled or expired post's targets are all cancelled when it ends).
 *
 * @example
 * ```ts
 * cancelledTargetNote({ targetId: 't1', postStatus: 'rejected', history, accountDisconnected: false })
 * // 'Not published: the post was rejected.'
 * ```
 */
export function cancelledTargetNote(input: {
  targetId: string;
  postStatus: PostStatus;
  history: readonly HistoryEvent[];
  accountDisconnected: boolean;
}): string {
  const event = inOrder(input.history).findLast(
    (e) => e.type === 'target.cancelled' && e.targetId === input.targetId,
  );
  const reason = (event?.data as Record<string, unknown> | undefined)?.reason;
  if (event && typeof reason === 'string') return `Not published: ${reason} ${actorText(event.actor)}.`;
  // Disconnecting cancels the account's pending targets in the store: no event of their own.
  if (input.accountDisconnected) return 'Not published: the account was disconnected.';
  if (input.postStatus === 'rejected') return 'Not published: the post was rejected.';
  if (input.postStatus === 'cancelled') return 'Not published: the post was cancelled.';
  return 'Not published to this account.';
}
