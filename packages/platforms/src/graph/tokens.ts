import { type Credentials, type CredentialsInput, credentialsFromInput } from '@relaypost/core';

/**
 * The access token to send: the stored one, or — when it expires within `marginMs` and the login
 * can refresh — a refreshed one, handed to `onRefreshed` so the caller stores it. Instagram Login
 * and Threads refresh the long-lived access token itself (only once it is at least 24 h old, which
 * a token this close to its 60-day expiry is).
 *
 * @example
 * ```ts
 * const token = await freshGraphToken(request.credentials, auth.refresh, request.onCredentialsRefreshed, 7 * 86_400_000);
 * ```
 */
export async function freshGraphToken(
  credentials: Credentials,
  refresh: ((credentials: Credentials) => Promise<CredentialsInput>) | undefined,
  onRefreshed: ((credentials: CredentialsInput) => Promise<void>) | undefined,
  marginMs: number,
  now = Date.now(),
): Promise<string> {
  const expiresAt = credentials.expiresAt ? Date.parse(credentials.expiresAt) : Number.NaN;
  if (!refresh || Number.isNaN(expiresAt) || expiresAt - now > marginMs)
    return credentials.accessToken.reveal();
  const next = await refresh(credentials);
  await onRefreshed?.(next);
  return credentialsFromInput(next).accessToken.reveal();
}
