import type { KyInstance } from 'ky';
import {
  clientAuth,
  createOAuth2Auth,
  expiryIn,
  type FreshTokenOptions,
  tokenEndpoint,
} from '../oauth/index.js';
import type { PinterestApi } from './api.js';
import { canPinToSecretBoards, listPinterestBoards, offeredBoards } from './boards.js';
import { mapPinterestOAuthError, type PinterestErrorOptions } from './errors.js';
import { pinterestAccountSchema } from './wire.js';

const PLATFORM = 'pinterest';

/** What the OAuth half of the adapter needs from the factory. */
export interface PinterestAuthConfig {
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  scopes: readonly string[];
  /** ⚠ How scopes are joined in the authorize URL (Pinterest's examples use commas). */
  scopeSeparator: string;
  /** ⚠ Send `continuous_refresh=true` (apps created before 2025-09-25 must, to get continuous refresh tokens). */
  continuousRefresh: boolean;
  /** Boards read at connect time and kept in the account metadata. */
  maxBoardPages: number;
  http: KyInstance;
  api: PinterestApi;
  errors: PinterestErrorOptions;
}

/** Refresh a Pinterest access token a minute before it ends. */
export const PINTEREST_TOKEN_FRESHNESS: FreshTokenOptions = { marginMs: 60_000 };

/**
 * Pinterest OAuth 2.0 (authorization code; the app authenticates with HTTP Basic at
 * `POST /v5/oauth/token`; no PKCE). Continuous refresh tokens rotate: a refresh keeps the new one
 * and its expiry (`refresh_token_expires_at`, epoch seconds, or `refresh_token_expires_in`).
 *
 * @example
 * ```ts
 * const auth = createPinterestAuth({ clientId, clientSecret, authorizeUrl, tokenUrl, scopes, ... });
 * ```
 */
export function createPinterestAuth(config: PinterestAuthConfig) {
  return createOAuth2Auth({
    platform: PLATFORM,
    authorizeUrl: config.authorizeUrl,
    clientId: config.clientId,
    scopes: config.scopes,
    scopeSeparator: config.scopeSeparator,
    pkce: 'none',
    tokens: tokenEndpoint({
      platform: PLATFORM,
      url: config.tokenUrl,
      clientId: config.clientId,
      clientAuth: clientAuth.basic(config.clientSecret),
      ...(config.continuousRefresh ? { extraParams: { continuous_refresh: 'true' } } : {}),
      refreshTokenExpiry: (answer, now) =>
        typeof answer.refresh_token_expires_at === 'number'
          ? answer.refresh_token_expires_at * 1000
          : expiryIn(answer.refresh_token_expires_in, now),
      http: config.http,
      mapError: (failure) => mapPinterestOAuthError(failure, config.errors),
    }),
    async accounts({ tokens, credentials, scopes }) {
      const call = { token: tokens.accessToken };
      const account = pinterestAccountSchema.parse(await config.api.get('/user_account', call));
      const listed = await listPinterestBoards(config.api, call, { maxPages: config.maxBoardPages });
      // Secret boards are offered only to a grant that may pin to them.
      const boards = offeredBoards(listed, scopes);
      return [
        {
          externalId: account.id ?? account.username,
          handle: account.username,
          ...(account.business_name ? { displayName: account.business_name } : {}),
          ...(account.profile_image ? { avatarUrl: account.profile_image } : {}),
          scopes,
          credentials,
          metadata: {
            accountType: account.account_type ?? null,
            /** Whether the grant may pin to secret boards (`boards:read_secret` + `pins:write_secret`). */
            secretBoards: canPinToSecretBoards(scopes),
            boards: boards.map((b) => ({ id: b.id, name: b.name, privacy: b.privacy })),
          },
        },
      ];
    },
  });
}
