import type { PlatformError } from '@relaypost/core';
import { type GraphErrorOptions, mapGraphError } from '../graph/errors.js';
import type { HttpFailure } from '../http/index.js';

/**
 * Threads' error answers, through the shared Graph mapping (see `mapGraphError`).
 *
 * @example
 * ```ts
 * mapThreadsError({ status: 500, data: { error: { code: 2 } }, headers: new Headers() }).kind // 'transient'
 * ```
 */
export function mapThreadsError(failure: HttpFailure, options?: GraphErrorOptions): PlatformError {
  return mapGraphError('threads', failure, options);
}
