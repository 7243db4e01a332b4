import type { PlatformError } from '@relaypost/core';
import { type GraphErrorOptions, mapGraphError } from '../graph/errors.js';
import type { HttpFailure } from '../http/index.js';

/**
 * Facebook's error answers, through the shared Graph mapping (see `mapGraphError`).
 *
 * @example
 * ```ts
 * mapFacebookError({ status: 400, data: { error: { code: 506 } }, headers: new Headers() }).kind // 'content_rejected'
 * ```
 */
export function mapFacebookError(failure: HttpFailure, options?: GraphErrorOptions): PlatformError {
  return mapGraphError('facebook', failure, options);
}
