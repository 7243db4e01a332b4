import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  DecisionArgs,
  EditPostArgs,
  LifecycleState,
  RegenerateCaptionArgs,
  RescheduleArgs,
  TargetsCancelledArgs,
} from '../types.js';

/** The post's current life cycle state; null while the workflow is still loading the post. */
export const stateQuery = defineQuery<LifecycleState | null>('state');

/** Replaces content or targets; re-validated against every target. Returns the new version. */
export const editUpdate = defineUpdate<LifecycleState, [EditPostArgs]>('edit');
/** Moves the publish time (not into the past). */
export const rescheduleUpdate = defineUpdate<LifecycleState, [RescheduleArgs]>('reschedule');
export const cancelUpdate = defineUpdate<LifecycleState, [DecisionArgs]>('cancel');
/** Publishes at once (after approval, when approval is required). */
export const publishNowUpdate = defineUpdate<LifecycleState, [DecisionArgs]>('publishNow');
export const approveUpdate = defineUpdate<LifecycleState, [DecisionArgs]>('approve');
export const rejectUpdate = defineUpdate<LifecycleState, [DecisionArgs]>('reject');
export const regenerateCaptionUpdate = defineUpdate<LifecycleState, [RegenerateCaptionArgs]>(
  'regenerateCaption',
);
/** An account was disconnected: its targets in this post are cancelled. */
export const targetsCancelledUpdate = defineUpdate<LifecycleState, [TargetsCancelledArgs]>(
  'targetsCancelled',
);
