import { type ConnectableAccount, NeedsReconnectError } from '@relaypost/core';
import type { KyInstance } from 'ky';
import { platformCall } from '../http/index.js';
import {
  clientAuth,
  createOAuth2Auth,
  expiryIn,
  type FreshTokenOptions,
  tokenEndpoint,
} from '../oauth/index.js';
import { mapTikTokError, mapTikTokOAuthError, type TikTokErrorOptions } from './errors.js';
import { userInfoSchema } from './wire.js';

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

/** TikTok access tokens last a day: refresh a minute before they end. */
export const TIKTOK_TOKEN_FRESHNESS: FreshTokenOptions = { marginMs: 60_000 };

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

/**
 * TikTok Login Kit (web): `client_key` instead of `client_id` (in the authorize URL and the token
 * form), comma-separated scopes, `response_type=code`. PKCE is off by default (the web flow does
 * not take it; ⚠ the desktop flow requires it — `pkce: true`). Every refresh rotates the refresh
 * token; its lifetime is `refresh_expires_in`. An OAuth error may come with HTTP 200.
 *
 * @example
 * ```ts
 * const auth = createTikTokAuth({ clientKey, clientSecret, authorizeUrl, apiBaseUrl, scopes, pkce: false, http, errors: {} });
 * ```
 */
export function createTikTokAuth(config: TikTokAuthConfig) {
  return createOAuth2Auth({
    platform: PLATFORM,
    authorizeUrl: config.authorizeUrl,
    clientId: config.clientKey,
    clientIdParam: 'client_key',
    scopes: config.scopes,
    scopeSeparator: ',',
    pkce: config.pkce ? 'optional' : 'none',
    rotatesEveryRefresh: true,
    tokens: tokenEndpoint({
      platform: PLATFORM,
      url: `${config.apiBaseUrl}/v2/oauth/token/`,
      clientId: config.clientKey,
      clientAuth: clientAuth.fields({ client_key: config.clientKey, client_secret: config.clientSecret }),
      refreshTokenExpiry: (answer, now) => expiryIn(answer.refresh_expires_in, now),
      http: config.http,
      mapError: (failure) => mapTikTokOAuthError(failure.status, failure.data),
    }),
    async accounts({ tokens, credentials, scopes }): Promise<ConnectableAccount[]> {
      const body = await platformCall(
        { platform: PLATFORM, mutating: false, mapError: (f) => mapTikTokError(f, config.errors) },
        () =>
          config.http
            .get(`${config.apiBaseUrl}/v2/user/info/`, {
              searchParams: { fields: userInfoFields(scopes) },
              headers: { authorization: `Bearer ${tokens.accessToken}` },
            })
            .json(),
      );
      const user = userInfoSchema.parse(body).data?.user;
      const openId =
        user?.open_id ?? (typeof tokens.answer.open_id === 'string' ? tokens.answer.open_id : undefined);
      if (!openId)
        throw new NeedsReconnectError({ platform: PLATFORM, message: 'TikTok returned no open_id' });
      return [
        {
          externalId: openId,
          handle: user?.username ?? user?.display_name ?? openId,
          ...(user?.display_name ? { displayName: user.display_name } : {}),
          ...(user?.avatar_url ? { avatarUrl: user.avatar_url } : {}),
          scopes,
          credentials,
          metadata: user?.union_id ? { unionId: user.union_id } : {},
        },
      ];
    },
  });
}
