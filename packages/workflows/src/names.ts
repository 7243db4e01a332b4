/** Names shared by workflows, activities, workers and clients. Plain strings: safe in workflow code. */

/** The task queue of the life cycle workflows and their bookkeeping activities. */
export const LIFECYCLE_TASK_QUEUE = 'relaypost-lifecycle';

/** Each platform publishes on its own task queue so workers can cap concurrency per platform. */
export function publishTaskQueue(platform: string): string {
  return `relaypost-publish-${platform}`;
}

/**
 * One workflow per post; its id names the workspace and the post, since post ids are unique per
 * workspace only (two workspaces' posts of one id must never share a workflow).
 *
 * @example
 * ```ts
 * client.workflow.getHandle(postWorkflowId(workspaceId, postId)); // relaypost-post-<ws>-<post>
 * ```
 */
export function postWorkflowId(workspaceId: string, postId: string): string {
  return `relaypost-post-${workspaceId}-${postId}`;
}

/** Failure types the activities throw (ApplicationFailure `type`). */
export const FAILURE_TYPES = {
  rateLimited: 'RelayPostRateLimited',
  transient: 'RelayPostTransient',
  needsReconnect: 'RelayPostNeedsReconnect',
  contentRejected: 'RelayPostContentRejected',
  unknownOutcome: 'RelayPostUnknownOutcome',
  validation: 'RelayPostValidation',
  notFound: 'RelayPostNotFound',
  configuration: 'RelayPostConfiguration',
  /** The store refused a change that lost a race (a cancel after the publish was claimed). */
  conflict: 'RelayPostConflict',
  /** A publish prepared ahead of its second found the post changed; nothing was sent. */
  holdSuperseded: 'RelayPostHoldSuperseded',
} as const;

/** Failure types that retrying cannot fix. */
export const NON_RETRYABLE_FAILURE_TYPES: string[] = [
  FAILURE_TYPES.needsReconnect,
  FAILURE_TYPES.contentRejected,
  FAILURE_TYPES.unknownOutcome,
  FAILURE_TYPES.validation,
  FAILURE_TYPES.notFound,
  FAILURE_TYPES.configuration,
  FAILURE_TYPES.conflict,
  FAILURE_TYPES.holdSuperseded,
];
