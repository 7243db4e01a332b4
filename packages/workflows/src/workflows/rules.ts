import { FINAL_POST_STATUSES, type PostStatus } from '@relaypost/core/schemas';
import type { PostUpdateName } from '../client.js';
import type { TargetOutcome } from '../types.js';

/**
 * The rules of the life cycle that do not depend on Temporal: which status takes which update,
 * and how a post ends from its targets' outcomes. The workflow's validators and the SDK's
 * in-memory double (`@relaypost/sdk/testing`) both follow them, so the two cannot drift apart.
 */

/**
 * Why a post in `status` refuses the update `name`, in the words a `ConflictError` carries after
 * "cannot <name>: "; null when the status allows it. Approve and reject need a post awaiting
 * approval; nothing changes a post once it is publishing or final; a new caption waits for the
 * one being written.
 *
 * @example
 * ```ts
 * updateRefusal('approve', 'scheduled'); // 'post is scheduled, not awaiting approval'
 * updateRefusal('edit', 'scheduled'); // null
 * ```
 */
export function updateRefusal(name: PostUpdateName, status: PostStatus): string | null {
  if (name === 'approve' || name === 'reject')
    return status === 'awaiting_approval' ? null : `post is ${status}, not awaiting approval`;
  if (status === 'publishing' || FINAL_POST_STATUSES.includes(status)) return `post is ${status}`;
  if (name === 'regenerateCaption' && status === 'captioning')
    return 'a caption is being written: wait for it';
  return null;
}

/**
 * The post's final status from its targets' outcomes: published when every target was,
 * partially published when some were, failed when none was.
 *
 * @example
 * ```ts
 * finalStatusOf([{ targetId, platform: 'x', status: 'published' }]); // 'published'
 * ```
 */
export function finalStatusOf(outcomes: readonly Pick<TargetOutcome, 'status'>[]): PostStatus {
  const published = outcomes.filter((o) => o.status === 'published').length;
  if (published > 0 && published === outcomes.length) return 'published';
  return published > 0 ? 'partially_published' : 'failed';
}
