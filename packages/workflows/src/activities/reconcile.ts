import {
  ConfigurationError,
  ConflictError,
  FINAL_POST_STATUSES,
  type Post,
  type PostStatus,
  type UnfinishedPost,
} from '@relaypost/core';
import { Context } from '@temporalio/activity';
import { createPostWorkflowClient } from '../client.js';
import type { OutcomeNotice } from './approval.js';
import type { ActivityDeps } from './deps.js';
import { deriveId } from './derive-id.js';
import type { ReconcilePage } from './maintenance-types.js';
import { outcomeOf } from './outcomes.js';
import { moveStatus } from './post-status.js';

/** Statuses a post has before anything was sent: its workflow can be run again from the store. */
const RESTARTABLE: readonly PostStatus[] = ['draft', 'captioning', 'awaiting_approval', 'scheduled'];

/** How a closed or missing workflow ended, in the words of the post's problem message. */
const ENDED: Record<string, string> = {
  missing: 'is gone',
  COMPLETED: 'completed',
  FAILED: 'failed',
  TERMINATED: 'was terminated',
  TIMED_OUT: 'timed out',
  CANCELLED: 'was cancelled',
};

/** A post moved to `failed` whose history event and notices may still be missing (a retry finishes them). */
interface Repair {
  workspaceId: string;
  postId: string;
  from: PostStatus;
  eventId: string;
  message: string;
}

/** What the reconciliation does with one post, from its status and its workflow's. */
export function repairFor(status: PostStatus, workflow: string): 'leave' | 'restart' | 'fail' {
  if (FINAL_POST_STATUSES.includes(status) || !(workflow in ENDED)) return 'leave';
  if (workflow === 'COMPLETED') return 'fail'; // a completed run is never started again
  return RESTARTABLE.includes(status) ? 'restart' : 'fail';
}

/**
 * The reconciliation behind the `relaypost-reconcile` schedule, one page per call: every post not
 * final whose last change is before `updatedBefore`, in every workspace, is checked against its
 * workflow.
 * A post that sent nothing yet and whose workflow is gone or stopped (failed, terminated, timed
 * out, cancelled) gets its workflow started again; a post in `publishing`, or one whose workflow
 * completed, is moved to `failed` with a `workflow_ended` problem (the store ends its open
 * targets), recorded in history, and the host app is told through the workspace's webhook (and
 * Telegram) by `notifyOutcome`.
 */
export function createReconcileActivity(
  deps: ActivityDeps,
  notifyOutcome: (notice: OutcomeNotice) => Promise<void>,
): (input: { updatedBefore: string; cursor?: string; pageSize?: number }) => Promise<ReconcilePage> {
  const { store } = deps;

  /** The notices of a post moved to `failed`; each lands once (recorded under the repair's id). */
  const finishRepair = (repair: Repair, post: Post): Promise<void> =>
    notifyOutcome({
      workspaceId: repair.workspaceId,
      postId: repair.postId,
      eventId: repair.eventId,
      status: post.status,
      targets: post.targets.map(outcomeOf),
    });

  const fail = async (post: UnfinishedPost, workflow: string, pending: Repair[]): Promise<boolean> => {
    const message =
      post.status === 'publishing'
        ? `the post's workflow ${ENDED[workflow]} while it was publishing; targets being sent are uncertain (check the platform before publishing again)`
        : `the post's workflow ${ENDED[workflow]} while the post was ${post.status}`;
    const repair: Repair = {
      workspaceId: post.workspaceId,
      postId: post.postId,
      from: post.status,
      eventId: deriveId(post.workspaceId, post.postId, 'reconcile', post.updatedAt),
      message,
    };
    pending.push(repair);
    Context.current().heartbeat({ pending });
    let failed: Post;
    try {
      failed = await moveStatus(store, post.workspaceId, {
        postId: post.postId,
        eventId: repair.eventId,
        from: post.status,
        to: 'failed',
        actor: { kind: 'system', name: 'reconciliation' },
        reason: message,
        expected: post.status,
        problem: { kind: 'workflow_ended', message },
      });
    } catch (error) {
      pending.splice(pending.indexOf(repair), 1);
      // The post moved on meanwhile: it is not wedged after all.
      if (ConflictError.isInstance(error)) return false;
      throw error;
    }
    await finishRepair(repair, failed);
    pending.splice(pending.indexOf(repair), 1);
    return true;
  };

  return async ({ updatedBefore, cursor, pageSize = 200 }) => {
    if (!deps.temporal)
      throw new ConfigurationError('the reconciliation needs a Temporal client (deps.temporal)');
    const workflows = createPostWorkflowClient(deps.temporal);
    // False when it was started meanwhile (by the SDK): nothing to do then.
    const restart = (post: UnfinishedPost) => workflows.start(post.workspaceId, post.postId);
    const report = { examined: 0, restarted: 0, failed: 0, left: 0 };
    // Repairs a previous attempt of this activity began: finish their history and notices first.
    const previous = (Context.current().info.heartbeatDetails as { pending?: Repair[] } | undefined)?.pending;
    const pending: Repair[] = [];
    for (const repair of previous ?? []) {
      const post = await store.posts.get(repair.workspaceId, repair.postId).catch(() => null);
      if (post?.status === 'failed') await finishRepair(repair, post);
    }
    const page = await store.posts.listUnfinished({
      updatedBefore,
      limit: pageSize,
      ...(cursor ? { cursor } : {}),
    });
    for (const post of page.items) {
      report.examined++;
      Context.current().heartbeat({ pending });
      const workflow = (await workflows.runStatus(post.workspaceId, post.postId)) ?? 'missing';
      const action = repairFor(post.status, workflow);
      if (action === 'restart' && (await restart(post))) report.restarted++;
      else if (action === 'fail' && (await fail(post, workflow, pending))) report.failed++;
      else report.left++;
    }
    return { ...report, nextCursor: page.nextCursor };
  };
}
