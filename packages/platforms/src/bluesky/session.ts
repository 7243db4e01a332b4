import {
  type Credentials,
  type CredentialsInput,
  credentialsFromInput,
  NeedsReconnectError,
  TransientError,
} from '@relaypost/core';
import { isExpiredToken } from './errors.js';

/** Runs XRPC calls with the account's access JWT, refreshing it once if the PDS says it expired. */
export interface SessionRunner {
  run<T>(call: (accessJwt: string) => Promise<T>): Promise<T>;
}

/**
 * A runner for one publish or delete. When a call fails with `ExpiredToken`, the session is
 * refreshed once, the new credentials go to `onRefreshed` (the caller persists them), and the
 * call is made again; a call that fails with `ExpiredToken` was not applied, so repeating it
 * is safe. Without `onRefreshed` nothing is refreshed: the PDS rotates the refresh JWT, and
 * a rotation the caller cannot store would leave it holding a dead session.
 *
 * @example
 * ```ts
 * const session = sessionRunner(request.credentials, auth.refresh, request.onCredentialsRefreshed);
 * const ref = await session.run((jwt) => createRecord(jwt, record));
 * ```
 */
export function sessionRunner(
  credentials: Credentials,
  refresh: (credentials: Credentials) => Promise<CredentialsInput>,
  onRefreshed: ((credentials: CredentialsInput) => Promise<void>) | undefined,
): SessionRunner {
  let current = credentials;
  let refreshed = false;

  async function renew(cause: unknown): Promise<void> {
    refreshed = true;
    let next: CredentialsInput;
    try {
      next = await refresh(current);
    } catch (error) {
      // A refresh that could work later stays retryable; any other refusal means log in again.
      if (TransientError.isInstance(error) || NeedsReconnectError.isInstance(error)) throw error;
      throw new NeedsReconnectError({
        platform: 'bluesky',
        message: 'the session expired and could not be refreshed',
        cause: error ?? cause,
      });
    }
    await onRefreshed?.(next);
    current = credentialsFromInput(next);
  }

  return {
    async run(call) {
      try {
        return await call(current.accessToken.reveal());
      } catch (error) {
        if (!isExpiredToken(error) || refreshed || !onRefreshed) throw error;
        await renew(error);
        return call(current.accessToken.reveal());
      }
    },
  };
}
