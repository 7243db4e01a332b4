import { type Credentials, type CredentialsInput, credentialsFromInput } from '@relaypost/core';

/** Refresh this long before the access token's stated expiry. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/**
 * The access token to send: the stored one, or — when it is about to expire, a refresh token
 * exists and the adapter may refresh — a fresh one, handed to `onRefreshed` for the caller to keep.
 * Without programmatic refresh (most LinkedIn apps) the stored token is sent as is; LinkedIn
 * answers 401 once it has expired and the member reconnects.
 *
 * @example
 * ```ts
 * const token = await freshLinkedInToken(request.credentials, auth.refresh, request.onCredentialsRefreshed);
 * ```
 */
export async function freshLinkedInToken(
  credentials: Credentials,
  refresh: ((credentials: Credentials) => Promise<CredentialsInput>) | undefined,
  onRefreshed: ((credentials: CredentialsInput) => Promise<void>) | undefined,
  now = Date.now(),
): Promise<string> {
  const expiresAt = credentials.expiresAt ? Date.parse(credentials.expiresAt) : Number.NaN;
  if (
    !refresh ||
    !credentials.refreshToken ||
    Number.isNaN(expiresAt) ||
    expiresAt - now > EXPIRY_MARGIN_MS
  ) {
    return credentials.accessToken.reveal();
  }
  const next = await refresh(credentials);
  await onRefreshed?.(next);
  return credentialsFromInput(next).accessToken.reveal();
}
