import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { LifecycleActivities, PublishActivities } from '../activities/types.js';
import { NON_RETRYABLE_FAILURE_TYPES, publishTaskQueue } from '../names.js';

/**
 * The activities as the workflow calls them, each with the timeouts and retries of its kind (the
 * table in docs/architecture.md). Retries happen here, at the activity boundary, and nowhere else.
 */

const BOOKKEEPING_RETRY = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
} as const;

/**
 * Store writes the life cycle itself makes, as local activities: they run in the workflow task
 * that asks for them, without a round trip through a task queue. Retried until they land.
 */
export const bookkeeping = proxyLocalActivities<LifecycleActivities>({
  startToCloseTimeout: '1 minute',
  retry: BOOKKEEPING_RETRY,
});

/**
 * Store writes an update makes while its caller waits for the answer: a few attempts, then the
 * update fails with the reason (a database outage, say) instead of leaving the caller hanging.
 */
export const forCaller = proxyLocalActivities<LifecycleActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { ...BOOKKEEPING_RETRY, maximumAttempts: 4 },
});

/** Telegram approval requests and decisions, and notices retried, on the life cycle task queue. */
export const approvals = proxyActivities<
  Pick<LifecycleActivities, 'requestApproval' | 'announceDecision' | 'deliverNotices'>
>({
  startToCloseTimeout: '1 minute',
  retry: BOOKKEEPING_RETRY,
});

/** AI captions: slow calls to a paid API, a handful of attempts. */
export const captioning = proxyActivities<Pick<LifecycleActivities, 'generateCaption'>>({
  startToCloseTimeout: '3 minutes',
  retry: {
    initialInterval: '2s',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 6,
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
  },
});

/** The publish activity on the platform's own task queue (workers cap concurrency per platform). */
export function publisherFor(platform: string): PublishActivities {
  return proxyActivities<PublishActivities>({
    taskQueue: publishTaskQueue(platform),
    // Long uploads heartbeat; a dead worker is noticed within the heartbeat timeout.
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: '30 seconds',
    retry: {
      initialInterval: '5s',
      backoffCoefficient: 2,
      maximumInterval: '15 minutes',
      maximumAttempts: 10,
      nonRetryableErrorTypes: NON_RETRYABLE_FAILURE_TYPES,
    },
  });
}
