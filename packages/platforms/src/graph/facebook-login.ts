import type { KyInstance } from 'ky';
import { platformCall } from '../http/index.js';
import { type GraphErrorOptions, mapGraphOAuthError } from './errors.js';
import { withSecretsRedacted } from './redact.js';
import { graphTokenSchema } from './wire.js';

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** What Facebook Login needs to know about the app and the hosts. */
export interface FacebookLoginConfig {
  platform: string;
  clientId: string;
  clientSecret: string;
  /** `https://www.facebook.com` (the login dialog host). */
  authorizeBaseUrl: string;
  /** `https://graph.facebook.com`. */
  graphBaseUrl: string;
  version: string;
  http: KyInstance;
  errors?: GraphErrorOptions;
}

/**
 * The Facebook Login dialog URL: `https://www.facebook.com/{version}/dialog/oauth`.
 *
 * @example
 * ```ts
 * facebookAuthorizationUrl(config, { redirectUri, state, scopes: ['pages_manage_posts'] });
 * ```
 */
export function facebookAuthorizationUrl(
  config: FacebookLoginConfig,
  input: { redirectUri: string; state: string; scopes: readonly string[] },
): string {
  const url = new URL(`${trimSlash(config.authorizeBaseUrl)}/${config.version}/dialog/oauth`);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('state', input.state);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', input.scopes.join(','));
  return url.toString();
}

/**
 * Trades a Facebook Login code for a long-lived user token: `GET /oauth/access_token` with the
 * code, then `grant_type=fb_exchange_token` (about 60 days).
 *
 * @example
 * ```ts
 * const { accessToken, expiresAt } = await exchangeFacebookCode(config, { code, redirectUri });
 * ```
 */
export async function exchangeFacebookCode(
  config: FacebookLoginConfig,
  input: { code: string; redirectUri: string; signal?: AbortSignal },
): Promise<{ accessToken: string; expiresAt: string | undefined }> {
  const tokenUrl = `${trimSlash(config.graphBaseUrl)}/${config.version}/oauth/access_token`;
  const mapError = (failure: Parameters<typeof mapGraphOAuthError>[1]) =>
    mapGraphOAuthError(config.platform, failure, config.errors);
  // Meta documents these exchanges with the secret, code and token in the query: keep them out of errors.
  const short = graphTokenSchema.parse(
    await platformCall({ platform: config.platform, mutating: false, mapError }, () =>
      withSecretsRedacted([config.clientSecret, input.code], () =>
        config.http
          .get(tokenUrl, {
            searchParams: {
              client_id: config.clientId,
              client_secret: config.clientSecret,
              redirect_uri: input.redirectUri,
              code: input.code,
            },
            ...(input.signal ? { signal: input.signal } : {}),
          })
          .json(),
      ),
    ),
  );
  const long = graphTokenSchema.parse(
    await platformCall({ platform: config.platform, mutating: false, mapError }, () =>
      withSecretsRedacted([config.clientSecret, short.access_token], () =>
        config.http
          .get(tokenUrl, {
            searchParams: {
              grant_type: 'fb_exchange_token',
              client_id: config.clientId,
              client_secret: config.clientSecret,
              fb_exchange_token: short.access_token,
            },
            ...(input.signal ? { signal: input.signal } : {}),
          })
          .json(),
      ),
    ),
  );
  return {
    accessToken: long.access_token,
    expiresAt: long.expires_in ? new Date(Date.now() + long.expires_in * 1000).toISOString() : undefined,
  };
}
