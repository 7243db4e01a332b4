import {
  ConflictError,
  checkPostForTargets,
  editPostArgsSchema,
  type JsonValue,
  type Post,
  parseOrThrow,
} from '@relaypost/core';
import type { PostPlan, TargetOutcome } from '../types.js';
import type { ActivityDeps } from './deps.js';
import { deriveId } from './derive-id.js';
import { asActivity } from './failures.js';
import { moveStatus, statusEvent } from './post-status.js';
import type { LifecycleActivities } from './types.js';

/** How long before its second a publish is prepared, unless `deps.publishLeadMs` says otherwise. */
export const DEFAULT_PUBLISH_LEAD_MS = 30_000;

/** The plan the workflow drives, from the stored post. */
export function planOf(post: Post): PostPlan {
  return {
    status: post.status,
    publishAt: post.publishAt?.at ? new Date(post.publishAt.at).toISOString() : null,
    timeZone: post.publishAt?.timeZone ?? null,
    approval: post.approval,
    captionRequested: post.caption !== null,
    targets: post.targets.map((t) => ({ id: t.id, platform: t.platform, status: t.status })),
    version: post.version,
  };
}

/**
 * A draft the workflow would move to `scheduled` at once, judged on the plan as the workflow
 * judges it: no caption to write, no approval to wait for.
 */
function goesStraightToItsTimer(plan: PostPlan): boolean {
  return plan.status === 'draft' && !plan.captionRequested && plan.approval.mode !== 'required';
}

/** Bookkeeping activities: read the plan, record transitions and events, apply edits. */
export function createLifecycleActivities(
  deps: ActivityDeps,
): Omit<
  LifecycleActivities,
  'generateCaption' | 'requestApproval' | 'announceDecision' | 'finishPost' | 'deliverNotices'
> {
  const { store } = deps;
  return {
    loadPlan: ({ workspaceId, postId, schedule }) =>
      asActivity(async () => {
        const publishLeadMs = deps.publishLeadMs ?? DEFAULT_PUBLISH_LEAD_MS;
        const plan = { ...planOf(await store.posts.get(workspaceId, postId)), publishLeadMs };
        if (!schedule || !goesStraightToItsTimer(plan)) return plan;
        // The event before the status: a retry that finds a draft repeats both (the event once);
        // one that finds the post scheduled returns it unarmed and the workflow arms it.
        await store.history.append(
          workspaceId,
          statusEvent({ postId, eventId: schedule.eventId, from: 'draft', to: 'scheduled' }),
        );
        try {
          const scheduled = await store.posts.setStatus(workspaceId, postId, 'scheduled', {
            expected: 'draft',
            arm: schedule.arm,
          });
          return { ...planOf(scheduled), publishLeadMs, armed: schedule.arm };
        } catch (error) {
          if (!ConflictError.isInstance(error)) throw error;
          return { ...planOf(await store.posts.get(workspaceId, postId)), publishLeadMs };
        }
      }),

    recordTransition: ({ workspaceId, ...change }) =>
      asActivity(async () => {
        await moveStatus(store, workspaceId, change);
      }),

    armPublish: ({ workspaceId, postId, hold }) =>
      asActivity(() => store.posts.armPublish(workspaceId, postId, hold)),

    recordEvent: ({ workspaceId, postId, eventId, type, actor, data }) =>
      asActivity(async () => {
        await store.history.append(workspaceId, { id: eventId, type, postId, actor, data: data ?? {} });
      }),

    applyEdit: ({ workspaceId, postId, eventId, edit: input }) =>
      asActivity(async () => {
        // Parsed again here: an activity trusts no caller, and a refused edit writes nothing.
        const edit = parseOrThrow(editPostArgsSchema, input, 'edit');
        const post = await store.posts.get(workspaceId, postId);
        const content = { ...post.content, ...edit.content };
        const targets =
          edit.targets ??
          post.targets
            .filter((t) => t.status !== 'cancelled')
            .map((t) => ({
              id: t.id,
              accountId: t.accountId,
              ...(t.text !== null ? { text: t.text } : {}),
              ...(t.mediaIds !== null ? { mediaIds: t.mediaIds } : {}),
              options: t.options as Record<string, JsonValue>,
            }));
        await checkPostForTargets({
          store,
          adapters: deps.adapters,
          workspaceId,
          draft: { content, targets },
          context: 'edit',
        });
        const updated = await store.posts.update(workspaceId, postId, {
          content,
          targets,
          ...(edit.approval ? { approval: edit.approval } : {}),
        });
        await store.history.append(workspaceId, {
          id: eventId,
          type: 'post.edited',
          postId,
          actor: edit.actor,
          data: {
            version: updated.version,
            fields: [
              edit.content ? 'content' : null,
              edit.targets ? 'targets' : null,
              edit.approval ? 'approval' : null,
            ]
              .filter(Boolean)
              .join(','),
          },
        });
        return planOf(updated);
      }),

    applyReschedule: ({ workspaceId, postId, eventId, actor, at, timeZone, publishNow }) =>
      asActivity(async () => {
        const post = await store.posts.get(workspaceId, postId);
        const zone = timeZone ?? post.publishAt?.timeZone ?? 'UTC';
        await store.posts.update(workspaceId, postId, {
          publishAt: { at: new Date(at).toISOString(), timeZone: zone },
        });
        await store.history.append(workspaceId, {
          id: eventId,
          type: 'post.rescheduled',
          postId,
          actor,
          data: {
            from: post.publishAt?.at ?? null,
            to: new Date(at).toISOString(),
            timeZone: zone,
            ...(publishNow ? { publishNow: true } : {}),
          },
        });
      }),

    cancelTargetsForAccount: ({ workspaceId, postId, eventId, actor, accountId }) =>
      asActivity(async () => {
        const post = await store.posts.get(workspaceId, postId);
        for (const target of post.targets) {
          if (target.accountId !== accountId || target.status !== 'pending') continue;
          await store.posts.setTargetStatus(workspaceId, postId, target.id, 'cancelled');
          await store.history.append(workspaceId, {
            id: deriveId(eventId, target.id),
            type: 'target.cancelled',
            postId,
            targetId: target.id,
            accountId,
            actor,
            data: { reason: 'account disconnected' },
          });
        }
        return planOf(await store.posts.get(workspaceId, postId));
      }),

    markTargetFailed: ({ workspaceId, postId, eventId, targetId, error }) =>
      asActivity(async (): Promise<TargetOutcome> => {
        const current = (await store.posts.get(workspaceId, postId)).targets.find((t) => t.id === targetId);
        if (current && (current.status === 'published' || current.status === 'uncertain')) {
          // The publish activity recorded a final answer before the failure reached the workflow.
          return {
            targetId,
            platform: current.platform,
            status: current.status,
            externalId: current.result.externalId,
            url: current.result.url,
          };
        }
        const target = await store.posts.setTargetStatus(workspaceId, postId, targetId, 'failed', { error });
        deps.observer?.targetFinished?.({
          platform: target.platform,
          status: 'failed',
          errorKind: error.kind,
        });
        await store.history.append(workspaceId, {
          id: eventId,
          type: 'target.failed',
          postId,
          targetId,
          accountId: target.accountId,
          actor: { kind: 'workflow' },
          data: { kind: error.kind, message: error.message },
        });
        return { targetId, platform: target.platform, status: 'failed', error };
      }),
  };
}
