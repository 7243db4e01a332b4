/**
 * YouTube (Data API v3) adapter.
 *
 * Supports: Google OAuth 2.0 with offline access and PKCE (`access_type=offline`, `prompt=consent`;
 * Google does not rotate refresh tokens, `invalid_grant` → reconnect); channel identity from
 * `channels.list?mine=true`; one video per post through a resumable `videos.insert` upload in
 * chunks (a multiple of 256 KiB, configurable), following 308 `Range` answers, reporting
 * `{sessionUrl, confirmed, total, assetId}` after every chunk and resuming from `resumeFrom`
 * (asking the server with `Content-Range: bytes *\/total` first, so confirmed bytes are never
 * sent twice); title (from `options.title` or the text's first line), description (the text),
 * tags, category, privacy, `publishAt` (private only), made-for-kids, notify-subscribers;
 * `findPublished` (the upload session when progress is known, else the channel's uploads playlist,
 * matched by title and description, within a time window); delete.
 *
 * Does not support: thumbnails, captions, playlists, metrics, Shorts-specific settings.
 * Only the answer to the LAST chunk can be an unknown outcome: a video exists only once every byte
 * arrived, so a failed earlier chunk is transient and resumable.
 *
 * ⚠ Configurable facts: the description limit (5000, documented as bytes: `descriptionMaxBytes`),
 * the wait after `uploadLimitExceeded` (`uploadLimitWaitMs`, Google does not say). The tag total
 * (500 characters, commas and the quotes around tags with spaces included) is Google's own rule.
 * Quota errors wait until midnight Pacific time. Unaudited API
 * projects' uploads are forced private by YouTube.
 *
 * @example
 * ```ts
 * const youtube = createYouTube({ clientId, clientSecret });
 * const result = await youtube.publish({ ...request, content: { text, media: [video], thread: false, options: { privacyStatus: 'unlisted' } } });
 * ```
 */
import {
  type AdapterContent,
  ContentRejectedError,
  issuesToRejection,
  type PlatformAdapter,
  type PublishRequest,
  type PublishResult,
  type ValidationIssue,
  validateAgainstCapabilities,
} from '@relaypost/core';
import { z } from 'zod';
import { createHttp, type HttpOptions, platformCall } from '../http/index.js';
import { freshAccessToken } from '../oauth/index.js';
import { createYouTubeAuth, GOOGLE_TOKEN_FRESHNESS } from './auth.js';
import { mapYouTubeError, type YouTubeErrorOptions } from './errors.js';
import { YOUTUBE_TAGS_TOTAL_MAX, youTubeCapabilities, youTubeTagsLength } from './limits.js';
import { deriveTitle, type YouTubeOptions, youTubeOptionsSchema } from './options.js';
import {
  querySession,
  RESUMABLE_CHUNK_GRANULARITY,
  resumableProgressSchema,
  sendChunks,
  startSession,
  type UploadContext,
} from './upload.js';
import { channelListSchema, playlistItemsSchema, type VideoInsertBody, type YouTubeVideo } from './wire.js';

const PLATFORM = 'youtube';
const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** Factory options for {@link createYouTube}. Every host is configurable so tests can use the fake. */
export const youTubeAdapterOptionsSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Data API host (`/youtube/v3/...`). */
  apiBaseUrl: z.url().default('https://www.googleapis.com').transform(trimSlash),
  /** Upload host (`/upload/youtube/v3/videos`). */
  uploadBaseUrl: z.url().default('https://www.googleapis.com').transform(trimSlash),
  authorizeUrl: z.url().default('https://accounts.google.com/o/oauth2/v2/auth'),
  tokenUrl: z.url().default('https://oauth2.googleapis.com/token'),
  scopes: z
    .array(z.string().min(1))
    .min(1)
    .default([
      'https://www.googleapis.com/auth/youtube.upload',
      'https://www.googleapis.com/auth/youtube.force-ssl',
    ]),
  /** Bytes per upload request; must be a multiple of 256 KiB. Default 8 MiB. */
  chunkSizeBytes: z
    .number()
    .int()
    .positive()
    .multipleOf(RESUMABLE_CHUNK_GRANULARITY, 'must be a multiple of 256 KiB')
    .default(8 * 1024 * 1024),
  /** ⚠ Description limit, counted in UTF-8 bytes. */
  descriptionMaxBytes: z.number().int().positive().default(5000),
  /** ⚠ Wait after `uploadLimitExceeded`. */
  uploadLimitWaitMs: z
    .number()
    .int()
    .positive()
    .default(24 * 60 * 60 * 1000),
  /** How far back `findPublished` looks among the channel's uploads. */
  findWindowMs: z
    .number()
    .int()
    .positive()
    .default(30 * 60 * 1000),
  http: z.custom<HttpOptions>((value) => typeof value === 'object' && value !== null).optional(),
});
/**
 * Options of {@link createYouTube}, as the factory takes them: fields with a default may be left out.
 *
 * @example
 * ```ts
 * const options: YouTubeAdapterOptions = { clientId: 'id.apps.googleusercontent.com', clientSecret: 'secret' };
 * ```
 *
 * @useDeclaredType
 */
export type YouTubeAdapterOptions = z.input<typeof youTubeAdapterOptionsSchema>;

/**
 * Creates the YouTube adapter.
 *
 * @example
 * ```ts
 * const youtube = createYouTube({ clientId: 'id.apps.googleusercontent.com', clientSecret: 'secret' });
 * ```
 */
export function createYouTube(options: YouTubeAdapterOptions) {
  const config = youTubeAdapterOptionsSchema.parse(options);
  const http = createHttp(config.http);
  const errors: YouTubeErrorOptions = { uploadLimitWaitMs: config.uploadLimitWaitMs };
  const mapError = (failure: Parameters<typeof mapYouTubeError>[0]) => mapYouTubeError(failure, errors);
  const capabilities = youTubeCapabilities({ descriptionMaxBytes: config.descriptionMaxBytes });
  const auth = createYouTubeAuth({ ...config, http, errors });

  function validate(content: AdapterContent): ValidationIssue[] {
    const issues = validateAgainstCapabilities(capabilities, content);
    const parsed = youTubeOptionsSchema.safeParse(content.options);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ path: ['options', ...issue.path.map(String)].join('.'), message: issue.message });
      }
      return issues;
    }
    const { title } = deriveTitle(content.text, parsed.data);
    if (title === '')
      issues.push({
        path: 'options.title',
        message: 'is required (or start the text with a line to use as title)',
      });
    if (/[<>]/.test(title))
      issues.push({ path: 'options.title', message: 'cannot contain < or >', actual: title });
    if (/[<>]/.test(content.text))
      issues.push({ path: 'text', message: 'cannot contain < or > (YouTube refuses them in descriptions)' });
    const tagsLength = youTubeTagsLength(parsed.data.tags ?? []);
    if (tagsLength > YOUTUBE_TAGS_TOTAL_MAX) {
      issues.push({
        path: 'options.tags',
        message: `are too long in total: YouTube counts ${tagsLength} characters (commas between tags and quotes around tags with spaces included); at most ${YOUTUBE_TAGS_TOTAL_MAX}`,
        limit: YOUTUBE_TAGS_TOTAL_MAX,
        actual: tagsLength,
      });
    }
    return issues;
  }

  function insertBody(content: AdapterContent, opts: YouTubeOptions, title: string): VideoInsertBody {
    return {
      snippet: {
        title,
        description: content.text,
        ...(opts.tags ? { tags: opts.tags } : {}),
        ...(opts.categoryId ? { categoryId: opts.categoryId } : {}),
      },
      status: {
        privacyStatus: opts.privacyStatus,
        ...(opts.publishAt ? { publishAt: opts.publishAt } : {}),
        selfDeclaredMadeForKids: opts.madeForKids,
      },
    };
  }

  function toResult(video: YouTubeVideo, warnings: string[]): PublishResult {
    const url = `https://www.youtube.com/watch?v=${encodeURIComponent(video.id)}`;
    return {
      externalId: video.id,
      url,
      publishedAt: video.snippet?.publishedAt ?? new Date().toISOString(),
      parts: [{ externalId: video.id, url }],
      warnings,
    };
  }

  /** Progress from an earlier attempt, if it belongs to this asset and points at our upload host. */
  function priorProgress(request: PublishRequest) {
    const parsed = resumableProgressSchema.safeParse(request.resumeFrom);
    const asset = request.content.media[0];
    if (!parsed.success || !asset) return undefined;
    const sameAsset = parsed.data.assetId === asset.id && parsed.data.total === asset.sizeBytes;
    // Never send a bearer token to a host other than the upload host.
    const sameHost = new URL(parsed.data.sessionUrl).origin === new URL(config.uploadBaseUrl).origin;
    return sameAsset && sameHost ? parsed.data : undefined;
  }

  async function uploadContext(request: PublishRequest): Promise<UploadContext> {
    const asset = request.content.media[0];
    if (!asset)
      throw new ContentRejectedError({ platform: PLATFORM, field: 'media', message: 'a video is required' });
    const accessToken = await freshAccessToken(
      request.credentials,
      auth.refresh,
      request.onCredentialsRefreshed,
      GOOGLE_TOKEN_FRESHNESS,
    );
    return {
      http,
      accessToken,
      asset,
      media: request.media,
      chunkSize: config.chunkSizeBytes,
      errors,
      reportProgress: request.reportProgress,
      signal: request.signal,
    };
  }

  async function uploadsPlaylistId(
    accountMetadata: Record<string, unknown>,
    accessToken: string,
  ): Promise<string | undefined> {
    if (typeof accountMetadata.uploadsPlaylistId === 'string') return accountMetadata.uploadsPlaylistId;
    const body = await platformCall({ platform: PLATFORM, mutating: false, mapError }, () =>
      http
        .get(`${config.apiBaseUrl}/youtube/v3/channels`, {
          searchParams: { part: 'contentDetails', mine: 'true' },
          headers: { authorization: `Bearer ${accessToken}` },
        })
        .json(),
    );
    return channelListSchema.parse(body).items?.[0]?.contentDetails?.relatedPlaylists?.uploads ?? undefined;
  }

  const adapter = {
    specificationVersion: 'v1',
    platform: 'youtube',
    displayName: 'YouTube',
    capabilities,
    optionsSchema: youTubeOptionsSchema,
    auth,
    validate,

    async publish(request: PublishRequest): Promise<PublishResult> {
      const rejection = issuesToRejection(PLATFORM, validate(request.content));
      if (rejection) throw rejection;
      const opts = youTubeOptionsSchema.parse(request.content.options);
      const { title, truncated } = deriveTitle(request.content.text, opts);
      const warnings = truncated ? ['title was cut to 100 characters from the first line of the text'] : [];
      const ctx = await uploadContext(request);
      const prior = priorProgress(request);
      if (prior) {
        const status = await querySession(ctx, prior.sessionUrl);
        if (status.kind === 'complete') return toResult(status.video, warnings);
        if (status.kind === 'incomplete')
          return toResult(await sendChunks(ctx, prior.sessionUrl, status.confirmed), warnings);
      }
      const sessionUrl = await startSession(ctx, {
        uploadBaseUrl: config.uploadBaseUrl,
        body: insertBody(request.content, opts, title),
        notifySubscribers: opts.notifySubscribers,
      });
      request.reportProgress?.({
        sessionUrl,
        confirmed: 0,
        total: ctx.asset.sizeBytes,
        assetId: ctx.asset.id,
      });
      return toResult(await sendChunks(ctx, sessionUrl, 0), warnings);
    },

    async findPublished(request: PublishRequest): Promise<PublishResult | null> {
      const ctx = await uploadContext(request);
      const prior = priorProgress(request);
      if (prior) {
        const status = await querySession(ctx, prior.sessionUrl);
        // An unfinished session means no video exists yet: publishing again resumes it.
        return status.kind === 'complete' ? toResult(status.video, []) : null;
      }
      const opts = youTubeOptionsSchema.parse(request.content.options);
      const { title } = deriveTitle(request.content.text, opts);
      const playlistId = await uploadsPlaylistId(request.account.metadata, ctx.accessToken);
      if (!playlistId) return null;
      const body = await platformCall({ platform: PLATFORM, mutating: false, mapError }, () =>
        http
          .get(`${config.apiBaseUrl}/youtube/v3/playlistItems`, {
            searchParams: { part: 'snippet', playlistId, maxResults: '25' },
            headers: { authorization: `Bearer ${ctx.accessToken}` },
          })
          .json(),
      );
      const since = Date.now() - config.findWindowMs;
      const match = (playlistItemsSchema.parse(body).items ?? []).find((item) => {
        const snippet = item.snippet;
        const at = snippet?.publishedAt ? Date.parse(snippet.publishedAt) : Number.NaN;
        const sameDescription = snippet?.description == null || snippet.description === request.content.text;
        return snippet?.title === title && sameDescription && !(at < since) && snippet.resourceId?.videoId;
      });
      const videoId = match?.snippet?.resourceId?.videoId;
      if (!videoId) return null;
      return toResult({ id: videoId, snippet: { publishedAt: match.snippet?.publishedAt ?? null } }, []);
    },

    async delete(request) {
      const accessToken = await freshAccessToken(
        request.credentials,
        auth.refresh,
        request.onCredentialsRefreshed,
        GOOGLE_TOKEN_FRESHNESS,
      );
      await platformCall({ platform: PLATFORM, mutating: true, mapError }, () =>
        http.delete(`${config.apiBaseUrl}/youtube/v3/videos`, {
          searchParams: { id: request.externalId },
          headers: { authorization: `Bearer ${accessToken}` },
          // Already gone is what we wanted.
          throwHttpErrors: (status) => status !== 404,
          ...(request.signal ? { signal: request.signal } : {}),
        }),
      );
    },
  } satisfies PlatformAdapter<'youtube'>;
  return adapter;
}
