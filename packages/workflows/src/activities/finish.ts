import { createOutcomeNotifier, type OutcomeNotice } from './approval.js';
import type { ActivityDeps } from './deps.js';
import { asActivity } from './failures.js';
import { outcomeOf } from './outcomes.js';
import { moveStatus } from './post-status.js';
import type { LifecycleActivities } from './types.js';

/**
 * The end of a post: the final status (the store ends the targets still open), then the notices,
 * with every target's outcome — the publish's where there was one, the store's otherwise. One
 * local activity instead of two saves the workflow a round trip per post; but a local activity
 * retries inside the workflow's task, so a notice that fails here is not retried here: the
 * workflow hands it to `deliverNotices`, an ordinary activity that retries on its own time while
 * the workflow keeps answering queries.
 */
export function createFinishActivity(
  deps: ActivityDeps,
): Pick<LifecycleActivities, 'finishPost' | 'deliverNotices'> {
  const notify = createOutcomeNotifier(deps);
  return {
    finishPost: ({ workspaceId, postId, eventId, status, outcomes, transition }) =>
      asActivity(async () => {
        const post = transition
          ? await moveStatus(deps.store, workspaceId, transition)
          : await deps.store.posts.get(workspaceId, postId);
        const given = new Map(outcomes.map((o) => [o.targetId, o]));
        const targets = post.targets.map((t) => given.get(t.id) ?? outcomeOf(t));
        const notice: OutcomeNotice = { workspaceId, postId, eventId, status, targets };
        const delivered = await notify(notice).then(
          () => true,
          () => false,
        );
        return { targets, notice: delivered ? null : notice };
      }),
    deliverNotices: (notice) => asActivity(() => notify(notice)),
  };
}
