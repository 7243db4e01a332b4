/**
 * Pinterest (API v5) adapter.
 *
 * Supports: OAuth 2.0 authorization code (no PKCE; the app authenticates with HTTP Basic at
 * `POST /v5/oauth/token`); refresh stores the rotated continuous refresh token and its expiry;
 * the account from `GET /v5/user_account` with its boards in the account metadata; listing boards
 * (`GET /v5/boards`) and board sections (`GET /v5/boards/{id}/sections`), following `bookmark`
 * cursors; Pins on the board (and section) named in the target options, with the post text as
 * the description (≤ 800), an optional title (≤ 100), link (≤ 2048) and dominant colour; one image
 * by `image_url` (needs a MediaUrlProvider) or `image_base64` (JPEG/PNG); 2–5 images as a
 * multi-image Pin (`multiple_image_urls`); one video through `POST /v5/media`, a multipart upload
 * to the returned `upload_url` and `GET /v5/media/{id}` polls, then `video_id` with a cover URL or
 * key frame; alt text (≤ 500, one per Pin: the first image's); delete (`DELETE /v5/pins/{id}`).
 * The uploaded video's media id is reported through `reportProgress`, so a retry reuses it.
 * Secret boards are offered (metadata, `listBoards`) and pinned to only when the grant holds
 * `boards:read_secret` and `pins:write_secret` (`PINTEREST_SECRET_BOARD_SCOPES`).
 *
 * Reconciliation: Pinterest has no idempotency key, so `findPublished` reads the board's Pins
 * (`GET /v5/boards/{id}/pins`, newest first) within `findWindowMs` and matches description,
 * title, link and section.
 *
 * Does not support: metrics, product tags, `multiple_image_base64`, per-image titles or links of
 * multi-image Pins, video reading in ranges (the whole video is read into memory for the upload).
 *
 * ⚠ Configurable facts: the scope separator in the authorize URL (`,`), `continuous_refresh=true`
 * (needed by apps created before 2025-09-25), the 429 wait when no header names one (60 s), the
 * cover key frame used when a video Pin names no cover (second 0), image/video size and duration
 * limits (from Pinterest's help pages), and the video processing poll bounds.
 *
 * @example
 * ```ts
 * const pinterest = createPinterest({ clientId: '1234567', clientSecret: 'secret' });
 * await pinterest.publish({ ...request, content: { text: 'Summer salads', media: [photo], thread: false, options: { boardId: '549755885175' } } });
 * ```
 */
import {
  type AdapterContent,
  ContentRejectedError,
  type Credentials,
  type CredentialsInput,
  type DeleteRequest,
  issuesToRejection,
  mediaKindOf,
  type PlatformAdapter,
  PlatformError,
  type PublishRequest,
  type PublishResult,
  type ValidationIssue,
  validateAgainstCapabilities,
} from '@relaypost/core';
import { z } from 'zod';
import { createHttp, type HttpOptions } from '../http/index.js';
import { freshAccessToken } from '../oauth/index.js';
import { createPinterestApi, type PinterestCall } from './api.js';
import { createPinterestAuth, PINTEREST_TOKEN_FRESHNESS } from './auth.js';
import {
  canPinToSecretBoards,
  listPinterestBoardSections,
  listPinterestBoards,
  offeredBoards,
  PINTEREST_SECRET_BOARD_SCOPES,
  type PinterestBoard,
  type PinterestBoardSection,
} from './boards.js';
import { PINTEREST_BASE64_TYPES, pinterestCapabilities } from './limits.js';
import {
  imageMediaSource,
  isVideoPost,
  type PinterestMediaSource,
  pinAltText,
  videoMediaSource,
} from './media-source.js';
import { type PinterestOptions, pinterestOptionsSchema } from './options.js';
import { isSamePin } from './reconcile.js';
import { awaitPinterestVideo, pinterestVideoStatus, uploadPinterestVideo } from './video.js';
import { pinterestPageSchema, pinterestPinSchema } from './wire.js';

const PLATFORM = 'pinterest';
const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** The default scopes: read the account, read and write boards and Pins. */
export const PINTEREST_DEFAULT_SCOPES = [
  'user_accounts:read',
  'boards:read',
  'boards:write',
  'pins:read',
  'pins:write',
];

/** Factory options for {@link createPinterest}. */
export const pinterestAdapterOptionsSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** The API root including the version, e.g. `https://api.pinterest.com/v5`. */
  apiBaseUrl: z.url().default('https://api.pinterest.com/v5').transform(trimSlash),
  authorizeUrl: z.url().default('https://www.pinterest.com/oauth/'),
  tokenUrl: z.url().default('https://api.pinterest.com/v5/oauth/token'),
  /** Where Pin links point. */
  webBaseUrl: z.url().default('https://www.pinterest.com').transform(trimSlash),
  scopes: z.array(z.string().min(1)).min(1).default(PINTEREST_DEFAULT_SCOPES),
  /** ⚠ How scopes are joined in the authorize URL. */
  scopeSeparator: z.string().min(1).default(','),
  /** ⚠ Send `continuous_refresh=true` to the token endpoint (apps created before 2025-09-25). */
  continuousRefresh: z.boolean().default(false),
  /** `auto`: images by URL when a MediaUrlProvider is configured, else inline base64. */
  imageSource: z.enum(['auto', 'url', 'base64']).default('auto'),
  mediaUrlTtlSeconds: z.number().int().positive().default(3600),
  /** ⚠ The cover key frame (seconds) of a video Pin whose options name no cover. */
  defaultCoverKeyFrameTime: z.number().int().nonnegative().default(0),
  videoPolling: z
    .object({ delayMs: z.number().int().nonnegative(), timeoutMs: z.number().int().positive() })
    .default({ delayMs: 3000, timeoutMs: 10 * 60 * 1000 }),
  /** How far back `findPublished` looks, and how many pages of board Pins it reads. */
  findWindowMs: z
    .number()
    .int()
    .positive()
    .default(30 * 60 * 1000),
  findMaxPages: z.number().int().positive().default(3),
  /** Pages of 250 boards (or sections) read when listing them. */
  maxBoardPages: z.number().int().positive().default(10),
  /** ⚠ See `PinterestErrorOptions`. */
  defaultRateLimitWaitMs: z.number().int().positive().default(60_000),
  http: z.custom<HttpOptions>((value) => typeof value === 'object' && value !== null).optional(),
});
/**
 * Options of {@link createPinterest}, as the factory takes them: fields with a default may be left out.
 *
 * @example
 * ```ts
 * const options: PinterestAdapterOptions = { clientId: '1234567', clientSecret: 'secret' };
 * ```
 *
 * @useDeclaredType
 */
export type PinterestAdapterOptions = z.input<typeof pinterestAdapterOptionsSchema>;

/** Progress reported once a video is uploaded, so a retry polls it instead of uploading again. */
export const pinterestProgressSchema = z.object({ videoMediaId: z.string().regex(/^\d+$/) });
export type PinterestProgress = z.infer<typeof pinterestProgressSchema>;

/** What the board listings need: the account's credentials. */
export interface PinterestListRequest {
  credentials: Credentials;
  /**
   * The scopes the account was granted (its stored `scopes`); secret boards are listed only when
   * they allow pinning to them. Default: the adapter's configured scopes.
   */
  scopes?: readonly string[];
  onCredentialsRefreshed?: (credentials: CredentialsInput) => Promise<void>;
  signal?: AbortSignal;
}

/**
 * Creates the Pinterest adapter.
 *
 * @example
 * ```ts
 * const pinterest = createPinterest({ clientId: '1234567', clientSecret: 'secret' });
 * const boards = await pinterest.listBoards({ credentials });
 * ```
 */
export function createPinterest(options: PinterestAdapterOptions) {
  const config = pinterestAdapterOptionsSchema.parse(options);
  const http = createHttp(config.http);
  const errors = { defaultRateLimitWaitMs: config.defaultRateLimitWaitMs };
  const api = createPinterestApi({ apiBaseUrl: config.apiBaseUrl, http, errors });
  const capabilities = pinterestCapabilities({ fetchedByUrl: config.imageSource !== 'base64' });
  const auth = createPinterestAuth({ ...config, http, api, errors });
  const video = { api, http, polling: config.videoPolling };

  const tokenFor = (request: PinterestListRequest | PublishRequest | DeleteRequest) =>
    freshAccessToken(
      request.credentials,
      auth.refresh,
      request.onCredentialsRefreshed,
      PINTEREST_TOKEN_FRESHNESS,
    );

  function validate(content: AdapterContent): ValidationIssue[] {
    const issues = validateAgainstCapabilities(capabilities, content);
    const parsed = pinterestOptionsSchema.safeParse(content.options);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push({ path: ['options', ...issue.path.map(String)].join('.'), message: issue.message });
    }
    if (config.imageSource === 'base64') {
      if (content.media.length > 1)
        issues.push({
          path: 'media',
          message: 'multi-image Pins need image URLs (imageSource is base64)',
          limit: 1,
          actual: content.media.length,
        });
      content.media.forEach((asset, index) => {
        if (
          mediaKindOf(asset.mimeType) === 'image' &&
          !PINTEREST_BASE64_TYPES.some((t) => t === asset.mimeType)
        )
          issues.push({
            path: `media.${index}.mimeType`,
            message: 'inline (base64) images must be JPEG or PNG',
            limit: PINTEREST_BASE64_TYPES,
            actual: asset.mimeType,
          });
      });
    }
    return issues;
  }

  /** Uploads the video (or reuses the one a failed attempt uploaded) and waits for processing. */
  async function videoSource(request: PublishRequest, call: PinterestCall, opts: PinterestOptions) {
    const asset = request.content.media[0];
    if (!asset) throw new Error('a video Pin needs its video');
    const prior = pinterestProgressSchema.safeParse(request.resumeFrom);
    let mediaId: string | undefined;
    if (prior.success) {
      const status = await pinterestVideoStatus(video, call, prior.data.videoMediaId);
      if (status !== null && status !== 'failed') mediaId = prior.data.videoMediaId;
    }
    if (!mediaId) {
      mediaId = await uploadPinterestVideo(video, call, asset, request.media);
      request.reportProgress?.({ videoMediaId: mediaId });
    }
    await awaitPinterestVideo(video, call, mediaId);
    return videoMediaSource(mediaId, opts, config.defaultCoverKeyFrameTime);
  }

  function pinBody(
    content: AdapterContent,
    opts: PinterestOptions,
    source: PinterestMediaSource,
    warnings: string[],
  ) {
    const altText = isVideoPost(content.media) ? undefined : pinAltText(content.media, warnings);
    return {
      board_id: opts.boardId,
      ...(opts.boardSectionId ? { board_section_id: opts.boardSectionId } : {}),
      ...(opts.title ? { title: opts.title } : {}),
      ...(content.text.trim() ? { description: content.text } : {}),
      ...(opts.link ? { link: opts.link } : {}),
      ...(altText ? { alt_text: altText } : {}),
      ...(opts.dominantColor ? { dominant_color: opts.dominantColor } : {}),
      media_source: source,
    };
  }

  /**
   * A Pin for a secret board the account's grant cannot pin to is refused before it is sent:
   * the board is known from the connect-time metadata, and `secretBoards` says what the grant allows.
   */
  function secretBoardRefusal(
    request: PublishRequest,
    opts: PinterestOptions,
  ): ContentRejectedError | undefined {
    const { boards, secretBoards } = request.account.metadata;
    if (secretBoards === true || !Array.isArray(boards)) return undefined;
    const board = boards.find(
      (b): b is { id: string; privacy: unknown } =>
        typeof b === 'object' && b !== null && 'id' in b && b.id === opts.boardId,
    );
    if (board?.privacy !== 'SECRET') return undefined;
    return new ContentRejectedError({
      platform: PLATFORM,
      field: 'options.boardId',
      message: `options.boardId: board ${opts.boardId} is secret, and pinning to secret boards needs the ${PINTEREST_SECRET_BOARD_SCOPES.join(', ')} scopes: add PINTEREST_SECRET_BOARD_SCOPES to the adapter's scopes and connect the account again`,
    });
  }

  const pinUrl = (id: string) => `${config.webBaseUrl}/pin/${encodeURIComponent(id)}/`;
  const result = (id: string, warnings: string[], publishedAt = new Date().toISOString()): PublishResult => ({
    externalId: id,
    url: pinUrl(id),
    publishedAt,
    parts: [{ externalId: id, url: pinUrl(id) }],
    warnings,
  });

  const adapter = {
    specificationVersion: 'v1',
    platform: 'pinterest',
    displayName: 'Pinterest',
    capabilities,
    optionsSchema: pinterestOptionsSchema,
    auth,
    validate,

    async publish(request: PublishRequest): Promise<PublishResult> {
      const rejection = issuesToRejection(PLATFORM, validate(request.content));
      if (rejection) throw rejection;
      const opts = pinterestOptionsSchema.parse(request.content.options);
      const secret = secretBoardRefusal(request, opts);
      if (secret) throw secret;
      const call = { token: await tokenFor(request), signal: request.signal };
      const warnings: string[] = [];
      const source = isVideoPost(request.content.media)
        ? await videoSource(request, call, opts)
        : await imageMediaSource(request, config);
      const answer = await api.post('/pins', call, pinBody(request.content, opts, source, warnings), true);
      const pin = pinterestPinSchema.parse(answer);
      return result(pin.id, warnings, pin.created_at ?? undefined);
    },

    async findPublished(request: PublishRequest): Promise<PublishResult | null> {
      const opts = pinterestOptionsSchema.parse(request.content.options);
      const call = { token: await tokenFor(request), signal: request.signal };
      const wanted = {
        description: request.content.text,
        title: opts.title,
        link: opts.link,
        boardSectionId: opts.boardSectionId,
        notBefore: Date.now() - config.findWindowMs,
      };
      const page = pinterestPageSchema(pinterestPinSchema);
      let bookmark: string | undefined;
      for (let index = 0; index < config.findMaxPages; index++) {
        const query: Record<string, string> = { page_size: '100', ...(bookmark ? { bookmark } : {}) };
        const pins = page.parse(
          await api.get(`/boards/${encodeURIComponent(opts.boardId)}/pins`, call, query),
        );
        const match = pins.items.find((pin) => isSamePin(pin, wanted));
        if (match) return result(match.id, [], match.created_at ?? undefined);
        if (!pins.bookmark) break;
        bookmark = pins.bookmark;
      }
      return null;
    },

    async delete(request: DeleteRequest): Promise<void> {
      const call = { token: await tokenFor(request), signal: request.signal };
      try {
        await api.delete(`/pins/${encodeURIComponent(request.externalId)}`, call);
      } catch (error) {
        // Already gone is what we wanted.
        if (PlatformError.isInstance(error) && error.status === 404) return;
        throw error;
      }
    },
  } satisfies PlatformAdapter<'pinterest'>;

  return {
    ...adapter,
    /**
     * Boards the account can pin to, for choosing a target's `boardId`: secret boards only when
     * the grant (`request.scopes`, else the configured scopes) may pin to them.
     */
    async listBoards(
      request: PinterestListRequest & { privacy?: 'PUBLIC' | 'PROTECTED' | 'SECRET' },
    ): Promise<PinterestBoard[]> {
      const scopes = request.scopes ?? config.scopes;
      if (request.privacy === 'SECRET' && !canPinToSecretBoards(scopes)) return [];
      const call = { token: await tokenFor(request), signal: request.signal };
      const boards = await listPinterestBoards(api, call, {
        maxPages: config.maxBoardPages,
        privacy: request.privacy,
      });
      return offeredBoards(boards, scopes);
    },

    /** Sections of a board, for choosing a target's `boardSectionId`. */
    async listBoardSections(
      request: PinterestListRequest & { boardId: string },
    ): Promise<PinterestBoardSection[]> {
      const call = { token: await tokenFor(request), signal: request.signal };
      return listPinterestBoardSections(api, call, request.boardId, { maxPages: config.maxBoardPages });
    },
  };
}
