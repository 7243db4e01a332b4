import type { ConnectableAccount, Credentials, CredentialsInput, OAuth2Auth } from '@relaypost/core';
import type { KyInstance } from 'ky';
import type { GraphClient } from '../graph/client.js';
import { type GraphErrorOptions, mapGraphOAuthError } from '../graph/errors.js';
import { withSecretsRedacted } from '../graph/redact.js';
import { graphTokenSchema } from '../graph/wire.js';
import { type HttpFailure, platformCall } from '../http/index.js';
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

const expiresAtOf = (seconds: number | null | undefined) =>
  seconds ? new Date(Date.now() + seconds * 1000).toISOString() : undefined;

/**
 * Threads OAuth: authorize at threads.net, code exchange (`POST /oauth/access_token`), the
 * long-lived exchange (`th_exchange_token`, 60 days) and refresh (`th_refresh_token`), which
 * returns a new long-lived access token — there is no separate refresh token.
 *
 * @example
 * ```ts
 * const auth = createThreadsAuth(config);
 * ```
 */
export function createThreadsAuth(config: ThreadsAuthConfig): OAuth2Auth {
  const mapError = (failure: HttpFailure) => mapGraphOAuthError(PLATFORM, failure, config.errors);
  /** The unversioned token endpoints take the token (and secret) in the query, kept out of errors. */
  const tokenCall = (path: string, searchParams: Record<string, string>) =>
    platformCall({ platform: PLATFORM, mutating: false, mapError }, () =>
      withSecretsRedacted([searchParams.access_token, searchParams.client_secret], () =>
        config.http.get(`${config.graphBaseUrl}/${path}`, { searchParams }).json(),
      ),
    ).then((answer) => graphTokenSchema.parse(answer));

  return {
    kind: 'oauth2',
    pkce: false,
    defaultScopes: config.scopes,
    authorizationUrl(input) {
      const url = new URL(config.authorizeUrl);
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('redirect_uri', input.redirectUri);
      url.searchParams.set('scope', (input.scopes ?? config.scopes).join(','));
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('state', input.state);
      return url.toString();
    },
    async exchangeCode(input): Promise<ConnectableAccount[]> {
      const short = graphTokenSchema.parse(
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
        grant_type: 'th_exchange_token',
        client_secret: config.clientSecret,
        access_token: short.access_token,
      });
      const me = threadsMeSchema.parse(
        await config.graph.get('me', { token: long.access_token, query: { fields: 'id,username' } }),
      );
      const expiresAt = expiresAtOf(long.expires_in);
      return [
        {
          externalId: me.id,
          handle: me.username ?? me.id,
          ...(me.username ? { displayName: me.username } : {}),
          scopes: [...config.scopes],
          credentials: { accessToken: long.access_token, ...(expiresAt ? { expiresAt } : {}) },
        },
      ];
    },
    async refresh(credentials: Credentials): Promise<CredentialsInput> {
      const next = await tokenCall('refresh_access_token', {
        grant_type: 'th_refresh_token',
        access_token: credentials.accessToken.reveal(),
      });
      const expiresAt = expiresAtOf(next.expires_in);
      return { accessToken: next.access_token, ...(expiresAt ? { expiresAt } : {}) };
    },
  };
}
