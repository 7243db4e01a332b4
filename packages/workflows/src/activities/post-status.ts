import {
  type Actor,
  ConflictError,
  type HistoryEventInput,
  type Post,
  type PostProblem,
  type PostStatus,
  type PostTarget,
  type RelayPostStore,
} from '@relaypost/core';
import { deriveId } from './derive-id.js';

/**
 * The one writer of a post's status and of the history that records it: the life cycle's moves
 * (`moveStatus`) and the claim a held publish makes on its second (`recordClaim`, after the
 * store's `claimTarget`). The workflow only mirrors what these wrote.
 */

/** A status change as the workflow asks for it. */
export interface StatusChange {
  postId: string;
  eventId: string;
  from: PostStatus;
  to: PostStatus;
  actor?: Actor | undefined;
  reason?: string | undefined;
  /** Refuse (ConflictError) unless the post is still in this status. */
  expected?: PostStatus | undefined;
  /** With `to` = `scheduled`: arm the post for this publish hold in the same write. */
  arm?: string | undefined;
  /** What stops the post now; any earlier problem is cleared. */
  problem?: Pick<PostProblem, 'kind' | 'message'> | undefined;
}

/** The history event of a status change. */
export function statusEvent(change: StatusChange): HistoryEventInput {
  const { postId, eventId, from, to, actor, reason } = change;
  return {
    id: eventId,
    type: to === 'cancelled' ? 'post.cancelled' : 'post.status_changed',
    postId,
    actor: actor ?? { kind: 'workflow' },
    data: { from, to, ...(reason ? { reason } : {}) },
  };
}

/**
 * Moves the post and records it. A retry of a write that landed finds the post already in `to`
 * and goes on, so the event is recorded once (its id is the workflow's).
 */
export async function moveStatus(
  store: RelayPostStore,
  workspaceId: string,
  change: StatusChange,
): Promise<Post> {
  const post = await setStatusOnce(store, workspaceId, change);
  await store.history.append(workspaceId, statusEvent(change));
  return post;
}

async function setStatusOnce(
  store: RelayPostStore,
  workspaceId: string,
  change: StatusChange,
): Promise<Post> {
  const { postId, to, expected, arm, problem } = change;
  try {
    return await store.posts.setStatus(workspaceId, postId, to, {
      ...(expected ? { expected } : {}),
      ...(arm ? { arm } : {}),
      ...(problem ? { problem } : {}),
    });
  } catch (error) {
    if (!ConflictError.isInstance(error) || expected === undefined) throw error;
    const post = await store.posts.get(workspaceId, postId);
    if (post.status !== to) throw error;
    if (arm) await store.posts.armPublish(workspaceId, postId, arm);
    return post;
  }
}

/**
 * The history of a claim, stamped with its moment: the post's move to `publishing` (once per
 * hold: the store moved it with the first target it claimed), then the target's.
 */
export async function recordClaim(
  store: RelayPostStore,
  post: Post,
  target: PostTarget,
  hold: string,
  occurredAt: string,
): Promise<void> {
  await store.history.append(post.workspaceId, {
    id: deriveId(post.id, hold, 'publishing'),
    type: 'post.status_changed',
    postId: post.id,
    actor: { kind: 'workflow' },
    data: { from: 'scheduled', to: 'publishing' },
    occurredAt,
  });
  await store.history.append(post.workspaceId, {
    id: deriveId(target.id, 'publishing'),
    type: 'target.publishing',
    postId: post.id,
    targetId: target.id,
    accountId: target.accountId,
    actor: { kind: 'workflow' },
    data: { platform: target.platform },
    occurredAt,
  });
}
