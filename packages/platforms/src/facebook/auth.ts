import type { ConnectableAccount, OAuth2Auth } from '@relaypost/core';
import type { KyInstance } from 'ky';
import type { GraphClient } from '../graph/client.js';
import type { GraphErrorOptions } from '../graph/errors.js';
import { facebookLoginGrants } from '../graph/meta-login.js';
import { createOAuth2Auth } from '../oauth/index.js';
import { facebookAccountsSchema } from './wire.js';

const PLATFORM = 'facebook';

/** What Facebook Login needs from the factory. */
export interface FacebookAuthConfig {
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
  /** The login dialog's host, `https://www.facebook.com`. */
  authorizeBaseUrl: string;
  graphBaseUrl: string;
  graphVersion: string;
  http: KyInstance;
  graph: GraphClient;
  errors: GraphErrorOptions;
}

/**
 * Facebook Login for Pages: the dialog at `{authorizeBaseUrl}/{version}/dialog/oauth`
 * (comma-separated scopes, no PKCE), a long-lived user token, then one account per Page the user
 * may create content on, each with its Page token (which carries no expiry ⚠). No refresh.
 *
 * @example
 * ```ts
 * const auth = createFacebookAuth({ clientId, clientSecret, scopes, authorizeBaseUrl, graphBaseUrl, graphVersion, http, graph, errors });
 * ```
 */
export function createFacebookAuth(config: FacebookAuthConfig): OAuth2Auth {
  return createOAuth2Auth({
    platform: PLATFORM,
    authorizeUrl: `${config.authorizeBaseUrl}/${config.graphVersion}/dialog/oauth`,
    clientId: config.clientId,
    scopes: config.scopes,
    scopeSeparator: ',',
    pkce: 'none',
    tokens: facebookLoginGrants({
      platform: PLATFORM,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      http: config.http,
      errors: config.errors,
      tokenUrl: `${config.graphBaseUrl}/${config.graphVersion}/oauth/access_token`,
    }),
    async accounts({ tokens, scopes }) {
      const answer = facebookAccountsSchema.parse(
        await config.graph.get('me/accounts', {
          token: tokens.accessToken,
          query: { fields: 'id,name,access_token,tasks', limit: '100' },
        }),
      );
      return answer.data
        .filter((page) => !!page.access_token && (!page.tasks || page.tasks.includes('CREATE_CONTENT')))
        .map(
          (page): ConnectableAccount => ({
            externalId: page.id,
            handle: page.name ?? page.id,
            ...(page.name ? { displayName: page.name } : {}),
            scopes,
            credentials: { accessToken: page.access_token!, tokenType: 'page' },
            metadata: { tasks: page.tasks ?? [] },
          }),
        );
    },
  });
}
