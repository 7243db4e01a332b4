import type { Keyring, PlatformId } from '@relaypost/core';
import { ValidationError } from '@relaypost/core';

/** What travels inside the OAuth `state` parameter, sealed (AES-GCM) so it is opaque and tamper-proof. */
interface StatePayload {
  w: string;
  p: PlatformId;
  r: string;
  v?: string;
  e: number;
  n: string;
}

const AAD = 'relaypost:oauth-state';

/**
 * Seals the PKCE verifier, workspace, platform and redirect URI into the `state` value itself,
 * so completing the flow needs no server-side session and a forged state cannot be opened.
 */
export function sealOAuthState(
  keyring: Keyring,
  input: {
    workspaceId: string;
    platform: PlatformId;
    redirectUri: string;
    codeVerifier?: string;
    ttlSeconds: number;
  },
): string {
  const payload: StatePayload = {
    w: input.workspaceId,
    p: input.platform,
    r: input.redirectUri,
    e: Date.now() + input.ttlSeconds * 1000,
    n: crypto.randomUUID(),
    ...(input.codeVerifier ? { v: input.codeVerifier } : {}),
  };
  return Buffer.from(keyring.encrypt(JSON.stringify(payload), AAD)).toString('base64url');
}

export function openOAuthState(
  keyring: Keyring,
  state: string,
): { workspaceId: string; platform: PlatformId; redirectUri: string; codeVerifier?: string } {
  let payload: StatePayload;
  try {
    payload = JSON.parse(
      keyring.decrypt(Buffer.from(state, 'base64url').toString('utf8'), AAD),
    ) as StatePayload;
  } catch {
    throw new ValidationError(
      [{ path: 'state', message: 'is not a state this app issued' }],
      'OAuth callback',
    );
  }
  if (payload.e < Date.now())
    throw new ValidationError(
      [{ path: 'state', message: 'has expired; start connecting again' }],
      'OAuth callback',
    );
  return {
    workspaceId: payload.w,
    platform: payload.p,
    redirectUri: payload.r,
    ...(payload.v ? { codeVerifier: payload.v } : {}),
  };
}
