import type { LifecycleActivities } from './types.js';

/**
 * The end of a post in one activity (`lifecycle-v3`): the final status, then the notices. One
 * local activity instead of two saves the workflow a round trip through its worker per post.
 */
export function createFinishActivity(
  parts: Pick<LifecycleActivities, 'recordTransition' | 'notifyOutcome'>,
): Pick<LifecycleActivities, 'finishPost'> {
  return {
    finishPost: async ({ targets, ...transition }) => {
      await parts.recordTransition(transition);
      const { workspaceId, postId, eventId, to } = transition;
      await parts.notifyOutcome({ workspaceId, postId, eventId, status: to, targets });
    },
  };
}
