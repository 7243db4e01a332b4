import type { ConnectableAccount, OAuth2Auth } from '@relaypost/core';
import type { KyInstance } from 'ky';
import { facebookAccountsSchema } from '../facebook/wire.js';
import type { GraphClient } from '../graph/client.js';
import type { GraphErrorOptions } from '../graph/errors.js';
import { facebookLoginGrants, longLivedLoginGrants } from '../graph/meta-login.js';
import { createOAuth2Auth } from '../oauth/index.js';
import { instagramMeSchema } from './wire.js';

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
  const meta = {
    platform: PLATFORM,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    http: config.http,
    errors: config.errors,
  };
  const common = {
    platform: PLATFORM,
    clientId: config.clientId,
    scopes: config.scopes,
    scopeSeparator: ',',
    pkce: 'none',
  } as const;

  if (config.login === 'facebook') {
    return createOAuth2Auth({
      ...common,
      authorizeUrl: `${config.authorizeUrl}/${config.graphVersion}/dialog/oauth`,
      tokens: facebookLoginGrants({
        ...meta,
        tokenUrl: `${config.graphBaseUrl}/${config.graphVersion}/oauth/access_token`,
      }),
      async accounts({ credentials, scopes }) {
        const pages = facebookAccountsSchema.parse(
          await config.graph.get('me/accounts', {
            token: credentials.accessToken,
            query: { fields: 'id,name,instagram_business_account{id,username}', limit: '100' },
          }),
        );
        return pages.data.flatMap((page): ConnectableAccount[] => {
          const ig = page.instagram_business_account;
          if (!ig) return [];
          return [
            {
              externalId: ig.id,
              handle: ig.username ?? ig.id,
              ...(ig.username ? { displayName: ig.username } : {}),
              scopes,
              credentials,
              metadata: { login: 'facebook', pageId: page.id },
            },
          ];
        });
      },
    });
  }

  return createOAuth2Auth({
    ...common,
    authorizeUrl: config.authorizeUrl,
    tokens: longLivedLoginGrants({
      ...meta,
      codeUrl: config.tokenUrl,
      graphBaseUrl: config.graphBaseUrl,
      exchangeGrant: 'ig_exchange_token',
      refreshGrant: 'ig_refresh_token',
    }),
    async accounts({ tokens, credentials, scopes }) {
      const me = instagramMeSchema.parse(
        await config.graph.get('me', { token: tokens.accessToken, query: { fields: 'user_id,username' } }),
      );
      const fromCode = tokens.answer.user_id;
      const id = me.user_id ?? (typeof fromCode === 'string' ? fromCode : undefined) ?? me.id;
      if (!id) throw new Error('Instagram did not say which account the token belongs to');
      return [
        {
          externalId: id,
          handle: me.username ?? id,
          ...(me.username ? { displayName: me.username } : {}),
          scopes,
          credentials,
          metadata: { login: 'instagram' },
        },
      ];
    },
  });
}
