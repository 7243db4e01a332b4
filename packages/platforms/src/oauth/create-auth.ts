import { type Credentials, type CredentialsInput, type OAuth2Auth, ValidationError } from '@relaypost/core';
import type { OAuthProvider, TokenGrants, TokenSet } from './types.js';

/** Trades stored credentials for fresh ones (an adapter's `auth.refresh`). */
export type Refresh = (credentials: Credentials) => Promise<CredentialsInput>;

/**
 * The auth a provider makes: core's `OAuth2Auth`, with `refresh` there for certain when its grants
 * always refresh (written with core's own `refresh`, so the public type names nothing internal).
 *
 * @example
 * ```ts
 * const auth: OAuthAuthOf<TokenGrants> = createLinkedIn({ clientId: 'abc', clientSecret: 'secret' }).auth;
 * ```
 */
export type OAuthAuthOf<Grants extends TokenGrants> = OAuth2Auth &
  (Grants extends { refresh: unknown } ? Required<Pick<OAuth2Auth, 'refresh'>> : unknown);

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/**
 * The credentials to store from a token answer. After a refresh (`previous` given) the used
 * refresh token stays, with its expiry, until the answer brings a new one — unless the platform
 * retires it on every refresh (`rotatesEveryRefresh`).
 *
 * @example
 * ```ts
 * const next = credentialsOf(await grants.refresh(stored), stored, false);
 * ```
 */
export function credentialsOf(
  tokens: TokenSet,
  previous?: Credentials,
  rotatesEveryRefresh = false,
): CredentialsInput {
  const used = previous?.refreshToken?.reveal();
  const refreshToken = tokens.refreshToken ?? (rotatesEveryRefresh ? undefined : used);
  const refreshTokenExpiresAt =
    iso(tokens.refreshTokenExpiresAt) ??
    (refreshToken !== undefined && refreshToken === used ? previous?.refreshTokenExpiresAt : undefined);
  const expiresAt = iso(tokens.expiresAt);
  return {
    accessToken: tokens.accessToken,
    ...(refreshToken ? { refreshToken } : {}),
    ...(expiresAt ? { expiresAt } : {}),
    ...(refreshToken && refreshTokenExpiresAt ? { refreshTokenExpiresAt } : {}),
    ...(tokens.tokenType ? { tokenType: tokens.tokenType } : {}),
  };
}

/**
 * The URL to send the user to: `response_type=code`, the client id, redirect URI, scopes joined
 * the platform's way, state, the S256 challenge where the platform takes one, and its own extras.
 *
 * @example
 * ```ts
 * authorizationUrl(provider, { redirectUri, state, codeChallenge });
 * ```
 */
export function authorizationUrl(
  provider: Omit<OAuthProvider, 'tokens' | 'accounts'>,
  input: { redirectUri: string; state: string; codeChallenge?: string; scopes?: readonly string[] },
): string {
  if (provider.pkce === 'required' && !input.codeChallenge) {
    throw new ValidationError(
      [{ path: 'codeChallenge', message: `is required: ${provider.platform} takes PKCE (S256)` }],
      `${provider.platform} authorization URL`,
    );
  }
  const url = new URL(provider.authorizeUrl);
  const query = url.searchParams;
  query.set('response_type', 'code');
  query.set(provider.clientIdParam ?? 'client_id', provider.clientId);
  query.set('redirect_uri', input.redirectUri);
  query.set('scope', (input.scopes ?? provider.scopes).join(provider.scopeSeparator));
  query.set('state', input.state);
  if (input.codeChallenge && provider.pkce !== 'none') {
    query.set('code_challenge', input.codeChallenge);
    query.set('code_challenge_method', 'S256');
  }
  for (const [name, value] of Object.entries(provider.authorizeParams ?? {})) query.set(name, value);
  return url.toString();
}

/**
 * One platform's `OAuth2Auth` from its declaration: the authorization URL, the code exchange
 * followed by the platform's account reader, and the refresh when its grants offer one.
 *
 * @example
 * ```ts
 * const auth = createOAuth2Auth({
 *   platform: 'reddit', authorizeUrl, clientId, scopes, scopeSeparator: ' ', pkce: 'none',
 *   authorizeParams: { duration: 'permanent' },
 *   tokens: tokenEndpoint({ platform: 'reddit', url: tokenUrl, clientId, clientAuth: clientAuth.basic(secret), http, mapError }),
 *   accounts: async ({ tokens, credentials, scopes }) => [{ externalId, handle, scopes, credentials }],
 * });
 * ```
 */
export function createOAuth2Auth<Grants extends TokenGrants>(
  provider: OAuthProvider<Grants>,
): OAuthAuthOf<Grants> {
  const auth: OAuth2Auth = {
    kind: 'oauth2',
    pkce: provider.pkce !== 'none',
    defaultScopes: provider.scopes,
    authorizationUrl: (input) => authorizationUrl(provider, input),
    async exchangeCode({ code, redirectUri, codeVerifier }) {
      if (!code) throw new ValidationError([{ path: 'code', message: 'is required' }], 'OAuth callback');
      if (provider.pkce === 'required' && !codeVerifier) {
        throw new ValidationError(
          [{ path: 'codeVerifier', message: `is required: ${provider.platform} takes PKCE (S256)` }],
          'OAuth callback',
        );
      }
      const tokens = await provider.tokens.exchange({
        code,
        redirectUri,
        codeVerifier: provider.pkce === 'none' ? undefined : codeVerifier,
      });
      return provider.accounts({
        tokens,
        credentials: credentialsOf(tokens),
        scopes: tokens.scopes ?? [...provider.scopes],
      });
    },
  };
  const grants: TokenGrants = provider.tokens;
  const refreshGrant = grants.refresh?.bind(grants);
  if (!refreshGrant) return auth as OAuthAuthOf<Grants>;
  const refresh: Refresh = async (credentials) =>
    credentialsOf(await refreshGrant(credentials), credentials, provider.rotatesEveryRefresh);
  return { ...auth, refresh } as OAuthAuthOf<Grants>;
}
