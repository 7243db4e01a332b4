import type { Credentials } from '@relaypost/core';
import type { KyInstance } from 'ky';
import { type HttpFailure, platformCall } from '../http/index.js';
import { expiryIn, type TokenGrants, type TokenSet } from '../oauth/index.js';
import { type GraphErrorOptions, mapGraphOAuthError } from './errors.js';
import { withSecretsRedacted } from './redact.js';
import { type GraphToken, graphCodeTokenSchema, graphTokenSchema } from './wire.js';

/**
 * Meta's token grants, the helper's hook for endpoints oauth4webapi does not speak: the exchanges
 * are GETs with the secret and token in the query (kept out of errors), answers carry no
 * `token_type` and may come wrapped in `data`, and a refresh trades the access token itself.
 */
export interface MetaTokenConfig {
  platform: string;
  clientId: string;
  clientSecret: string;
  http: KyInstance;
  errors?: GraphErrorOptions;
}

function tokenSetOf(answer: GraphToken, extra: Record<string, unknown> = {}): TokenSet {
  return {
    accessToken: answer.access_token,
    refreshToken: undefined,
    expiresAt: expiryIn(answer.expires_in, Date.now()),
    refreshTokenExpiresAt: undefined,
    scopes: undefined,
    tokenType: undefined,
    answer: { ...answer, ...extra },
  };
}

function graphGet(config: MetaTokenConfig, url: string, searchParams: Record<string, string>) {
  const mapError = (failure: HttpFailure) => mapGraphOAuthError(config.platform, failure, config.errors);
  const secrets = [
    searchParams.client_secret,
    searchParams.code,
    searchParams.access_token,
    searchParams.fb_exchange_token,
  ];
  return platformCall({ platform: config.platform, mutating: false, mapError }, () =>
    withSecretsRedacted(secrets, () => config.http.get(url, { searchParams }).json()),
  ).then((answer) => graphTokenSchema.parse(answer));
}

/**
 * Facebook Login (Facebook Pages, Instagram through Facebook): the code for a user token at
 * `GET {graph}/{version}/oauth/access_token`, then `grant_type=fb_exchange_token` for the
 * long-lived one (about 60 days). No refresh.
 *
 * @example
 * ```ts
 * tokens: facebookLoginGrants({ platform: 'facebook', clientId, clientSecret, http, tokenUrl: `${graph}/v25.0/oauth/access_token` })
 * ```
 */
export function facebookLoginGrants(config: MetaTokenConfig & { tokenUrl: string }): TokenGrants {
  const app = { client_id: config.clientId, client_secret: config.clientSecret };
  return {
    async exchange({ code, redirectUri }) {
      const short = await graphGet(config, config.tokenUrl, { ...app, redirect_uri: redirectUri, code });
      const long = await graphGet(config, config.tokenUrl, {
        grant_type: 'fb_exchange_token',
        ...app,
        fb_exchange_token: short.access_token,
      });
      return tokenSetOf(long);
    },
  };
}

/**
 * Instagram Login and Threads: the code for a short-lived token at `POST {codeUrl}` (client
 * credentials in the form), then `GET {graph}/access_token?grant_type={exchange}` for the
 * long-lived one (60 days), which `GET {graph}/refresh_access_token?grant_type={refresh}`
 * renews: there is no refresh token, the access token itself is refreshed.
 *
 * @example
 * ```ts
 * tokens: longLivedLoginGrants({ platform: 'threads', clientId, clientSecret, http, codeUrl, graphBaseUrl,
 *   exchangeGrant: 'th_exchange_token', refreshGrant: 'th_refresh_token' })
 * ```
 */
export function longLivedLoginGrants(
  config: MetaTokenConfig & {
    codeUrl: string;
    /** The unversioned token endpoints' host (`https://graph.instagram.com`, `https://graph.threads.net`). */
    graphBaseUrl: string;
    exchangeGrant: string;
    refreshGrant: string;
  },
): Required<TokenGrants> {
  const mapError = (failure: HttpFailure) => mapGraphOAuthError(config.platform, failure, config.errors);
  return {
    async exchange({ code, redirectUri }) {
      const short = graphCodeTokenSchema.parse(
        await platformCall({ platform: config.platform, mutating: false, mapError }, () =>
          config.http
            .post(config.codeUrl, {
              body: new URLSearchParams({
                client_id: config.clientId,
                client_secret: config.clientSecret,
                grant_type: 'authorization_code',
                redirect_uri: redirectUri,
                code,
              }),
            })
            .json(),
        ),
      );
      const long = await graphGet(config, `${config.graphBaseUrl}/access_token`, {
        grant_type: config.exchangeGrant,
        client_secret: config.clientSecret,
        access_token: short.access_token,
      });
      // The code answer names the user; the long-lived one does not.
      return tokenSetOf(long, short.user_id ? { user_id: short.user_id } : {});
    },
    async refresh(credentials: Credentials) {
      const next = await graphGet(config, `${config.graphBaseUrl}/refresh_access_token`, {
        grant_type: config.refreshGrant,
        access_token: credentials.accessToken.reveal(),
      });
      return tokenSetOf(next);
    },
  };
}
