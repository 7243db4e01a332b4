/**
 * TikTok (Content Posting API) adapter.
 *
 * Supports: Login Kit OAuth (`client_key`, comma-separated scopes; refresh stores the rotated
 * refresh token and honours `expires_in` / `refresh_expires_in`); account identity from
 * `/v2/user/info/` (`username` only when `user.info.profile` was granted); before every direct
 * post `creator_info/query` (scope `video.publish`) — the privacy level must be one of the
 * creator's `privacy_level_options`, comment/duet/stitch switches the creator turned off are forced
 * off (with a warning), and the video's duration is checked against `max_video_post_duration_sec`;
 * one video by FILE_UPLOAD (chunks planned by `planChunks`, sent in order with `Content-Range`) or
 * by PULL_FROM_URL (`source: 'url'`, needs a MediaUrlProvider and a domain verified with TikTok);
 * photo posts (JPEG/WebP, always fetched by TikTok from URLs; the text is the `description`, up
 * to 4000); direct posts and inbox drafts (`mode: 'inbox'`: no `creator_info`, no privacy level,
 * so an app approved for `video.upload` only can send them); status polling with bounded backoff until PUBLISH_COMPLETE (or
 * SEND_TO_USER_INBOX) or FAILED (`fail_reason` → ContentRejectedError). Reports `{publishId}` through
 * `reportProgress` once the post is initialised.
 *
 * Does not support: delete (the API has none — `capabilities.delete` is false), metrics, music.
 *
 * Limitations: TikTok gives the public post id only after moderation and only for posts others can
 * see; until then the `publish_id` is the external id and the URL is null. `findPublished` checks
 * the `publish_id` from `resumeFrom` when the workflow kept it; otherwise it looks through
 * `/v2/video/list/` (needs the `video.list` scope), which lists PUBLIC videos only — a lost
 * SELF_ONLY or inbox post cannot be found there and comes back as null.
 *
 * ⚠ Configurable facts: the chunk rules (`chunkRules`, "MB" read strictly: ≥ 5 MiB, ≤ 64,000,000), PKCE (`pkce`, off for
 * the web flow), the waits after `rate_limit_exceeded` (60 s; TikTok sends no Retry-After that we
 * know of) and after daily posting caps (24 h), the status polling schedule, the caption limit
 * (2200, TikTok counts UTF-16 runes).
 *
 * @example
 * ```ts
 * const tiktok = createTikTok({ clientKey, clientSecret });
 * await tiktok.publish({ ...request, content: { text: 'hi', media: [video], thread: false, options: { privacyLevel: 'SELF_ONLY' } } });
 * ```
 */
import {
  type AdapterContent,
  ContentRejectedError,
  type DeleteRequest,
  issuesToRejection,
  type MediaAsset,
  mediaKindOf,
  NeedsReconnectError,
  type PlatformAdapter,
  type PlatformError,
  type PublishRequest,
  type PublishResult,
  RateLimitedError,
  TransientError,
  UnknownOutcomeError,
  type ValidationIssue,
  validateAgainstCapabilities,
} from '@relaypost/core';
import { z } from 'zod';
import { createHttp, type HttpOptions, platformCall } from '../http/index.js';
import { freshAccessToken } from '../oauth/index.js';
import { createTikTokAuth, TIKTOK_TOKEN_FRESHNESS } from './auth.js';
import { type ChunkPlan, planChunks, TIKTOK_CHUNK_RULES } from './chunk-plan.js';
import { mapTikTokError, type TikTokErrorOptions, tikTokErrorOf } from './errors.js';
import { TIKTOK_PHOTO_DESCRIPTION_MAX, tikTokCapabilities } from './limits.js';
import { type TikTokOptions, tikTokOptionsSchema } from './options.js';
import {
  type CreatorInfo,
  creatorInfoSchema,
  initSchema,
  type PrivacyLevel,
  type PublishStatus,
  statusSchema,
  videoListSchema,
} from './wire.js';

const PLATFORM = 'tiktok';
const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** Factory options for {@link createTikTok}. */
export const tikTokAdapterOptionsSchema = z.object({
  clientKey: z.string().min(1),
  clientSecret: z.string().min(1),
  apiBaseUrl: z.url().default('https://open.tiktokapis.com').transform(trimSlash),
  authorizeUrl: z.url().default('https://www.tiktok.com/v2/auth/authorize/'),
  scopes: z
    .array(z.string().min(1))
    .min(1)
    .default(['user.info.basic', 'user.info.profile', 'video.publish', 'video.upload', 'video.list']),
  /** ⚠ Send a PKCE challenge (the desktop flow requires one; the web flow does not). */
  pkce: z.boolean().default(false),
  /** Preferred chunk size; clamped into the chunk rules. Default 10 MiB. */
  chunkSizeBytes: z
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** ⚠ TikTok's chunk rules; override only to test against a fake with small files. */
  chunkRules: z
    .object({
      minChunkBytes: z.number().int().positive(),
      maxChunkBytes: z.number().int().positive(),
      maxFinalChunkBytes: z.number().int().positive(),
      maxChunks: z.number().int().positive(),
    })
    .default(TIKTOK_CHUNK_RULES),
  /** Status polling: first wait, growth, cap and overall bound (then an unknown outcome). */
  statusPolling: z
    .object({
      initialDelayMs: z.number().int().nonnegative(),
      factor: z.number().min(1),
      maxDelayMs: z.number().int().positive(),
      timeoutMs: z.number().int().positive(),
    })
    .default({ initialDelayMs: 2000, factor: 1.5, maxDelayMs: 15_000, timeoutMs: 10 * 60 * 1000 }),
  /** ⚠ Wait after `rate_limit_exceeded` when no Retry-After came. */
  rateLimitWaitMs: z.number().int().positive().default(60_000),
  /** ⚠ Wait after a daily posting cap (`spam_risk_too_many_posts`...). */
  postingCapWaitMs: z
    .number()
    .int()
    .positive()
    .default(24 * 60 * 60 * 1000),
  /** How far back `findPublished` looks in the video list. */
  findWindowMs: z
    .number()
    .int()
    .positive()
    .default(30 * 60 * 1000),
  /** Lifetime of media URLs handed to TikTok for PULL_FROM_URL. */
  mediaUrlTtlSeconds: z.number().int().positive().default(3600),
  http: z.custom<HttpOptions>((value) => typeof value === 'object' && value !== null).optional(),
});
/**
 * Options of {@link createTikTok}, as the factory takes them: fields with a default may be left out.
 *
 * @example
 * ```ts
 * const options: TikTokAdapterOptions = { clientKey: 'aw123', clientSecret: 'secret' };
 * ```
 *
 * @useDeclaredType
 */
export type TikTokAdapterOptions = z.input<typeof tikTokAdapterOptionsSchema>;

/** Progress reported once a post is initialised, for `findPublished`. */
export const tikTokProgressSchema = z.object({ publishId: z.string().min(1) });

const FAIL_REASON_FIELDS: Record<string, string> = {
  file_format_check_failed: 'media.0.mimeType',
  duration_check_failed: 'media.0.durationMs',
  frame_rate_check_failed: 'media.0',
  picture_size_check_failed: 'media.0',
  video_pull_failed: 'media',
  photo_pull_failed: 'media',
  spam_risk_text: 'text',
};

/**
 * `publicaly_available_post_id` holds int64 numbers, which lose precision past 2^53 in
 * `JSON.parse`: quote them first so the ids arrive intact as strings.
 */
export function quoteLargeIds(json: string): string {
  return json.replace(
    /("publicaly_available_post_id"\s*:\s*\[)([^\]]*)\]/g,
    (_all, head: string, list: string) =>
      `${head}${list.includes('"') ? list : list.replace(/-?\d+/g, '"$&"')}]`,
  );
}

/** What a direct post sends after checking the creator's settings. */
interface DirectSettings {
  privacyLevel: PrivacyLevel;
  disableComment: boolean;
  disableDuet: boolean;
  disableStitch: boolean;
  warnings: string[];
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

/**
 * Creates the TikTok adapter.
 *
 * @example
 * ```ts
 * const tiktok = createTikTok({ clientKey: 'aw123', clientSecret: 'secret' });
 * ```
 */
export function createTikTok(options: TikTokAdapterOptions) {
  const config = tikTokAdapterOptionsSchema.parse(options);
  const http = createHttp(config.http);
  const errors: TikTokErrorOptions = {
    rateLimitWaitMs: config.rateLimitWaitMs,
    postingCapWaitMs: config.postingCapWaitMs,
  };
  const mapError = (failure: Parameters<typeof mapTikTokError>[0]) => mapTikTokError(failure, errors);
  const capabilities = tikTokCapabilities();
  const auth = createTikTokAuth({ ...config, http, errors });

  /** One JSON call in TikTok's envelope; a non-`ok` error code fails even with HTTP 200. */
  async function call<T extends z.ZodType>(
    schema: T,
    path: string,
    token: string,
    input: {
      json?: unknown;
      mutating: boolean;
      searchParams?: Record<string, string>;
      signal?: AbortSignal | undefined;
    },
  ): Promise<z.output<T>> {
    const text = await platformCall({ platform: PLATFORM, mutating: input.mutating, mapError }, () =>
      http
        .post(`${config.apiBaseUrl}${path}`, {
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=UTF-8' },
          ...(input.json === undefined ? {} : { body: JSON.stringify(input.json) }),
          ...(input.searchParams ? { searchParams: input.searchParams } : {}),
          ...(input.signal ? { signal: input.signal } : {}),
        })
        .text(),
    );
    const body: unknown = JSON.parse(quoteLargeIds(text));
    if (tikTokErrorOf(body)) throw mapError({ status: 200, data: body, headers: new Headers() });
    return schema.parse(body);
  }

  /** A photo post's text is its `description` (4000); a video's caption is `title` (2200). */
  const photoCapabilities = {
    ...capabilities,
    text: { ...capabilities.text, maxLength: TIKTOK_PHOTO_DESCRIPTION_MAX },
  };

  function validate(content: AdapterContent): ValidationIssue[] {
    const photos =
      content.media.length > 0 && content.media.every((m) => mediaKindOf(m.mimeType) === 'image');
    const issues = validateAgainstCapabilities(photos ? photoCapabilities : capabilities, content);
    const parsed = tikTokOptionsSchema.safeParse(content.options);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push({ path: ['options', ...issue.path.map(String)].join('.'), message: issue.message });
    }
    if (parsed.success && photos && parsed.data.photoCoverIndex >= content.media.length) {
      issues.push({
        path: 'options.photoCoverIndex',
        message: 'points past the last photo',
        limit: content.media.length - 1,
        actual: parsed.data.photoCoverIndex,
      });
    }
    return issues;
  }

  /**
   * Checks a direct post against the creator's current settings; returns the privacy level and
   * switches to send, and warnings.
   */
  function applyCreatorInfo(
    creator: CreatorInfo,
    opts: TikTokOptions,
    video: MediaAsset | undefined,
  ): DirectSettings {
    const privacyLevel = opts.privacyLevel;
    if (privacyLevel === undefined) {
      // validate() already refuses this; kept so the type says what a direct post needs.
      throw new ContentRejectedError({
        platform: PLATFORM,
        field: 'options.privacyLevel',
        message: 'options.privacyLevel: is required for a direct post',
      });
    }
    if (!creator.privacy_level_options.includes(privacyLevel)) {
      throw new ContentRejectedError({
        platform: PLATFORM,
        field: 'options.privacyLevel',
        limit: creator.privacy_level_options.join('|'),
        message: `privacy level ${privacyLevel} is not available to this creator (allowed: ${creator.privacy_level_options.join(', ')})`,
      });
    }
    const maxSec = creator.max_video_post_duration_sec;
    if (video && maxSec && video.durationMs !== null && video.durationMs > maxSec * 1000) {
      throw new ContentRejectedError({
        platform: PLATFORM,
        field: 'media.0.durationMs',
        limit: maxSec * 1000,
        message: `the video is ${Math.round(video.durationMs / 1000)} s; this creator may post at most ${maxSec} s`,
      });
    }
    const warnings: string[] = [];
    const force = (wanted: boolean, disabledByCreator: boolean | null | undefined, name: string) => {
      if (disabledByCreator && !wanted)
        warnings.push(`${name} turned off: the creator disabled ${name} in TikTok`);
      return wanted || disabledByCreator === true;
    };
    return {
      privacyLevel,
      disableComment: force(opts.disableComment, creator.comment_disabled, 'comments'),
      disableDuet: force(opts.disableDuet, creator.duet_disabled, 'duets'),
      disableStitch: force(opts.disableStitch, creator.stitch_disabled, 'stitches'),
      warnings,
    };
  }

  /** Reads the creator's settings (`creator_info/query`, scope `video.publish`) and applies them. */
  async function directSettings(
    token: string,
    opts: TikTokOptions,
    video: MediaAsset | undefined,
    signal: AbortSignal | undefined,
  ): Promise<DirectSettings> {
    const creator = await call(creatorInfoSchema, '/v2/post/publish/creator_info/query/', token, {
      mutating: false,
      signal,
    });
    if (!creator.data)
      throw new TransientError({ platform: PLATFORM, message: 'creator_info answer without data' });
    return applyCreatorInfo(creator.data, opts, video);
  }

  function failureFromStatus(status: PublishStatus): PlatformError {
    const reason = status.fail_reason ?? 'unknown';
    const init = {
      platform: PLATFORM,
      platformCode: reason,
      responseBody: status,
      message: `publishing failed: ${reason}`,
    };
    if (reason === 'internal') return new TransientError(init);
    if (reason === 'auth_removed') return new NeedsReconnectError(init);
    if (reason === 'spam_risk_too_many_posts')
      return new RateLimitedError({ ...init, retryAfterMs: config.postingCapWaitMs });
    return new ContentRejectedError({ ...init, field: FAIL_REASON_FIELDS[reason], platformMessage: reason });
  }

  async function fetchStatus(token: string, publishId: string, signal?: AbortSignal): Promise<PublishStatus> {
    const body = await call(statusSchema, '/v2/post/publish/status/fetch/', token, {
      json: { publish_id: publishId },
      mutating: false,
      signal,
    });
    if (!body.data) throw new TransientError({ platform: PLATFORM, message: 'status answer without data' });
    return body.data;
  }

  /** Polls until a final status, with bounded backoff; past the bound the outcome is unknown. */
  async function waitForFinal(
    token: string,
    publishId: string,
    inbox: boolean,
    signal?: AbortSignal,
  ): Promise<PublishStatus> {
    const poll = config.statusPolling;
    const deadline = Date.now() + poll.timeoutMs;
    let delay = poll.initialDelayMs;
    for (;;) {
      await sleep(delay, signal);
      const status = await fetchStatus(token, publishId, signal);
      if (status.status === 'FAILED') throw failureFromStatus(status);
      if (status.status === 'PUBLISH_COMPLETE' || (inbox && status.status === 'SEND_TO_USER_INBOX'))
        return status;
      delay = Math.min(Math.max(1, delay) * poll.factor, poll.maxDelayMs);
      if (Date.now() + delay > deadline) {
        throw new UnknownOutcomeError({
          platform: PLATFORM,
          message: `still ${status.status} after ${poll.timeoutMs} ms (publish_id ${publishId})`,
        });
      }
    }
  }

  function toResult(
    publishId: string,
    status: PublishStatus,
    handle: string,
    warnings: string[],
  ): PublishResult {
    const postId = status.publicaly_available_post_id?.[0];
    const externalId = postId === undefined ? publishId : String(postId);
    const url =
      postId === undefined
        ? null
        : `https://www.tiktok.com/@${encodeURIComponent(handle)}/video/${externalId}`;
    const notes =
      postId === undefined
        ? [
            ...warnings,
            'TikTok has not given the post id yet (moderation, or not public): the publish_id stands in',
          ]
        : warnings;
    return {
      externalId,
      url,
      publishedAt: new Date().toISOString(),
      parts: [{ externalId, url }],
      warnings: notes,
    };
  }

  async function uploadFile(
    plan: ChunkPlan,
    uploadUrl: string,
    asset: MediaAsset,
    request: PublishRequest,
  ): Promise<void> {
    for (const chunk of plan.chunks) {
      const last = chunk.index === plan.chunks.length - 1;
      const bytes = await request.media.readRange(asset, chunk.start, chunk.length);
      // Only the last chunk can complete the upload, so only its lost answer is an unknown outcome.
      await platformCall({ platform: PLATFORM, mutating: last, mapError }, () =>
        http.put(uploadUrl, {
          body: bytes,
          headers: {
            'content-type': asset.mimeType,
            'content-range': `bytes ${chunk.start}-${chunk.end}/${plan.videoSize}`,
          },
          ...(request.signal ? { signal: request.signal } : {}),
        }),
      );
    }
  }

  function needUrls(request: PublishRequest) {
    const urls = request.media.urls;
    if (!urls) {
      throw new ContentRejectedError({
        platform: PLATFORM,
        field: 'media',
        message: 'TikTok fetches this media from a URL: configure a MediaUrlProvider',
      });
    }
    return urls;
  }

  /**
   * One video: a direct post (`/video/init/` with `post_info`, scope `video.publish`) or, when
   * `direct` is null, an inbox draft (`/inbox/video/init/` with `source_info` only, scope
   * `video.upload`).
   */
  async function publishVideo(
    request: PublishRequest,
    token: string,
    opts: TikTokOptions,
    asset: MediaAsset,
    direct: DirectSettings | null,
  ) {
    const inbox = direct === null;
    const warnings = [...(direct?.warnings ?? [])];
    let plan: ChunkPlan | undefined;
    let sourceInfo: Record<string, unknown>;
    if (opts.source === 'url') {
      const url = await needUrls(request).urlFor(asset, { expiresInSeconds: config.mediaUrlTtlSeconds });
      sourceInfo = { source: 'PULL_FROM_URL', video_url: url.toString() };
    } else {
      try {
        plan = planChunks(asset.sizeBytes, config.chunkSizeBytes, config.chunkRules);
      } catch (error) {
        throw new ContentRejectedError({
          platform: PLATFORM,
          field: 'media.0.sizeBytes',
          message: (error as Error).message,
        });
      }
      sourceInfo = {
        source: 'FILE_UPLOAD',
        video_size: plan.videoSize,
        chunk_size: plan.chunkSize,
        total_chunk_count: plan.totalChunkCount,
      };
    }
    const postInfo = direct && {
      title: request.content.text,
      privacy_level: direct.privacyLevel,
      disable_comment: direct.disableComment,
      disable_duet: direct.disableDuet,
      disable_stitch: direct.disableStitch,
      ...(opts.videoCoverTimestampMs === undefined
        ? {}
        : { video_cover_timestamp_ms: opts.videoCoverTimestampMs }),
      ...(opts.brandContentToggle === undefined ? {} : { brand_content_toggle: opts.brandContentToggle }),
      ...(opts.brandOrganicToggle === undefined ? {} : { brand_organic_toggle: opts.brandOrganicToggle }),
      ...(opts.isAigc === undefined ? {} : { is_aigc: opts.isAigc }),
    };
    if (inbox)
      warnings.push('inbox draft: the caption and settings are chosen by the user in the TikTok app');
    const init = await call(
      initSchema,
      inbox ? '/v2/post/publish/inbox/video/init/' : '/v2/post/publish/video/init/',
      token,
      {
        json: postInfo ? { post_info: postInfo, source_info: sourceInfo } : { source_info: sourceInfo },
        // With PULL_FROM_URL the init alone publishes; with FILE_UPLOAD nothing exists before the bytes.
        mutating: opts.source === 'url',
        signal: request.signal,
      },
    );
    const publishId = init.data?.publish_id;
    if (!publishId)
      throw new TransientError({ platform: PLATFORM, message: 'init answer without publish_id' });
    request.reportProgress?.({ publishId });
    if (plan) {
      const uploadUrl = init.data?.upload_url;
      if (!uploadUrl)
        throw new TransientError({ platform: PLATFORM, message: 'init answer without upload_url' });
      await uploadFile(plan, uploadUrl, asset, request);
    }
    return toResult(
      publishId,
      await waitForFinal(token, publishId, inbox, request.signal),
      request.account.handle,
      warnings,
    );
  }

  /**
   * Photos, fetched by TikTok from URLs: `DIRECT_POST` with privacy and switches (scope
   * `video.publish`), or, when `direct` is null, `MEDIA_UPLOAD` to the inbox with the title and
   * description only (scope `video.upload`).
   */
  async function publishPhotos(
    request: PublishRequest,
    token: string,
    opts: TikTokOptions,
    direct: DirectSettings | null,
  ) {
    const urls = needUrls(request);
    const photoImages = await Promise.all(
      request.content.media.map(async (asset) =>
        (await urls.urlFor(asset, { expiresInSeconds: config.mediaUrlTtlSeconds })).toString(),
      ),
    );
    const inbox = direct === null;
    const init = await call(initSchema, '/v2/post/publish/content/init/', token, {
      json: {
        post_info: {
          ...(opts.title ? { title: opts.title } : {}),
          description: request.content.text,
          ...(direct
            ? {
                privacy_level: direct.privacyLevel,
                disable_comment: direct.disableComment,
                ...(opts.autoAddMusic === undefined ? {} : { auto_add_music: opts.autoAddMusic }),
              }
            : {}),
        },
        source_info: {
          source: 'PULL_FROM_URL',
          photo_cover_index: opts.photoCoverIndex,
          photo_images: photoImages,
        },
        post_mode: inbox ? 'MEDIA_UPLOAD' : 'DIRECT_POST',
        media_type: 'PHOTO',
      },
      mutating: true,
      signal: request.signal,
    });
    const publishId = init.data?.publish_id;
    if (!publishId)
      throw new TransientError({ platform: PLATFORM, message: 'init answer without publish_id' });
    request.reportProgress?.({ publishId });
    const warnings = direct
      ? direct.warnings.filter((w) => w.startsWith('comments'))
      : ['inbox draft: privacy and interaction settings are chosen by the user in the TikTok app'];
    return toResult(
      publishId,
      await waitForFinal(token, publishId, inbox, request.signal),
      request.account.handle,
      warnings,
    );
  }

  const adapter = {
    specificationVersion: 'v1',
    platform: 'tiktok',
    displayName: 'TikTok',
    capabilities,
    optionsSchema: tikTokOptionsSchema,
    auth,
    validate,

    async publish(request: PublishRequest): Promise<PublishResult> {
      const rejection = issuesToRejection(PLATFORM, validate(request.content));
      if (rejection) throw rejection;
      const opts = tikTokOptionsSchema.parse(request.content.options);
      const token = await freshAccessToken(
        request.credentials,
        auth.refresh,
        request.onCredentialsRefreshed,
        TIKTOK_TOKEN_FRESHNESS,
      );
      const video = request.content.media.find((m) => mediaKindOf(m.mimeType) === 'video');
      // An inbox draft needs only video.upload: creator_info/query (video.publish) is for direct posts.
      const direct = opts.mode === 'inbox' ? null : await directSettings(token, opts, video, request.signal);
      return video
        ? publishVideo(request, token, opts, video, direct)
        : publishPhotos(request, token, opts, direct);
    },

    async findPublished(request: PublishRequest): Promise<PublishResult | null> {
      const token = await freshAccessToken(
        request.credentials,
        auth.refresh,
        request.onCredentialsRefreshed,
        TIKTOK_TOKEN_FRESHNESS,
      );
      const progress = tikTokProgressSchema.safeParse(request.resumeFrom);
      if (progress.success) {
        const status = await fetchStatus(token, progress.data.publishId, request.signal);
        if (status.status === 'FAILED') return null;
        if (status.status === 'PUBLISH_COMPLETE' || status.status === 'SEND_TO_USER_INBOX') {
          return toResult(progress.data.publishId, status, request.account.handle, []);
        }
        throw new TransientError({
          platform: PLATFORM,
          message: `publish ${progress.data.publishId} is still ${status.status}`,
        });
      }
      const list = await call(videoListSchema, '/v2/video/list/', token, {
        json: { max_count: 20 },
        searchParams: { fields: 'id,title,video_description,create_time,share_url' },
        mutating: false,
        signal: request.signal,
      });
      const text = request.content.text.trim();
      const since = Date.now() - config.findWindowMs;
      const match = (list.data?.videos ?? []).find(
        (v) =>
          (v.video_description?.trim() === text || v.title?.trim() === text) &&
          (v.create_time ?? 0) * 1000 >= since,
      );
      if (!match) return null;
      const url = match.share_url ?? null;
      return {
        externalId: match.id,
        url,
        publishedAt: new Date((match.create_time ?? Date.now() / 1000) * 1000).toISOString(),
        parts: [{ externalId: match.id, url }],
        warnings: [],
      };
    },

    async delete(_request: DeleteRequest): Promise<void> {
      throw new ContentRejectedError({
        platform: PLATFORM,
        message: 'the TikTok Content Posting API cannot delete posts; delete it in the TikTok app',
      });
    },
  } satisfies PlatformAdapter<'tiktok'>;
  return adapter;
}
