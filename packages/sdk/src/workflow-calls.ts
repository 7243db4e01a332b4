import { ConflictError, NotFoundError, RelayPostError, ValidationError } from '@relaypost/core';
import {
  approveUpdate,
  cancelUpdate,
  editUpdate,
  LIFECYCLE_TASK_QUEUE,
  type LifecycleState,
  postWorkflowId,
  publishNowUpdate,
  regenerateCaptionUpdate,
  rejectUpdate,
  rescheduleUpdate,
  targetsCancelledUpdate,
} from '@relaypost/workflows';
import {
  type Client,
  QueryNotRegisteredError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';

const updates = {
  edit: editUpdate,
  reschedule: rescheduleUpdate,
  cancel: cancelUpdate,
  publishNow: publishNowUpdate,
  approve: approveUpdate,
  reject: rejectUpdate,
  regenerateCaption: regenerateCaptionUpdate,
  targetsCancelled: targetsCancelledUpdate,
} as const;

export type UpdateName = keyof typeof updates;

/**
 * Starts a post's workflow; starting one that runs already is fine (idempotent create). A run
 * that completed is never started again (that would drive a finished post through its life
 * cycle a second time); one that failed or was stopped may be.
 */
export async function startPostWorkflow(client: Client, workspaceId: string, postId: string): Promise<void> {
  try {
    await client.workflow.start('postLifecycle', {
      taskQueue: LIFECYCLE_TASK_QUEUE,
      workflowId: postWorkflowId(workspaceId, postId),
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
      args: [{ workspaceId, postId }],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/**
 * Sends an update to a post's workflow and waits for its answer, turning Temporal's errors into
 * RelayPost's: a validator's refusal becomes a ValidationError (or ConflictError for a state
 * that no longer allows the change), a missing workflow a NotFoundError.
 */
export async function updatePostWorkflow(
  client: Client,
  workspaceId: string,
  postId: string,
  name: UpdateName,
  args: unknown,
): Promise<LifecycleState> {
  const handle = client.workflow.getHandle(postWorkflowId(workspaceId, postId));
  try {
    return await handle.executeUpdate(updates[name] as never, { args: [args] as never });
  } catch (error) {
    throw translate(error, postId, name);
  }
}

/**
 * The workflow's live state, or null when there is none to read: no workflow, or one that has
 * just started and not yet loaded its post (its query handler refuses until then).
 */
export async function queryPostWorkflow(
  client: Client,
  workspaceId: string,
  postId: string,
): Promise<LifecycleState | null> {
  try {
    return await client.workflow
      .getHandle(postWorkflowId(workspaceId, postId))
      .query<LifecycleState>('state');
  } catch (error) {
    if (error instanceof WorkflowNotFoundError || error instanceof QueryNotRegisteredError) return null;
    if (stillLoading(error)) return null;
    throw error;
  }
}

/**
 * Waits until a post's workflow is over, however it ended: the stored post says what happened,
 * so a workflow that failed, was stopped or is gone is not an error for the caller.
 */
export async function waitForPostWorkflow(
  client: Client,
  workspaceId: string,
  postId: string,
): Promise<void> {
  try {
    await client.workflow.getHandle(postWorkflowId(workspaceId, postId)).result();
  } catch (error) {
    if (error instanceof WorkflowFailedError || error instanceof WorkflowNotFoundError) return;
    throw translate(error, postId, 'wait');
  }
}

function stillLoading(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (/still loading|did not register a handler/.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

interface FailureLike {
  message?: string;
  type?: string;
  details?: unknown[];
  cause?: unknown;
}

/** The innermost failure that carries a type (an activity's ApplicationFailure inside an ActivityFailure). */
function applicationCause(error: { cause?: unknown }): FailureLike | undefined {
  let current = error.cause as FailureLike | undefined;
  while (current && !current.type && current.cause) current = current.cause as FailureLike;
  return current;
}

function translate(error: unknown, postId: string, name: string): unknown {
  if (error instanceof WorkflowNotFoundError) return new NotFoundError('post workflow', postId);
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = applicationCause(error);
    const message = cause?.message ?? error.message;
    if (cause?.type === 'InvalidState' || cause?.type === 'RelayPostConflict' || /^post is /.test(message))
      return new ConflictError(`cannot ${name}: ${message}`, { cause: error });
    if (cause?.type === 'RelayPostValidation' && Array.isArray(cause.details?.[0])) {
      return new ValidationError(cause.details[0] as ConstructorParameters<typeof ValidationError>[0], name);
    }
    const [path, ...rest] = message.split(': ');
    return new ValidationError(
      [{ path: rest.length ? (path ?? name) : name, message: rest.length ? rest.join(': ') : message }],
      name,
    );
  }
  if (RelayPostError.isInstance(error)) return error;
  if (
    error &&
    typeof error === 'object' &&
    'cause' in error &&
    RelayPostError.isInstance((error as { cause: unknown }).cause)
  ) {
    return (error as { cause: unknown }).cause;
  }
  return error;
}
