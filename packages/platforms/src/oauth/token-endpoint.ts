import { type Credentials, NeedsReconnectError } from '@relaypost/core';
import type { KyInstance } from 'ky';
import * as oauth from 'oauth4webapi';
import { type HttpErrorMapper, type HttpFailure, platformCall } from '../http/index.js';
import type { CodeGrant, TokenGrants, TokenSet } from './types.js';

/** A token answer as oauth4webapi checked it, with the platform's own fields beside the standard ones. */
export type TokenAnswer = oauth.TokenEndpointResponse;

/** A standard token endpoint, and how the platform talks to it. */
export interface TokenEndpointConfig {
  platform: string;
  url: string;
  clientId: string;
  /** See {@link clientAuth}. */
  clientAuth: oauth.ClientAuth;
  /** Sent with every grant (Pinterest's `continuous_refresh`). */
  extraParams?: Readonly<Record<string, string>>;
  /** When the refresh token ends; default: `refresh_token_expires_in` seconds from now. */
  refreshTokenExpiry?: (answer: TokenAnswer, now: number) => number | undefined;
  /** Why a credential may lack a refresh token, for the reconnect message. */
  missingRefreshToken?: string;
  /** The adapter's ky: its transport, timeout and headers carry the token requests too. */
  http: KyInstance;
  /** The platform's mapping of a token endpoint error answer into the error family. */
  mapError: HttpErrorMapper;
}

/**
 * `seconds` from `now` in ms since the epoch, or undefined when the answer gave no lifetime.
 *
 * @example
 * ```ts
 * refreshTokenExpiry: (answer, now) => expiryIn(answer.refresh_expires_in, now)
 * ```
 */
export function expiryIn(seconds: unknown, now: number): number | undefined {
  return typeof seconds === 'number' && seconds > 0 ? now + seconds * 1000 : undefined;
}

/**
 * oauth4webapi sends its requests through the adapter's ky: the same keep-alive transport,
 * timeout and headers. ky throws `HTTPError` for an error answer, which `platformCall` maps
 * with the platform's mapper, as for every other call.
 */
function throughKy(http: KyInstance) {
  return (url: string, init: oauth.CustomFetchOptions<'POST', URLSearchParams>) => {
    // The library names itself as user-agent; the adapter's (Reddit's required one) is sent instead.
    const { 'user-agent': _library, ...headers } = init.headers;
    return http(url, {
      method: init.method,
      headers,
      body: init.body,
      redirect: init.redirect,
      ...(init.signal ? { signal: init.signal } : {}),
    });
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The answer handed to oauth4webapi's checks, past two things it would refuse: a missing
 * `token_type` (RFC 6749 requires it; every token here is a bearer token, and the adapters never
 * required it), and an `id_token` (LinkedIn with `openid`), left out unchecked: no nonce was sent,
 * and accounts are read from the platform's API, never from it.
 */
function conforming(body: unknown): Response {
  if (!isRecord(body)) return Response.json(body ?? null);
  const { id_token: _unused, ...answer } = body;
  return Response.json({ ...answer, token_type: answer.token_type ?? 'bearer' });
}

/**
 * The code and refresh grants of a standard OAuth 2 token endpoint, over oauth4webapi: it builds
 * the form (grant, code, redirect URI, PKCE verifier, client authentication) and checks the answer.
 * Error answers — and an OAuth error sent with HTTP 200 (Reddit, TikTok) — go through the
 * platform's `mapError`; an answer without a usable access token needs a reconnect.
 *
 * @example
 * ```ts
 * const grants = tokenEndpoint({ platform: 'x', url: tokenUrl, clientId, clientAuth: clientAuth.basic(secret), http, mapError });
 * const tokens = await grants.exchange({ code, redirectUri, codeVerifier });
 * ```
 */
export function tokenEndpoint(config: TokenEndpointConfig): Required<TokenGrants> {
  const { platform } = config;
  const as: oauth.AuthorizationServer = { issuer: new URL(config.url).origin, token_endpoint: config.url };
  const client: oauth.Client = { client_id: config.clientId };
  const options: oauth.TokenEndpointRequestOptions = {
    [oauth.customFetch]: throughKy(config.http),
    // oauth4webapi refuses http:// unless told; such an endpoint is one the host configured (a fake).
    [oauth.allowInsecureRequests]: new URL(config.url).protocol === 'http:',
    ...(config.extraParams ? { additionalParameters: { ...config.extraParams } } : {}),
  };
  const send = (request: () => Promise<Response>) =>
    platformCall({ platform, mutating: false, mapError: config.mapError }, request);

  async function read(
    response: Response,
    check: (conformed: Response) => Promise<TokenAnswer>,
  ): Promise<TokenSet> {
    const body: unknown = await response.json().catch(() => undefined);
    if (isRecord(body) && body.error !== undefined && body.error !== null) {
      const failure: HttpFailure = { status: response.status, data: body, headers: response.headers };
      throw (
        config.mapError(failure) ??
        new NeedsReconnectError({ platform, message: `token request refused (${String(body.error)})` })
      );
    }
    let answer: TokenAnswer;
    try {
      answer = await check(conforming(body));
    } catch (error) {
      if (
        !(error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError)
      )
        throw error;
      throw new NeedsReconnectError({
        platform,
        status: response.status,
        // The error family redacts the tokens of a body it keeps.
        responseBody: body,
        message: `the token endpoint answered without a usable token (${error.message})`,
      });
    }
    const now = Date.now();
    return {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token || undefined,
      expiresAt: expiryIn(answer.expires_in, now),
      refreshTokenExpiresAt: config.refreshTokenExpiry
        ? config.refreshTokenExpiry(answer, now)
        : expiryIn(answer.refresh_token_expires_in, now),
      scopes: answer.scope ? answer.scope.split(/[\s,]+/).filter(Boolean) : undefined,
      tokenType: answer.token_type,
      answer,
    };
  }

  return {
    async exchange({ code, redirectUri, codeVerifier }: CodeGrant) {
      // The state was checked by the caller (the SDK seals it); only the code comes back here.
      const callback = oauth.validateAuthResponse(
        as,
        client,
        new URLSearchParams({ code }),
        oauth.skipStateCheck,
      );
      const verifier = codeVerifier ?? oauth.nopkce;
      const response = await send(() =>
        oauth.authorizationCodeGrantRequest(
          as,
          client,
          config.clientAuth,
          callback,
          redirectUri,
          verifier,
          options,
        ),
      );
      return read(response, (conformed) => oauth.processAuthorizationCodeResponse(as, client, conformed));
    },
    async refresh(credentials: Credentials) {
      const refreshToken = credentials.refreshToken?.reveal();
      if (!refreshToken) {
        const why = config.missingRefreshToken ? ` (${config.missingRefreshToken})` : '';
        throw new NeedsReconnectError({ platform, message: `no refresh token${why}: reconnect the account` });
      }
      const response = await send(() =>
        oauth.refreshTokenGrantRequest(as, client, config.clientAuth, refreshToken, options),
      );
      return read(response, (conformed) => oauth.processRefreshTokenResponse(as, client, conformed));
    },
  };
}
