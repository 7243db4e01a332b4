import type { ConnectableAccount } from '@relaypost/core';
import type { KyInstance } from 'ky';
import { platformCall } from '../http/index.js';
import { clientAuth, createOAuth2Auth, type FreshTokenOptions, tokenEndpoint } from '../oauth/index.js';
import { mapGoogleTokenError, mapYouTubeError, type YouTubeErrorOptions } from './errors.js';
import { channelListSchema } from './wire.js';

const PLATFORM = 'youtube';

/** Google access tokens last an hour: refresh a minute before they end. */
export const GOOGLE_TOKEN_FRESHNESS: FreshTokenOptions = { marginMs: 60_000 };

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

/**
 * Google OAuth 2.0 for YouTube: offline access (`access_type=offline`, `prompt=consent` so a
 * refresh token is issued every time), PKCE S256 when a challenge is given, client credentials in
 * the token form; Google does not rotate refresh tokens. One account per channel of
 * `channels.list?mine=true`.
 *
 * @example
 * ```ts
 * const auth = createYouTubeAuth({ clientId, clientSecret, authorizeUrl, tokenUrl, apiBaseUrl, scopes, http, errors: {} });
 * ```
 */
export function createYouTubeAuth(config: YouTubeAuthConfig) {
  return createOAuth2Auth({
    platform: PLATFORM,
    authorizeUrl: config.authorizeUrl,
    clientId: config.clientId,
    scopes: config.scopes,
    scopeSeparator: ' ',
    pkce: 'optional',
    authorizeParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
    tokens: tokenEndpoint({
      platform: PLATFORM,
      url: config.tokenUrl,
      clientId: config.clientId,
      clientAuth: clientAuth.post(config.clientSecret),
      http: config.http,
      mapError: mapGoogleTokenError,
    }),
    async accounts({ tokens, credentials, scopes }) {
      const channels = await platformCall(
        { platform: PLATFORM, mutating: false, mapError: (f) => mapYouTubeError(f, config.errors) },
        () =>
          config.http
            .get(`${config.apiBaseUrl}/youtube/v3/channels`, {
              searchParams: { part: 'snippet,contentDetails', mine: 'true' },
              headers: { authorization: `Bearer ${tokens.accessToken}` },
            })
            .json(),
      );
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
  });
}
