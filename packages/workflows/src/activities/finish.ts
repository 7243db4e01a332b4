import { createOutcomeNotifier } from './approval.js';
import type { ActivityDeps } from './deps.js';
import { asActivity } from './failures.js';
import { outcomeOf } from './outcomes.js';
import { moveStatus } from './post-status.js';
import type { LifecycleActivities } from './types.js';

/**
 * The end of a post in one activity: the final status (the store ends the targets still open),
 * then the notices, with every target's outcome — the publish's where there was one, the store's
 * otherwise. One local activity instead of two saves the workflow a round trip per post.
 */
export function createFinishActivity(deps: ActivityDeps): Pick<LifecycleActivities, 'finishPost'> {
  const notify = createOutcomeNotifier(deps);
  return {
    finishPost: ({ workspaceId, postId, eventId, status, outcomes, transition }) =>
      asActivity(async () => {
        const post = transition
          ? await moveStatus(deps.store, workspaceId, transition)
          : await deps.store.posts.get(workspaceId, postId);
        const given = new Map(outcomes.map((o) => [o.targetId, o]));
        const targets = post.targets.map((t) => given.get(t.id) ?? outcomeOf(t));
        await notify({ workspaceId, postId, eventId, status, targets });
        return targets;
      }),
  };
}
