import type { ConnectableAccount, Credentials, CredentialsInput, OAuth2Auth } from '@relaypost/core';
import type { KyInstance } from 'ky';
import { facebookAccountsSchema } from '../facebook/wire.js';
import type { GraphClient } from '../graph/client.js';
import type { GraphErrorOptions } from '../graph/errors.js';
import { mapGraphOAuthError } from '../graph/errors.js';
import { exchangeFacebookCode, facebookAuthorizationUrl } from '../graph/facebook-login.js';
import { withSecretsRedacted } from '../graph/redact.js';
import { graphTokenSchema } from '../graph/wire.js';
import { type HttpFailure, platformCall } from '../http/index.js';
import { instagramCodeTokenSchema, instagramMeSchema } from './wire.js';

const PLATFORM = 'instagram';

/** What both logins need. */
export interface InstagramAuthConfig {
  login: 'facebook' | 'instagram';
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
  graphVersion: string;
  graphBaseUrl: string;
  /** Instagram Login: `https://www.instagram.com/oauth/authorize`; Facebook Login: `https://www.facebook.com`. */
  authorizeUrl: string;
  /** Instagram Login only: `https://api.instagram.com/oauth/access_token`. */
  tokenUrl: string;
  http: KyInstance;
  graph: GraphClient;
  errors: GraphErrorOptions;
}

const expiresAtOf = (seconds: number | null | undefined) =>
  seconds ? new Date(Date.now() + seconds * 1000).toISOString() : undefined;

/**
 * Instagram's two logins. Instagram Login: the Instagram authorize page, code exchange at
 * api.instagram.com, the long-lived exchange (`ig_exchange_token`) and refresh (`ig_refresh_token`),
 * which returns a new long-lived access token (there is no separate refresh token: the access
 * token itself is what is refreshed). Facebook Login: the Facebook dialog, a long-lived user token
 * and one account per Page with a linked Instagram professional account; no refresh.
 *
 * @example
 * ```ts
 * const auth = createInstagramAuth({ login: 'instagram', ...config });
 * ```
 */
export function createInstagramAuth(config: InstagramAuthConfig): OAuth2Auth {
  const mapError = (failure: HttpFailure) => mapGraphOAuthError(PLATFORM, failure, config.errors);
  /** Token endpoints on graph.instagram.com are unversioned and take the token as a parameter. */
  const tokenCall = (path: string, searchParams: Record<string, string>) =>
    platformCall({ platform: PLATFORM, mutating: false, mapError }, () =>
      withSecretsRedacted([searchParams.access_token, searchParams.client_secret], () =>
        config.http.get(`${config.graphBaseUrl}/${path}`, { searchParams }).json(),
      ),
    ).then((answer) => graphTokenSchema.parse(answer));

  if (config.login === 'facebook') {
    const login = {
      platform: PLATFORM,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      authorizeBaseUrl: config.authorizeUrl,
      graphBaseUrl: config.graphBaseUrl,
      version: config.graphVersion,
      http: config.http,
      errors: config.errors,
    };
    return {
      kind: 'oauth2',
      pkce: false,
      defaultScopes: config.scopes,
      authorizationUrl: (input) =>
        facebookAuthorizationUrl(login, { ...input, scopes: input.scopes ?? config.scopes }),
      async exchangeCode(input): Promise<ConnectableAccount[]> {
        const user = await exchangeFacebookCode(login, input);
        const pages = facebookAccountsSchema.parse(
          await config.graph.get('me/accounts', {
            token: user.accessToken,
            query: { fields: 'id,name,instagram_business_account{id,username}', limit: '100' },
          }),
        );
        return pages.data.flatMap((page) => {
          const ig = page.instagram_business_account;
          if (!ig) return [];
          return [
            {
              externalId: ig.id,
              handle: ig.username ?? ig.id,
              ...(ig.username ? { displayName: ig.username } : {}),
              scopes: [...config.scopes],
              credentials: {
                accessToken: user.accessToken,
                ...(user.expiresAt ? { expiresAt: user.expiresAt } : {}),
              },
              metadata: { login: 'facebook', pageId: page.id },
            },
          ];
        });
      },
    };
  }

  return {
    kind: 'oauth2',
    pkce: false,
    defaultScopes: config.scopes,
    authorizationUrl(input) {
      const url = new URL(config.authorizeUrl);
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('redirect_uri', input.redirectUri);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('scope', (input.scopes ?? config.scopes).join(','));
      url.searchParams.set('state', input.state);
      return url.toString();
    },
    async exchangeCode(input): Promise<ConnectableAccount[]> {
      const short = instagramCodeTokenSchema.parse(
        await platformCall({ platform: PLATFORM, mutating: false, mapError }, () =>
          config.http
            .post(config.tokenUrl, {
              body: new URLSearchParams({
                client_id: config.clientId,
                client_secret: config.clientSecret,
                grant_type: 'authorization_code',
                redirect_uri: input.redirectUri,
                code: input.code,
              }),
            })
            .json(),
        ),
      );
      const long = await tokenCall('access_token', {
        grant_type: 'ig_exchange_token',
        client_secret: config.clientSecret,
        access_token: short.access_token,
      });
      const me = instagramMeSchema.parse(
        await config.graph.get('me', { token: long.access_token, query: { fields: 'user_id,username' } }),
      );
      const id = me.user_id ?? short.user_id ?? me.id;
      if (!id) throw new Error('Instagram did not say which account the token belongs to');
      const expiresAt = expiresAtOf(long.expires_in);
      return [
        {
          externalId: id,
          handle: me.username ?? id,
          ...(me.username ? { displayName: me.username } : {}),
          scopes: [...config.scopes],
          credentials: { accessToken: long.access_token, ...(expiresAt ? { expiresAt } : {}) },
          metadata: { login: 'instagram' },
        },
      ];
    },
    async refresh(credentials: Credentials): Promise<CredentialsInput> {
      const next = await tokenCall('refresh_access_token', {
        grant_type: 'ig_refresh_token',
        access_token: credentials.accessToken.reveal(),
      });
      const expiresAt = expiresAtOf(next.expires_in);
      return { accessToken: next.access_token, ...(expiresAt ? { expiresAt } : {}) };
    },
  };
}
