import {
  type ConnectableAccount,
  type Credentials,
  type CredentialsInput,
  NeedsReconnectError,
  type OAuth2Auth,
} from '@relaypost/core';
import type { KyInstance } from 'ky';
import { platformCall } from '../http/index.js';
import { mapGoogleTokenError, mapYouTubeError, type YouTubeErrorOptions } from './errors.js';
import { channelListSchema, type GoogleToken, googleTokenSchema } from './wire.js';

/** What the OAuth half of the adapter needs from the factory. */
export interface YouTubeAuthConfig {
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  apiBaseUrl: string;
  scopes: readonly string[];
  http: KyInstance;
  errors: YouTubeErrorOptions;
}

const PLATFORM = 'youtube';

/** Credentials input from a Google token answer; keeps the old refresh token (Google does not rotate). */
export function credentialsFromGoogle(token: GoogleToken, previousRefresh?: string): CredentialsInput {
  const refresh = token.refresh_token ?? previousRefresh;
  return {
    accessToken: token.access_token,
    ...(refresh ? { refreshToken: refresh } : {}),
    ...(token.expires_in ? { expiresAt: new Date(Date.now() + token.expires_in * 1000).toISOString() } : {}),
    tokenType: token.token_type ?? 'Bearer',
  };
}

async function requestToken(config: YouTubeAuthConfig, form: Record<string, string>): Promise<GoogleToken> {
  const body = await platformCall(
    { platform: PLATFORM, mutating: false, mapError: mapGoogleTokenError },
    () =>
      config.http
        .post(config.tokenUrl, {
          body: new URLSearchParams({
            ...form,
            client_id: config.clientId,
            client_secret: config.clientSecret,
          }),
        })
        .json(),
  );
  return googleTokenSchema.parse(body);
}

/**
 * Google OAuth 2.0 for YouTube: offline access (`access_type=offline`, `prompt=consent` so a
 * refresh token is issued every time), PKCE S256, channel identity from `channels.list?mine=true`.
 */
export function createYouTubeAuth(
  config: YouTubeAuthConfig,
): OAuth2Auth & { refresh(credentials: Credentials): Promise<CredentialsInput> } {
  return {
    kind: 'oauth2',
    pkce: true,
    defaultScopes: config.scopes,
    authorizationUrl({ redirectUri, state, codeChallenge, scopes }) {
      const url = new URL(config.authorizeUrl);
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('scope', (scopes ?? config.scopes).join(' '));
      url.searchParams.set('access_type', 'offline');
      url.searchParams.set('prompt', 'consent');
      url.searchParams.set('include_granted_scopes', 'true');
      url.searchParams.set('state', state);
      if (codeChallenge) {
        url.searchParams.set('code_challenge', codeChallenge);
        url.searchParams.set('code_challenge_method', 'S256');
      }
      return url.toString();
    },
    async exchangeCode({ code, redirectUri, codeVerifier }): Promise<ConnectableAccount[]> {
      const token = await requestToken(config, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
      });
      const credentials = credentialsFromGoogle(token);
      const channels = await platformCall(
        { platform: PLATFORM, mutating: false, mapError: (f) => mapYouTubeError(f, config.errors) },
        () =>
          config.http
            .get(`${config.apiBaseUrl}/youtube/v3/channels`, {
              searchParams: { part: 'snippet,contentDetails', mine: 'true' },
              headers: { authorization: `Bearer ${token.access_token}` },
            })
            .json(),
      );
      const scopes = token.scope ? token.scope.split(' ') : [...config.scopes];
      return (channelListSchema.parse(channels).items ?? []).map((channel): ConnectableAccount => {
        const avatar = channel.snippet?.thumbnails?.default?.url;
        const uploads = channel.contentDetails?.relatedPlaylists?.uploads;
        return {
          externalId: channel.id,
          handle: channel.snippet?.customUrl ?? channel.snippet?.title ?? channel.id,
          ...(channel.snippet?.title ? { displayName: channel.snippet.title } : {}),
          ...(avatar ? { avatarUrl: avatar } : {}),
          scopes,
          credentials,
          metadata: uploads ? { uploadsPlaylistId: uploads } : {},
        };
      });
    },
    async refresh(credentials) {
      const refreshToken = credentials.refreshToken?.reveal();
      if (!refreshToken) {
        throw new NeedsReconnectError({
          platform: PLATFORM,
          message: 'no refresh token: reconnect the channel',
        });
      }
      const token = await requestToken(config, { grant_type: 'refresh_token', refresh_token: refreshToken });
      return credentialsFromGoogle(token, refreshToken);
    },
  };
}
