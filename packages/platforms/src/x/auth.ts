import type { KyInstance } from 'ky';
import { platformCall } from '../http/index.js';
import { clientAuth, createOAuth2Auth, type FreshTokenOptions, tokenEndpoint } from '../oauth/index.js';
import { mapXError, mapXOAuthError, type XErrorOptions } from './errors.js';
import { xUserMeSchema } from './wire.js';

const PLATFORM = 'x';

/** X access tokens last 2 hours: refresh a minute before they end. */
export const X_TOKEN_FRESHNESS: FreshTokenOptions = { marginMs: 60_000 };

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

/**
 * X OAuth 2.0: authorization code with PKCE S256 (required), space-separated scopes; confidential
 * clients authenticate with HTTP Basic, public clients send `client_id` in the form body. Every
 * refresh rotates the refresh token. The account is `GET /2/users/me`.
 *
 * @example
 * ```ts
 * const auth = createXAuth({ clientId, clientSecret, authorizeUrl, tokenUrl, apiBaseUrl, scopes, http, errors: {} });
 * ```
 */
export function createXAuth(config: XAuthConfig) {
  return createOAuth2Auth({
    platform: PLATFORM,
    authorizeUrl: config.authorizeUrl,
    clientId: config.clientId,
    scopes: config.scopes,
    scopeSeparator: ' ',
    pkce: 'required',
    rotatesEveryRefresh: true,
    tokens: tokenEndpoint({
      platform: PLATFORM,
      url: config.tokenUrl,
      clientId: config.clientId,
      clientAuth:
        config.clientSecret === undefined ? clientAuth.none() : clientAuth.basic(config.clientSecret),
      missingRefreshToken: 'was offline.access granted?',
      http: config.http,
      mapError: (failure) => mapXOAuthError(failure, config.errors),
    }),
    async accounts({ tokens, credentials, scopes }) {
      const body = await platformCall(
        { platform: PLATFORM, mutating: false, mapError: (f) => mapXError(f, config.errors) },
        () =>
          config.http
            .get(`${config.apiBaseUrl}/2/users/me`, {
              searchParams: { 'user.fields': 'profile_image_url' },
              headers: { authorization: `Bearer ${tokens.accessToken}` },
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
          scopes,
          credentials,
        },
      ];
    },
  });
}
