import { type Credentials, type CredentialsInput, credentialsFromInput } from '@relaypost/core';

/** Refresh this long before the access token's stated expiry (X tokens last 2 hours). */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * The access token to send: the stored one, or — when it is about to expire and a refresh token
 * exists — a fresh one, handed to `onRefreshed` so the caller persists the rotated refresh token.
 *
 * @example
 * ```ts
 * const token = await freshXToken(request.credentials, auth.refresh, request.onCredentialsRefreshed);
 * ```
 */
export async function freshXToken(
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
