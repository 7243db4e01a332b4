import {
  type ConnectableAccount,
  type Credentials,
  type CredentialsInput,
  NeedsReconnectError,
  type OAuth2Auth,
} from '@relaypost/core';
import type { KyInstance } from 'ky';
import { platformCall } from '../http/index.js';
import type { RedditApi } from './api.js';
import { mapRedditOAuthError, type RedditErrorOptions } from './errors.js';
import { type RedditToken, redditMeSchema, redditOAuthErrorSchema, redditTokenSchema } from './wire.js';

const PLATFORM = 'reddit';

/** What the OAuth half of the adapter needs from the factory. */
export interface RedditAuthConfig {
  clientId: string;
  /** Installed apps have none (they authenticate with an empty password). */
  clientSecret: string | undefined;
  authorizeUrl: string;
  tokenUrl: string;
  scopes: readonly string[];
  /** `permanent` to get a refresh token; `temporary` tokens last an hour and cannot be refreshed. */
  duration: 'permanent' | 'temporary';
  /** Plain ky carrying the required User-Agent. */
  http: KyInstance;
  api: RedditApi;
  errors: RedditErrorOptions;
}

/** Credentials from a token answer; a refresh answer without a refresh token keeps the old one. */
export function credentialsFromRedditToken(
  token: RedditToken,
  previousRefreshToken?: string,
  now = Date.now(),
): CredentialsInput {
  const refreshToken = token.refresh_token ?? previousRefreshToken;
  return {
    accessToken: token.access_token,
    ...(refreshToken ? { refreshToken } : {}),
    ...(token.expires_in ? { expiresAt: new Date(now + token.expires_in * 1000).toISOString() } : {}),
    tokenType: token.token_type ?? 'bearer',
  };
}

async function requestToken(config: RedditAuthConfig, form: Record<string, string>): Promise<RedditToken> {
  const basic = `Basic ${btoa(`${config.clientId}:${config.clientSecret ?? ''}`)}`;
  const body = await platformCall(
    { platform: PLATFORM, mutating: false, mapError: (f) => mapRedditOAuthError(f, config.errors) },
    () =>
      config.http
        .post(config.tokenUrl, { body: new URLSearchParams(form), headers: { authorization: basic } })
        .json(),
  );
  const parsed = redditTokenSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  // ⚠ Reddit can refuse a grant with HTTP 200 and `{"error": "invalid_grant"}`.
  const refusal = redditOAuthErrorSchema.safeParse(body);
  throw new NeedsReconnectError({
    platform: PLATFORM,
    status: 200,
    responseBody: body,
    platformCode: refusal.success ? String(refusal.data.error) : undefined,
    message: refusal.success
      ? `token request refused (${String(refusal.data.error)})`
      : 'the token endpoint answered without an access token',
  });
}

/**
 * Reddit OAuth 2.0 (authorization code, `duration=permanent`; the app authenticates with HTTP
 * Basic at `POST /api/v1/access_token`; no PKCE). Access tokens last an hour.
 *
 * @example
 * ```ts
 * const auth = createRedditAuth({ clientId, clientSecret, authorizeUrl, tokenUrl, scopes, duration: 'permanent', http, api, errors: {} });
 * ```
 */
export function createRedditAuth(
  config: RedditAuthConfig,
): OAuth2Auth & { refresh(credentials: Credentials): Promise<CredentialsInput> } {
  return {
    kind: 'oauth2',
    pkce: false,
    defaultScopes: config.scopes,
    authorizationUrl({ redirectUri, state, scopes }) {
      const url = new URL(config.authorizeUrl);
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('state', state);
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('duration', config.duration);
      url.searchParams.set('scope', (scopes ?? config.scopes).join(' '));
      return url.toString();
    },
    async exchangeCode({ code, redirectUri }): Promise<ConnectableAccount[]> {
      const token = await requestToken(config, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
      });
      const me = redditMeSchema.parse(await config.api.get('/api/v1/me', { token: token.access_token }));
      return [
        {
          externalId: me.id,
          handle: me.name,
          displayName: `u/${me.name}`,
          ...(me.icon_img ? { avatarUrl: me.icon_img.replace(/&amp;/g, '&') } : {}),
          scopes: token.scope ? token.scope.split(/[ ,]+/).filter(Boolean) : [...config.scopes],
          credentials: credentialsFromRedditToken(token),
          metadata: { fullname: `t2_${me.id}` },
        },
      ];
    },
    async refresh(credentials) {
      const refreshToken = credentials.refreshToken?.reveal();
      if (!refreshToken) {
        throw new NeedsReconnectError({
          platform: PLATFORM,
          message: 'no refresh token (was duration=permanent asked for?): reconnect the account',
        });
      }
      const token = await requestToken(config, { grant_type: 'refresh_token', refresh_token: refreshToken });
      return credentialsFromRedditToken(token, refreshToken);
    },
  };
}
