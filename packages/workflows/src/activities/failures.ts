import {
  ConfigurationError,
  ConflictError,
  NotFoundError,
  PlatformError,
  ValidationError,
} from '@relaypost/core';
import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES } from '../names.js';

const TYPE_BY_KIND = {
  rate_limited: FAILURE_TYPES.rateLimited,
  transient: FAILURE_TYPES.transient,
  needs_reconnect: FAILURE_TYPES.needsReconnect,
  content_rejected: FAILURE_TYPES.contentRejected,
  unknown_outcome: FAILURE_TYPES.unknownOutcome,
} as const;

/**
 * Converts RelayPost's typed errors into Temporal failures at the activity boundary: the retry
 * decision and the platform's Retry-After (`nextRetryDelay`) travel with the failure, and the
 * serialized error rides along in `details` (already redacted).
 */
export function toActivityFailure(error: unknown): unknown {
  if (PlatformError.isInstance(error)) {
    const wait =
      'retryAfterMs' in error && typeof error.retryAfterMs === 'number' ? error.retryAfterMs : undefined;
    return ApplicationFailure.create({
      type: TYPE_BY_KIND[error.kind],
      message: error.message,
      nonRetryable: !error.retryable,
      details: [error.toJSON()],
      ...(wait !== undefined ? { nextRetryDelay: Math.max(wait, 1000) } : {}),
    });
  }
  if (ValidationError.isInstance(error)) {
    return ApplicationFailure.create({
      type: FAILURE_TYPES.validation,
      message: error.message,
      nonRetryable: true,
      details: [error.issues],
    });
  }
  if (ConfigurationError.isInstance(error)) {
    return ApplicationFailure.create({
      type: FAILURE_TYPES.configuration,
      message: error.message,
      nonRetryable: true,
      details: [{ setting: error.setting }],
    });
  }
  if (ConflictError.isInstance(error)) {
    return ApplicationFailure.create({
      type: FAILURE_TYPES.conflict,
      message: error.message,
      nonRetryable: true,
    });
  }
  if (NotFoundError.isInstance(error)) {
    return ApplicationFailure.create({
      type: FAILURE_TYPES.notFound,
      message: error.message,
      nonRetryable: true,
    });
  }
  return error;
}

/** Runs an activity body and converts its typed errors. */
export async function asActivity<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toActivityFailure(error);
  }
}
