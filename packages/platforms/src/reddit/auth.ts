import type { KyInstance } from 'ky';
import { clientAuth, createOAuth2Auth, type FreshTokenOptions, tokenEndpoint } from '../oauth/index.js';
import type { RedditApi } from './api.js';
import { mapRedditOAuthError, type RedditErrorOptions } from './errors.js';
import { redditMeSchema } from './wire.js';

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

/** Reddit access tokens last an hour: refresh a minute before they end. */
export const REDDIT_TOKEN_FRESHNESS: FreshTokenOptions = { marginMs: 60_000 };

/**
 * Reddit OAuth 2.0 (authorization code, `duration=permanent`; the app authenticates with HTTP
 * Basic at `POST /api/v1/access_token` — installed apps with an empty password; no PKCE). A
 * refresh keeps the refresh token, or the new one when Reddit sends one; a grant refused with
 * HTTP 200 and `{"error": "invalid_grant"}` needs a reconnect.
 *
 * @example
 * ```ts
 * const auth = createRedditAuth({ clientId, clientSecret, authorizeUrl, tokenUrl, scopes, duration: 'permanent', http, api, errors: {} });
 * ```
 */
export function createRedditAuth(config: RedditAuthConfig) {
  return createOAuth2Auth({
    platform: PLATFORM,
    authorizeUrl: config.authorizeUrl,
    clientId: config.clientId,
    scopes: config.scopes,
    scopeSeparator: ' ',
    pkce: 'none',
    authorizeParams: { duration: config.duration },
    tokens: tokenEndpoint({
      platform: PLATFORM,
      url: config.tokenUrl,
      clientId: config.clientId,
      clientAuth: clientAuth.basic(config.clientSecret ?? ''),
      missingRefreshToken: 'was duration=permanent asked for?',
      http: config.http,
      mapError: (failure) => mapRedditOAuthError(failure, config.errors),
    }),
    async accounts({ tokens, credentials, scopes }) {
      const me = redditMeSchema.parse(await config.api.get('/api/v1/me', { token: tokens.accessToken }));
      return [
        {
          externalId: me.id,
          handle: me.name,
          displayName: `u/${me.name}`,
          ...(me.icon_img ? { avatarUrl: me.icon_img.replace(/&amp;/g, '&') } : {}),
          scopes,
          credentials,
          metadata: { fullname: `t2_${me.id}` },
        },
      ];
    },
  });
}
