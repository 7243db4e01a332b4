/** PKCE (RFC 7636) and OAuth `state` values, made with Web Crypto so they work in any runtime. */

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomToken(byteLength: number): string {
  const bytes = new Uint8Array(byteLength);
  globalThis.crypto.getRandomValues(bytes);
  return base64Url(bytes);
}

export interface PkcePair {
  /** Kept secret by the app until the code exchange. 43–128 characters. */
  verifier: string;
  /** Sent in the authorization URL. */
  challenge: string;
  method: 'S256';
}

/**
 * Makes a PKCE verifier and its S256 challenge.
 *
 * @example
 * ```ts
 * const pkce = await createPkcePair();
 * const url = adapter.auth.authorizationUrl({ state, codeChallenge: pkce.challenge, redirectUri });
 * ```
 */
export async function createPkcePair(): Promise<PkcePair> {
  const verifier = randomToken(48);
  return { verifier, challenge: await pkceChallenge(verifier), method: 'S256' };
}

/** The S256 challenge for a verifier: base64url(SHA-256(verifier)). */
export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** An unguessable OAuth `state` value (32 random bytes, base64url). */
export function createOAuthState(): string {
  return randomToken(32);
}
