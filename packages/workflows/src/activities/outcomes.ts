import type { PostTarget } from '@relaypost/core';
import type { TargetOutcome } from '../types.js';

/** Whether a target has its final answer (it is never sent again). */
export function isSettled(target: Pick<PostTarget, 'status'>): boolean {
  return (
    target.status === 'published' ||
    target.status === 'uncertain' ||
    target.status === 'cancelled' ||
    target.status === 'failed'
  );
}

/** A stored target as the workflow and the notices report it. */
export function outcomeOf(target: PostTarget): TargetOutcome {
  return {
    targetId: target.id,
    platform: target.platform,
    status: target.status as TargetOutcome['status'],
    externalId: target.result.externalId,
    url: target.result.url,
    error: target.result.error
      ? { kind: target.result.error.kind, message: target.result.error.message }
      : null,
  };
}
