import type { PlatformError } from '@relaypost/core';
import { type GraphErrorOptions, mapGraphError } from '../graph/errors.js';
import type { HttpFailure } from '../http/index.js';

/**
 * Instagram's error answers, through the shared Graph mapping (see `mapGraphError`).
 *
 * @example
 * ```ts
 * mapInstagramError({ status: 400, data: { error: { code: 190 } }, headers: new Headers() }).kind // 'needs_reconnect'
 * ```
 */
export function mapInstagramError(failure: HttpFailure, options?: GraphErrorOptions): PlatformError {
  return mapGraphError('instagram', failure, options);
}
