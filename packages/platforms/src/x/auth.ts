import type { ConnectableAccount, Credentials, CredentialsInput, OAuth2Auth } from '@relaypost/core';
import { NeedsReconnectError } from '@relaypost/core';
import type { KyInstance } from 'ky';
import { platformCall } from '../http/index.js';
import { mapXError, mapXOAuthError, type XErrorOptions } from './errors.js';
import { type XToken, xTokenSchema, xUserMeSchema } from './wire.js';

const PLATFORM = 'x';

/** What the OAuth half of the adapter needs from the factory. */
export interface XAuthConfig {
  clientId: string;
  /** Absent for public clients (they send `client_id` in the body instead of Basic auth). */
  clientSecret: string | undefined;
  authorizeUrl: string;
  tokenUrl: string;
  apiBaseUrl: string;
  scopes: readonly string[];
  http: KyInstance;
  errors: XErrorOptions;
}

/** Credentials from a token answer; X rotates refresh tokens, so the new one is always kept. */
export function credentialsFromXToken(token: XToken, now = Date.now()): CredentialsInput {
  return {
    accessToken: token.access_token,
    ...(token.refresh_token ? { refreshToken: token.refresh_token } : {}),
    ...(token.expires_in ? { expiresAt: new Date(now + token.expires_in * 1000).toISOString() } : {}),
    tokenType: token.token_type ?? 'bearer',
  };
}

async function requestToken(config: XAuthConfig, form: Record<string, string>): Promise<XToken> {
  const confidential = config.clientSecret !== undefined;
  const basic = confidential
    ? `Basic ${btoa(`${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret ?? '')}`)}`
    : undefined;
  const body = await platformCall(
    { platform: PLATFORM, mutating: false, mapError: (f) => mapXOAuthError(f, config.errors) },
    () =>
      config.http
        .post(config.tokenUrl, {
          body: new URLSearchParams(confidential ? form : { ...form, client_id: config.clientId }),
          ...(basic ? { headers: { authorization: basic } } : {}),
        })
        .json(),
  );
  const parsed = xTokenSchema.safeParse(body);
  if (!parsed.success) {
    throw new NeedsReconnectError({
      platform: PLATFORM,
      responseBody: body,
      message: 'the token endpoint answered without an access token',
    });
  }
  return parsed.data;
}

/**
 * X OAuth 2.0 (authorization code with PKCE S256). Confidential clients authenticate with HTTP
 * Basic, public clients send `client_id` in the form body.
 *
 * @example
 * ```ts
 * const auth = createXAuth({ clientId, clientSecret, authorizeUrl, tokenUrl, apiBaseUrl, scopes, http, errors: {} });
 * ```
 */
export function createXAuth(
  config: XAuthConfig,
): OAuth2Auth & { refresh(credentials: Credentials): Promise<CredentialsInput> } {
  return {
    kind: 'oauth2',
    pkce: true,
    defaultScopes: config.scopes,
    authorizationUrl({ redirectUri, state, codeChallenge, scopes }) {
      if (!codeChallenge) throw new Error('X requires a PKCE code challenge (S256)');
      const url = new URL(config.authorizeUrl);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('scope', (scopes ?? config.scopes).join(' '));
      url.searchParams.set('state', state);
      url.searchParams.set('code_challenge', codeChallenge);
      url.searchParams.set('code_challenge_method', 'S256');
      return url.toString();
    },
    async exchangeCode({ code, redirectUri, codeVerifier }): Promise<ConnectableAccount[]> {
      if (!codeVerifier) throw new Error('X requires the PKCE code verifier');
      const token = await requestToken(config, {
        code,
        grant_type: 'authorization_code',
        redirect_uri: redirectUri,
        code_verifier: codeVerifier,
      });
      const body = await platformCall(
        { platform: PLATFORM, mutating: false, mapError: (f) => mapXError(f, config.errors) },
        () =>
          config.http
            .get(`${config.apiBaseUrl}/2/users/me`, {
              searchParams: { 'user.fields': 'profile_image_url' },
              headers: { authorization: `Bearer ${token.access_token}` },
            })
            .json(),
      );
      const user = xUserMeSchema.parse(body).data;
      return [
        {
          externalId: user.id,
          handle: user.username,
          displayName: user.name,
          ...(user.profile_image_url ? { avatarUrl: user.profile_image_url } : {}),
          scopes: token.scope ? token.scope.split(' ').filter(Boolean) : [...config.scopes],
          credentials: credentialsFromXToken(token),
        },
      ];
    },
    async refresh(credentials) {
      const refreshToken = credentials.refreshToken?.reveal();
      if (!refreshToken) {
        throw new NeedsReconnectError({
          platform: PLATFORM,
          message: 'no refresh token (was offline.access granted?): reconnect the account',
        });
      }
      return credentialsFromXToken(
        await requestToken(config, { grant_type: 'refresh_token', refresh_token: refreshToken }),
      );
    },
  };
}
