import { type Credentials, type CredentialsInput, credentialsFromInput } from '@relaypost/core';

/** When {@link freshAccessToken} refreshes. */
export interface FreshTokenOptions {
  /** Refresh when the access token ends within this long. */
  marginMs: number;
  /**
   * The refresh trades the access token itself (Instagram Login, Threads), so it needs no
   * refresh token; elsewhere a credential without one is sent as it is.
   */
  refreshesAccessToken?: boolean;
  now?: number;
}

/**
 * The access token to send: the stored one, or — when it ends within the margin and it can be
 * refreshed — a fresh one, handed to `onRefreshed` first so the caller keeps it (and a rotated
 * refresh token) before the call that uses it. A token that cannot be refreshed is sent as it
 * is: the platform answers 401 once it has ended, and the account reconnects.
 *
 * @example
 * ```ts
 * const token = await freshAccessToken(request.credentials, auth.refresh, request.onCredentialsRefreshed, { marginMs: 60_000 });
 * ```
 */
export async function freshAccessToken(
  credentials: Credentials,
  refresh: ((credentials: Credentials) => Promise<CredentialsInput>) | undefined,
  onRefreshed: ((credentials: CredentialsInput) => Promise<void>) | undefined,
  options: FreshTokenOptions,
): Promise<string> {
  const expiresAt = credentials.expiresAt ? Date.parse(credentials.expiresAt) : Number.NaN;
  const refreshable = !!refresh && (!!credentials.refreshToken || options.refreshesAccessToken === true);
  const now = options.now ?? Date.now();
  if (!refreshable || Number.isNaN(expiresAt) || expiresAt - now > options.marginMs) {
    return credentials.accessToken.reveal();
  }
  const next = await refresh(credentials);
  await onRefreshed?.(next);
  return credentialsFromInput(next).accessToken.reveal();
}
