/** PKCE (RFC 7636) and OAuth `state` values, from oauth4webapi (Web Crypto: any runtime). */
import { calculatePKCECodeChallenge, generateRandomCodeVerifier, generateRandomState } from 'oauth4webapi';

export interface PkcePair {
  /** Kept secret by the app until the code exchange. 43–128 characters. */
  verifier: string;
  /** Sent in the authorization URL. */
  challenge: string;
  method: 'S256';
}

/**
 * Makes a PKCE verifier (32 random bytes, base64url) and its S256 challenge.
 *
 * @example
 * ```ts
 * const pkce = await createPkcePair();
 * const url = adapter.auth.authorizationUrl({ state, codeChallenge: pkce.challenge, redirectUri });
 * ```
 */
export async function createPkcePair(): Promise<PkcePair> {
  const verifier = generateRandomCodeVerifier();
  return { verifier, challenge: await pkceChallenge(verifier), method: 'S256' };
}

/**
 * The S256 challenge for a verifier: base64url(SHA-256(verifier)).
 *
 * @example
 * ```ts
 * await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'); // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
 * ```
 */
export function pkceChallenge(verifier: string): Promise<string> {
  return calculatePKCECodeChallenge(verifier);
}

/**
 * An unguessable OAuth `state` value (32 random bytes, base64url).
 *
 * @example
 * ```ts
 * const state = createOAuthState();
 * ```
 */
export function createOAuthState(): string {
  return generateRandomState();
}
