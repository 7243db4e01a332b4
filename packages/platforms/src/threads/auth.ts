import type { OAuth2Auth } from '@relaypost/core';
import type { KyInstance } from 'ky';
import type { GraphClient } from '../graph/client.js';
import type { GraphErrorOptions } from '../graph/errors.js';
import { longLivedLoginGrants } from '../graph/meta-login.js';
import { createOAuth2Auth } from '../oauth/index.js';
import { threadsMeSchema } from './wire.js';

const PLATFORM = 'threads';

/** What Threads OAuth needs. */
export interface ThreadsAuthConfig {
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
  /** `https://threads.net/oauth/authorize`. */
  authorizeUrl: string;
  /** `https://graph.threads.net/oauth/access_token`. */
  tokenUrl: string;
  /** `https://graph.threads.net` (the unversioned token endpoints live here). */
  graphBaseUrl: string;
  http: KyInstance;
  graph: GraphClient;
  errors: GraphErrorOptions;
}

/**
 * Threads OAuth: authorize at threads.net (comma-separated scopes, no PKCE), code exchange
 * (`POST /oauth/access_token`), the long-lived exchange (`th_exchange_token`, 60 days) and
 * refresh (`th_refresh_token`), which returns a new long-lived access token — there is no
 * separate refresh token.
 *
 * @example
 * ```ts
 * const auth = createThreadsAuth(config);
 * ```
 */
export function createThreadsAuth(config: ThreadsAuthConfig): OAuth2Auth {
  return createOAuth2Auth({
    platform: PLATFORM,
    authorizeUrl: config.authorizeUrl,
    clientId: config.clientId,
    scopes: config.scopes,
    scopeSeparator: ',',
    pkce: 'none',
    tokens: longLivedLoginGrants({
      platform: PLATFORM,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      http: config.http,
      errors: config.errors,
      codeUrl: config.tokenUrl,
      graphBaseUrl: config.graphBaseUrl,
      exchangeGrant: 'th_exchange_token',
      refreshGrant: 'th_refresh_token',
    }),
    async accounts({ tokens, credentials, scopes }) {
      const me = threadsMeSchema.parse(
        await config.graph.get('me', { token: tokens.accessToken, query: { fields: 'id,username' } }),
      );
      return [
        {
          externalId: me.id,
          handle: me.username ?? me.id,
          ...(me.username ? { displayName: me.username } : {}),
          scopes,
          credentials,
        },
      ];
    },
  });
}
