import { type Credentials, type CredentialsInput, credentialsFromInput } from '@relaypost/core';

/** Refresh this long before the access token's stated expiry. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * The access token to send: the stored one, or — when it is about to expire and a refresh token
 * exists — a fresh one, handed to `onCredentialsRefreshed` so the caller persists it.
 *
 * @example
 * ```ts
 * const token = await freshAccessToken(request.credentials, auth.refresh, request.onCredentialsRefreshed);
 * ```
 */
export async function freshAccessToken(
  credentials: Credentials,
  refresh: (credentials: Credentials) => Promise<CredentialsInput>,
  onRefreshed: ((credentials: CredentialsInput) => Promise<void>) | undefined,
  now = Date.now(),
): Promise<string> {
  const expiresAt = credentials.expiresAt ? Date.parse(credentials.expiresAt) : Number.NaN;
  if (!credentials.refreshToken || Number.isNaN(expiresAt) || expiresAt - now > EXPIRY_MARGIN_MS) {
    return credentials.accessToken.reveal();
  }
  const next = await refresh(credentials);
  await onRefreshed?.(next);
  return credentialsFromInput(next).accessToken.reveal();
}
