import {
  type ConnectableAccount,
  type Credentials,
  type CredentialsInput,
  NeedsReconnectError,
  type OAuth2Auth,
} from '@relaypost/core';
import type { KyInstance } from 'ky';
import { platformCall } from '../http/index.js';
import { mapTikTokError, mapTikTokOAuthError, type TikTokErrorOptions } from './errors.js';
import { type TikTokToken, tikTokTokenSchema, userInfoSchema } from './wire.js';

const PLATFORM = 'tiktok';

/** What the OAuth half of the adapter needs from the factory. */
export interface TikTokAuthConfig {
  clientKey: string;
  clientSecret: string;
  authorizeUrl: string;
  apiBaseUrl: string;
  scopes: readonly string[];
  pkce: boolean;
  http: KyInstance;
  errors: TikTokErrorOptions;
}

/** Credentials from a token answer; TikTok rotates refresh tokens, so the new one is always kept. */
export function credentialsFromTikTok(token: TikTokToken, now = Date.now()): CredentialsInput {
  return {
    accessToken: token.access_token,
    ...(token.refresh_token ? { refreshToken: token.refresh_token } : {}),
    ...(token.expires_in ? { expiresAt: new Date(now + token.expires_in * 1000).toISOString() } : {}),
    ...(token.refresh_expires_in
      ? { refreshTokenExpiresAt: new Date(now + token.refresh_expires_in * 1000).toISOString() }
      : {}),
    tokenType: token.token_type ?? 'Bearer',
  };
}

/**
 * The `/v2/user/info/` fields the grant can read: `open_id`, `union_id`, `avatar_url` and
 * `display_name` need `user.info.basic`; `username` needs `user.info.profile` (TikTok's user info
 * scope migration); a field asked for without its scope may be refused.
 */
export function userInfoFields(granted: readonly string[]): string {
  const fields = ['open_id', 'union_id', 'avatar_url', 'display_name'];
  if (granted.includes('user.info.profile')) fields.push('username');
  return fields.join(',');
}

async function requestToken(config: TikTokAuthConfig, form: Record<string, string>): Promise<TikTokToken> {
  const response = await platformCall({ platform: PLATFORM, mutating: false }, () =>
    config.http.post(`${config.apiBaseUrl}/v2/oauth/token/`, {
      body: new URLSearchParams({
        ...form,
        client_key: config.clientKey,
        client_secret: config.clientSecret,
      }),
      // TikTok may answer an OAuth error with HTTP 200: read the body either way.
      throwHttpErrors: false,
    }),
  );
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = tikTokTokenSchema.safeParse(body);
  if (!response.ok || !parsed.success) throw mapTikTokOAuthError(response.status, body);
  return parsed.data;
}

/**
 * TikTok Login Kit (web): `client_key`, comma-separated scopes, `response_type=code`. PKCE is
 * off by default (the web flow does not take it; ⚠ the desktop flow requires it — `pkce: true`).
 */
export function createTikTokAuth(
  config: TikTokAuthConfig,
): OAuth2Auth & { refresh(credentials: Credentials): Promise<CredentialsInput> } {
  return {
    kind: 'oauth2',
    pkce: config.pkce,
    defaultScopes: config.scopes,
    authorizationUrl({ redirectUri, state, codeChallenge, scopes }) {
      const url = new URL(config.authorizeUrl);
      url.searchParams.set('client_key', config.clientKey);
      url.searchParams.set('scope', (scopes ?? config.scopes).join(','));
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('state', state);
      if (config.pkce && codeChallenge) {
        url.searchParams.set('code_challenge', codeChallenge);
        url.searchParams.set('code_challenge_method', 'S256');
      }
      return url.toString();
    },
    async exchangeCode({ code, redirectUri, codeVerifier }): Promise<ConnectableAccount[]> {
      const token = await requestToken(config, {
        code,
        grant_type: 'authorization_code',
        redirect_uri: redirectUri,
        ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
      });
      const granted = token.scope ? token.scope.split(',') : [...config.scopes];
      const body = await platformCall(
        { platform: PLATFORM, mutating: false, mapError: (f) => mapTikTokError(f, config.errors) },
        () =>
          config.http
            .get(`${config.apiBaseUrl}/v2/user/info/`, {
              searchParams: { fields: userInfoFields(granted) },
              headers: { authorization: `Bearer ${token.access_token}` },
            })
            .json(),
      );
      const user = userInfoSchema.parse(body).data?.user;
      const openId = user?.open_id ?? token.open_id;
      if (!openId)
        throw new NeedsReconnectError({ platform: PLATFORM, message: 'TikTok returned no open_id' });
      return [
        {
          externalId: openId,
          handle: user?.username ?? user?.display_name ?? openId,
          ...(user?.display_name ? { displayName: user.display_name } : {}),
          ...(user?.avatar_url ? { avatarUrl: user.avatar_url } : {}),
          scopes: granted,
          credentials: credentialsFromTikTok(token),
          metadata: user?.union_id ? { unionId: user.union_id } : {},
        },
      ];
    },
    async refresh(credentials) {
      const refreshToken = credentials.refreshToken?.reveal();
      if (!refreshToken)
        throw new NeedsReconnectError({
          platform: PLATFORM,
          message: 'no refresh token: reconnect the account',
        });
      return credentialsFromTikTok(
        await requestToken(config, { grant_type: 'refresh_token', refresh_token: refreshToken }),
      );
    },
  };
}
