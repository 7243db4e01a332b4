import {
  type ConnectableAccount,
  type Credentials,
  type CredentialsInput,
  NeedsReconnectError,
  type OAuth2Auth,
} from '@relaypost/core';
import type { KyInstance } from 'ky';
import { platformCall } from '../http/index.js';
import type { PinterestApi } from './api.js';
import { canPinToSecretBoards, listPinterestBoards, offeredBoards } from './boards.js';
import { mapPinterestOAuthError, type PinterestErrorOptions } from './errors.js';
import { type PinterestToken, pinterestAccountSchema, pinterestTokenSchema } from './wire.js';

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

/**
 * Credentials from a token answer. Continuous refresh tokens rotate: the new one (and its
 * expiry) is always kept; when an answer carries none, the one used is kept.
 */
export function credentialsFromPinterestToken(
  token: PinterestToken,
  previousRefreshToken?: string,
  now = Date.now(),
): CredentialsInput {
  const refreshToken = token.refresh_token ?? previousRefreshToken;
  const refreshExpiry = token.refresh_token_expires_at
    ? token.refresh_token_expires_at * 1000
    : token.refresh_token_expires_in
      ? now + token.refresh_token_expires_in * 1000
      : undefined;
  return {
    accessToken: token.access_token,
    ...(refreshToken ? { refreshToken } : {}),
    ...(token.expires_in ? { expiresAt: new Date(now + token.expires_in * 1000).toISOString() } : {}),
    ...(token.refresh_token && refreshExpiry
      ? { refreshTokenExpiresAt: new Date(refreshExpiry).toISOString() }
      : {}),
    tokenType: token.token_type ?? 'bearer',
  };
}

async function requestToken(
  config: PinterestAuthConfig,
  form: Record<string, string>,
): Promise<PinterestToken> {
  const basic = `Basic ${btoa(`${config.clientId}:${config.clientSecret}`)}`;
  const body = await platformCall(
    { platform: PLATFORM, mutating: false, mapError: (f) => mapPinterestOAuthError(f, config.errors) },
    () =>
      config.http
        .post(config.tokenUrl, {
          body: new URLSearchParams(
            config.continuousRefresh ? { ...form, continuous_refresh: 'true' } : form,
          ),
          headers: { authorization: basic },
        })
        .json(),
  );
  const parsed = pinterestTokenSchema.safeParse(body);
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
 * Pinterest OAuth 2.0 (authorization code; the app authenticates with HTTP Basic at
 * `POST /v5/oauth/token`; no PKCE). Refresh keeps the rotated continuous refresh token.
 *
 * @example
 * ```ts
 * const auth = createPinterestAuth({ clientId, clientSecret, authorizeUrl, tokenUrl, scopes, ... });
 * ```
 */
export function createPinterestAuth(
  config: PinterestAuthConfig,
): OAuth2Auth & { refresh(credentials: Credentials): Promise<CredentialsInput> } {
  return {
    kind: 'oauth2',
    pkce: false,
    defaultScopes: config.scopes,
    authorizationUrl({ redirectUri, state, scopes }) {
      const url = new URL(config.authorizeUrl);
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('scope', (scopes ?? config.scopes).join(config.scopeSeparator));
      url.searchParams.set('state', state);
      return url.toString();
    },
    async exchangeCode({ code, redirectUri }): Promise<ConnectableAccount[]> {
      const token = await requestToken(config, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
      });
      const call = { token: token.access_token };
      const scopes = token.scope ? token.scope.split(/[ ,]+/).filter(Boolean) : [...config.scopes];
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
          credentials: credentialsFromPinterestToken(token),
          metadata: {
            accountType: account.account_type ?? null,
            /** Whether the grant may pin to secret boards (`boards:read_secret` + `pins:write_secret`). */
            secretBoards: canPinToSecretBoards(scopes),
            boards: boards.map((b) => ({ id: b.id, name: b.name, privacy: b.privacy })),
          },
        },
      ];
    },
    async refresh(credentials) {
      const refreshToken = credentials.refreshToken?.reveal();
      if (!refreshToken) {
        throw new NeedsReconnectError({
          platform: PLATFORM,
          message: 'no refresh token: reconnect the account',
        });
      }
      const token = await requestToken(config, { grant_type: 'refresh_token', refresh_token: refreshToken });
      return credentialsFromPinterestToken(token, refreshToken);
    },
  };
}
