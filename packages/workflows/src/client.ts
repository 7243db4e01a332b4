import {
  ConfigurationError,
  ConflictError,
  NotFoundError,
  RelayPostError,
  ValidationError,
  type ValidationIssue,
} from '@relaypost/core';
import {
  type Client,
  QueryNotRegisteredError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition, WorkflowIdReusePolicy } from '@temporalio/common';
import { FAILURE_TYPES, LIFECYCLE_TASK_QUEUE, postWorkflowId } from './names.js';
import type { LifecycleState } from './types.js';
import {
  approveUpdate,
  cancelUpdate,
  editUpdate,
  publishNowUpdate,
  regenerateCaptionUpdate,
  rejectUpdate,
  rescheduleUpdate,
  stateQuery,
  targetsCancelledUpdate,
} from './workflows/definitions.js';
import type * as workflows from './workflows/index.js';

/** The post workflow's type, checked against the workflow module's exports. */
const POST_WORKFLOW: keyof typeof workflows = 'postLifecycle';

/**
 * Most bytes of an update's argument: well inside Temporal's payload limit (2 MB, and it warns
 * from 512 KB), so a huge edit is refused at once instead of hanging in the server.
 */
export const MAX_UPDATE_BYTES = 512 * 1024;

/** The post workflow's update definitions by name: what `PostWorkflowClient.update` sends. */
export const UPDATES = {
  edit: editUpdate,
  reschedule: rescheduleUpdate,
  cancel: cancelUpdate,
  publishNow: publishNowUpdate,
  approve: approveUpdate,
  reject: rejectUpdate,
  regenerateCaption: regenerateCaptionUpdate,
  targetsCancelled: targetsCancelledUpdate,
} as const;

/** The updates a post's workflow takes. */
export type PostUpdateName = keyof typeof UPDATES;
/** The argument of an update, as its definition types it. */
export type PostUpdateArgs<K extends PostUpdateName> =
  (typeof UPDATES)[K] extends UpdateDefinition<LifecycleState, [infer A]> ? A : never;

/** How the SDK, the worker and the Telegram bridge talk to post workflows. */
export interface PostWorkflowClient {
  /**
   * Starts a post's workflow; starting one that runs already is fine (an idempotent create). A
   * run that completed is never started again (it would drive a finished post through its life
   * a second time); one that failed or was terminated may be. True when this call started a run.
   */
  start(workspaceId: string, postId: string): Promise<boolean>;
  /**
   * Sends an update and waits for its answer. A refusal comes back as RelayPost's error: a
   * `ValidationError` naming the fields, a `ConflictError` for a status that no longer allows the
   * change, a `ConfigurationError` naming the setting to fix, a `NotFoundError` without a workflow.
   */
  update<K extends PostUpdateName>(
    workspaceId: string,
    postId: string,
    name: K,
    args: PostUpdateArgs<K>,
  ): Promise<LifecycleState>;
  /** The workflow's live state; null when there is no workflow or it is still loading the post. */
  state(workspaceId: string, postId: string): Promise<LifecycleState | null>;
  /** Waits until the workflow is over, however it ended (also failed, terminated, or gone). */
  waitForEnd(workspaceId: string, postId: string): Promise<void>;
  /** The workflow run's status (`RUNNING`, `COMPLETED`, `FAILED`, `TERMINATED`...), null when there is none. */
  runStatus(workspaceId: string, postId: string): Promise<string | null>;
  /** Stops a workflow at once (its workspace was erased); false when there was none running. */
  terminate(workspaceId: string, postId: string, reason: string): Promise<boolean>;
}

/**
 * The typed client of post workflows: update names, their arguments and the state query are
 * typed by the definitions the workflow registers, and failures arrive as data (issues, status,
 * setting), never as text to parse.
 *
 * @example
 * ```ts
 * const posts = createPostWorkflowClient(client);
 * await posts.start(workspaceId, postId);
 * const state = await posts.update(workspaceId, postId, 'reschedule', { actor: { kind: 'api' }, at });
 * ```
 */
export function createPostWorkflowClient(client: Client): PostWorkflowClient {
  const handle = (workspaceId: string, postId: string) =>
    client.workflow.getHandle(postWorkflowId(workspaceId, postId));
  return {
    async start(workspaceId, postId) {
      try {
        await client.workflow.start<typeof workflows.postLifecycle>(POST_WORKFLOW, {
          taskQueue: LIFECYCLE_TASK_QUEUE,
          workflowId: postWorkflowId(workspaceId, postId),
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
          args: [{ workspaceId, postId }],
        });
        return true;
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
        throw error;
      }
    },

    async update(workspaceId, postId, name, args) {
      const bytes = Buffer.byteLength(JSON.stringify(args));
      if (bytes > MAX_UPDATE_BYTES)
        throw new ValidationError(
          [
            {
              path: name,
              message: 'is too large to send to the workflow',
              limit: MAX_UPDATE_BYTES,
              actual: bytes,
            },
          ],
          name,
        );
      const definition = UPDATES[name] as UpdateDefinition<LifecycleState, [typeof args]>;
      try {
        return await handle(workspaceId, postId).executeUpdate(definition, { args: [args] });
      } catch (error) {
        throw toRelayPostError(error, postId, name);
      }
    },

    async state(workspaceId, postId) {
      try {
        return await handle(workspaceId, postId).query(stateQuery);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError || error instanceof QueryNotRegisteredError) return null;
        throw error;
      }
    },

    async waitForEnd(workspaceId, postId) {
      try {
        await handle(workspaceId, postId).result();
      } catch (error) {
        if (error instanceof WorkflowFailedError || error instanceof WorkflowNotFoundError) return;
        throw error;
      }
    },

    async runStatus(workspaceId, postId) {
      try {
        return (await handle(workspaceId, postId).describe()).status.name;
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return null;
        throw error;
      }
    },

    async terminate(workspaceId, postId, reason) {
      try {
        await handle(workspaceId, postId).terminate(reason);
        return true;
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return false;
        throw error;
      }
    },
  };
}

/** The innermost application failure of an update's failure (a validator's, or an activity's). */
function applicationFailureIn(error: unknown): ApplicationFailure | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 8; depth++) {
    if (current instanceof ApplicationFailure) return current;
    current = current.cause;
  }
  return undefined;
}

function toRelayPostError(error: unknown, postId: string, name: string): unknown {
  if (error instanceof WorkflowNotFoundError) return new NotFoundError('post workflow', postId);
  if (!(error instanceof WorkflowUpdateFailedError)) return error;
  const failure = applicationFailureIn(error);
  const detail = failure?.details?.[0];
  switch (failure?.type) {
    case FAILURE_TYPES.validation:
      return new ValidationError((detail ?? []) as ValidationIssue[], name);
    case FAILURE_TYPES.conflict:
      return new ConflictError(`cannot ${name}: ${failure.message}`, { cause: error });
    case FAILURE_TYPES.configuration: {
      const setting = (detail as { setting?: string | null } | undefined)?.setting;
      return new ConfigurationError(failure.message, { cause: error, ...(setting ? { setting } : {}) });
    }
    case FAILURE_TYPES.notFound:
      return new NotFoundError('post', postId);
    default:
      return new RelayPostError('transient', `cannot ${name} now: ${failure?.message ?? error.message}`, {
        cause: error,
      });
  }
}
