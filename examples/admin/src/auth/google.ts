import { createHash, randomBytes } from 'node:crypto';

/** Google sign-in (OAuth 2.0 authorization code + PKCE, OpenID Connect userinfo). */
export interface GoogleOptions {
  clientId: string;
  clientSecret: string;
  /** Overridable for tests and proxies. */
  authorizeUrl?: string;
  tokenUrl?: string;
  userInfoUrl?: string;
}

export interface GoogleProfile {
  sub: string;
  email: string;
  emailVerified: boolean;
}

/** What the browser keeps (in a short-lived cookie) between the redirect and the callback. */
export interface GoogleFlow {
  state: string;
  verifier: string;
}

const b64url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * Google sign-in as a factory with an injectable `fetch`.
 *
 * @example
 * ```ts
 * const google = createGoogleSignIn({ clientId, clientSecret }, fetch);
 * const { url, flow } = google.begin('https://admin.example/auth/google/callback');
 * // ...redirect to url, keep flow in a cookie; on the callback:
 * const profile = await google.complete({ code, redirectUri, verifier: flow.verifier });
 * ```
 */
export function createGoogleSignIn(options: GoogleOptions, fetchImpl: typeof fetch = fetch) {
  const authorizeUrl = options.authorizeUrl ?? 'https://accounts.google.com/o/oauth2/v2/auth';
  const tokenUrl = options.tokenUrl ?? 'https://oauth2.googleapis.com/token';
  const userInfoUrl = options.userInfoUrl ?? 'https://openidconnect.googleapis.com/v1/userinfo';

  return {
    begin(redirectUri: string): { url: string; flow: GoogleFlow } {
      const state = b64url(randomBytes(24));
      const verifier = b64url(randomBytes(32));
      const challenge = b64url(createHash('sha256').update(verifier).digest());
      const url = new URL(authorizeUrl);
      url.search = new URLSearchParams({
        client_id: options.clientId,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid email',
        state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        prompt: 'select_account',
      }).toString();
      return { url: url.toString(), flow: { state, verifier } };
    },

    async complete(input: { code: string; redirectUri: string; verifier: string }): Promise<GoogleProfile> {
      const tokenResponse = await fetchImpl(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: input.code,
          redirect_uri: input.redirectUri,
          client_id: options.clientId,
          client_secret: options.clientSecret,
          code_verifier: input.verifier,
        }),
        signal: AbortSignal.timeout(15_000),
      });
      const token = (await tokenResponse.json().catch(() => null)) as { access_token?: unknown } | null;
      if (!tokenResponse.ok || typeof token?.access_token !== 'string') {
        throw new Error(`Google refused the sign-in (HTTP ${tokenResponse.status})`);
      }
      const infoResponse = await fetchImpl(userInfoUrl, {
        headers: { authorization: `Bearer ${token.access_token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(15_000),
      });
      const info = (await infoResponse.json().catch(() => null)) as {
        sub?: unknown;
        email?: unknown;
        email_verified?: unknown;
      } | null;
      if (!infoResponse.ok || typeof info?.sub !== 'string' || typeof info.email !== 'string') {
        throw new Error(`Google did not return a profile (HTTP ${infoResponse.status})`);
      }
      return {
        sub: info.sub,
        email: info.email,
        emailVerified: info.email_verified === true || info.email_verified === 'true',
      };
    },
  };
}

export type GoogleSignIn = ReturnType<typeof createGoogleSignIn>;
