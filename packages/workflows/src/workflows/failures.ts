import { type PostStatus, ValidationError, type ValidationIssue } from '@relaypost/core/schemas';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { z } from 'zod';
import type { PostUpdateName } from '../client.js';
import { FAILURE_TYPES } from '../names.js';
import { updateRefusal } from './rules.js';

/**
 * The typed failures an update answers with. They carry data, never text to parse: the client
 * (`../client.ts`) turns a validation failure's issues into a `ValidationError` and a conflict's
 * status into a `ConflictError`.
 */

/** What a conflict failure carries in its details. */
export interface ConflictDetails {
  /** The post's status when the change was refused. */
  status: PostStatus;
}

/** Refuses an update for its arguments, naming each bad field. */
export function validationFailure(issues: readonly ValidationIssue[], context: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: FAILURE_TYPES.validation,
    message: new ValidationError(issues, context).message,
    details: [issues],
    nonRetryable: true,
  });
}

/** Refuses an update the post's status does not allow. */
export function conflictFailure(status: PostStatus, message: string): ApplicationFailure {
  const details: ConflictDetails = { status };
  return ApplicationFailure.create({
    type: FAILURE_TYPES.conflict,
    message,
    details: [details],
    nonRetryable: true,
  });
}

/** Parses an update's arguments with the schema the SDK parsed them with, or refuses them. */
export function parseArgs<S extends z.ZodType>(schema: S, args: unknown, context: string): z.output<S> {
  const parsed = schema.safeParse(args);
  if (!parsed.success) throw validationFailure(ValidationError.fromZod(parsed.error).issues, context);
  return parsed.data;
}

/** Refuses an update the post's status does not take (the rules in `rules.ts`). */
export function assertAllowed(name: PostUpdateName, status: PostStatus): void {
  const refusal = updateRefusal(name, status);
  if (refusal !== null) throw conflictFailure(status, refusal);
}

/** The application failure behind an activity's failure (or the error itself). */
export function causeOf(error: unknown): unknown {
  return error instanceof ActivityFailure ? error.cause : error;
}

/** Whether an activity failed with one of RelayPost's failure types. */
export function failedWith(error: unknown, type: string): boolean {
  const cause = causeOf(error);
  return cause instanceof ApplicationFailure && cause.type === type;
}

/** The stored error kind for a failure type: `RelayPostRateLimited` → `rate_limited`, as core spells kinds. */
export function kindOf(failureType: string): string {
  const entry = Object.entries(FAILURE_TYPES).find(([, type]) => type === failureType);
  return entry ? entry[0].replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`) : failureType;
}

/** A failure's message in words for the user. */
export function messageOf(error: unknown): string {
  const cause = causeOf(error);
  return cause instanceof Error ? cause.message : String(cause);
}
