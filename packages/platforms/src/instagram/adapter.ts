/**
 * Instagram (Graph API) adapter, for professional accounts.
 *
 * Supports both logins (`login: 'facebook' | 'instagram'`): Facebook Login on graph.facebook.com
 * (the IG user id comes from each Page's `instagram_business_account`; no refresh) and Instagram
 * Login on graph.instagram.com (authorize at instagram.com, code exchange at api.instagram.com,
 * long-lived exchange `ig_exchange_token`, refresh `ig_refresh_token` of the access token itself).
 * Publishing goes through containers: `POST /{ig-user-id}/media` → status polls
 * (`GET /{container-id}?fields=status_code`, exponential backoff within bounds) →
 * `POST /{ig-user-id}/media_publish?creation_id=`. Formats (option `format`): feed — one image,
 * or a carousel of 2–10 images and videos (children with `is_carousel_item=true`), one video
 * becomes a reel; `reel` (`media_type=REELS`); `story` (`media_type=STORIES`). Media is fetched
 * by Instagram from URLs handed out by the `MediaUrlProvider` (none configured: a clear error).
 * `GET /{ig-user-id}/content_publishing_limit` is checked before publishing; over the quota (or
 * when `media_publish` answers 9/2207042) → `RateLimitedError` with the wait until the oldest
 * post leaves the 24-hour window. Stories are validated by the story specifications (any aspect
 * ratio for images; videos 3–60 s, ≤ 100 MB). The token goes in `Authorization: Bearer` on both
 * hosts (Meta's content publishing guide); `appsecret_proof` only on graph.facebook.com.
 *
 * Reconciliation: no idempotency key, so `findPublished` reads recent media
 * (`GET /{ig-user-id}/media?fields=id,caption,timestamp`) and matches the caption.
 *
 * Does not support: alt text, user tags, location, first comments, metrics; captions on stories
 * (dropped with a warning).
 *
 * ⚠ Configurable facts: the Graph version (`v25.0`); the 20 @mention limit (`maxMentions`); delete
 * (`DELETE /{ig-media-id}`, off by default: `enableDelete`); the container poll bounds; the token
 * refresh margin (7 days); the waits used for throttling without a usage header; the token answer
 * of api.instagram.com (flat or wrapped in `data`, both read). Video duration bounds (3 s–15 min)
 * are from the reels docs and may differ for carousel videos.
 *
 * @example
 * ```ts
 * const instagram = createInstagram({ login: 'instagram', clientId: '123', clientSecret: 'secret' });
 * ```
 */
import {
  type AdapterContent,
  type DeleteRequest,
  type MediaAsset,
  mediaKindOf,
  type PlatformAdapter,
  type PublishRequest,
  type PublishResult,
  RateLimitedError,
  type ValidationIssue,
  validateAgainstCapabilities,
} from '@relaypost/core';
import { z } from 'zod';
import { createGraphClient, GRAPH_DEFAULT_VERSION } from '../graph/client.js';
import { containerPollingSchema, DEFAULT_CONTAINER_POLLING, waitForContainer } from '../graph/containers.js';
import { mediaUrlFor } from '../graph/media.js';
import { issuesToRejection, withinWindow } from '../graph/publish.js';
import { graphIdSchema } from '../graph/wire.js';
import { createHttp, type HttpOptions } from '../http/index.js';
import { freshAccessToken } from '../oauth/index.js';
import { createInstagramAuth } from './auth.js';
import {
  INSTAGRAM_HASHTAGS_MAX,
  INSTAGRAM_MENTIONS_MAX,
  instagramCapabilities,
  instagramStoryCapabilities,
} from './limits.js';
import { type InstagramOptions, instagramOptionsSchema } from './options.js';
import {
  instagramMediaListSchema,
  instagramPermalinkSchema,
  instagramPublishingLimitSchema,
} from './wire.js';

const PLATFORM = 'instagram';
const trimSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * Default scopes per login. With Facebook Login, an account whose Page role was granted through
 * Business Manager also needs `business_management` (Meta's `media` and `media_publish`
 * references: "ads_management or business_management"), so it is asked for by default.
 */
export const INSTAGRAM_DEFAULT_SCOPES = {
  instagram: ['instagram_business_basic', 'instagram_business_content_publish'],
  facebook: [
    'instagram_basic',
    'instagram_content_publish',
    'pages_show_list',
    'pages_read_engagement',
    'business_management',
  ],
} as const;

/** Factory options for {@link createInstagram}. */
export const instagramAdapterOptionsSchema = z.object({
  login: z.enum(['facebook', 'instagram']),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** ⚠ The Graph API version. */
  graphVersion: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .default(GRAPH_DEFAULT_VERSION),
  /** Default: graph.instagram.com (Instagram Login) or graph.facebook.com (Facebook Login). */
  graphBaseUrl: z.url().optional(),
  /** Default: instagram.com's authorize page, or the Facebook dialog host. */
  authorizeUrl: z.url().optional(),
  /** Instagram Login's code exchange. */
  tokenUrl: z.url().default('https://api.instagram.com/oauth/access_token'),
  scopes: z.array(z.string().min(1)).min(1).optional(),
  /**
   * Send `appsecret_proof`. Default: with Facebook Login only — Meta documents it for
   * graph.facebook.com, not for graph.instagram.com ⚠.
   */
  appSecretProof: z.boolean().optional(),
  mediaUrlTtlSeconds: z
    .number()
    .int()
    .positive()
    .default(6 * 3600),
  polling: containerPollingSchema.default(DEFAULT_CONTAINER_POLLING),
  /** Check `content_publishing_limit` before publishing. */
  checkPublishingLimit: z.boolean().default(true),
  /** ⚠ `@`-mentions per caption. */
  maxMentions: z.number().int().positive().default(INSTAGRAM_MENTIONS_MAX),
  /** ⚠ Delete through `DELETE /{ig-media-id}` (reported to work with Facebook Login only). */
  enableDelete: z.boolean().default(false),
  /** Refresh the token (Instagram Login) when it expires within this margin. */
  refreshMarginMs: z
    .number()
    .int()
    .nonnegative()
    .default(7 * 24 * 3600 * 1000),
  findWindowMs: z
    .number()
    .int()
    .positive()
    .default(30 * 60 * 1000),
  defaultRateLimitWaitMs: z.number().int().positive().default(3_600_000),
  temporaryBlockWaitMs: z.number().int().positive().default(3_600_000),
  http: z.custom<HttpOptions>((value) => typeof value === 'object' && value !== null).optional(),
});
/**
 * Options of {@link createInstagram}, as the factory takes them: fields with a default may be left out.
 *
 * @example
 * ```ts
 * const options: InstagramAdapterOptions = { login: 'facebook', clientId: '123', clientSecret: 'secret' };
 * ```
 *
 * @useDeclaredType
 */
export type InstagramAdapterOptions = z.input<typeof instagramAdapterOptionsSchema>;

const HASHTAG = /(^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_]+/gu;
const MENTION = /(^|[^\p{L}\p{N}_.])@[A-Za-z0-9._]+/gu;

/**
 * Creates the Instagram adapter.
 *
 * @example
 * ```ts
 * const instagram = createInstagram({ login: 'facebook', clientId: '123', clientSecret: 'secret' });
 * ```
 */
export function createInstagram(options: InstagramAdapterOptions) {
  const config = instagramAdapterOptionsSchema.parse(options);
  const http = createHttp(config.http);
  const errors = {
    defaultRateLimitWaitMs: config.defaultRateLimitWaitMs,
    temporaryBlockWaitMs: config.temporaryBlockWaitMs,
  };
  const graphBaseUrl = trimSlash(
    config.graphBaseUrl ??
      (config.login === 'instagram' ? 'https://graph.instagram.com' : 'https://graph.facebook.com'),
  );
  const graph = createGraphClient({
    platform: PLATFORM,
    baseUrl: graphBaseUrl,
    version: config.graphVersion,
    appSecret: (config.appSecretProof ?? config.login === 'facebook') ? config.clientSecret : undefined,
    http,
    errors,
  });
  const scopes = config.scopes ?? [...INSTAGRAM_DEFAULT_SCOPES[config.login]];
  const auth = createInstagramAuth({
    login: config.login,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    scopes,
    graphVersion: config.graphVersion,
    graphBaseUrl,
    authorizeUrl: trimSlash(
      config.authorizeUrl ??
        (config.login === 'instagram'
          ? 'https://www.instagram.com/oauth/authorize'
          : 'https://www.facebook.com'),
    ),
    tokenUrl: config.tokenUrl,
    http,
    graph,
    errors,
  });
  const capabilities = instagramCapabilities({ delete: config.enableDelete });
  const storyCapabilities = instagramStoryCapabilities({ delete: config.enableDelete });
  const tokenFor = (request: PublishRequest | DeleteRequest) =>
    freshAccessToken(request.credentials, auth.refresh?.bind(auth), request.onCredentialsRefreshed, {
      marginMs: config.refreshMarginMs,
      refreshesAccessToken: true,
    });

  function validate(content: AdapterContent): ValidationIssue[] {
    const parsed = instagramOptionsSchema.safeParse(content.options);
    const format = parsed.success ? parsed.data.format : 'feed';
    // A story has its own media rules (any image aspect ratio, videos up to 60 s).
    const issues = validateAgainstCapabilities(
      format === 'story' ? storyCapabilities : capabilities,
      content,
    );
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push({ path: ['options', ...issue.path.map(String)].join('.'), message: issue.message });
    }
    const hashtags = content.text.match(HASHTAG)?.length ?? 0;
    if (hashtags > INSTAGRAM_HASHTAGS_MAX) {
      issues.push({
        path: 'text',
        message: `has more than ${INSTAGRAM_HASHTAGS_MAX} hashtags`,
        limit: INSTAGRAM_HASHTAGS_MAX,
        actual: hashtags,
      });
    }
    const mentions = content.text.match(MENTION)?.length ?? 0;
    if (mentions > config.maxMentions) {
      issues.push({
        path: 'text',
        message: `has more than ${config.maxMentions} @mentions`,
        limit: config.maxMentions,
        actual: mentions,
      });
    }
    const videos = content.media.filter((m) => mediaKindOf(m.mimeType) === 'video').length;
    if (format === 'reel' && (content.media.length !== 1 || videos !== 1)) {
      issues.push({
        path: 'media',
        message: 'a reel takes exactly one video',
        limit: 1,
        actual: content.media.length,
      });
    }
    return issues;
  }

  async function createContainer(
    igUserId: string,
    token: string,
    form: Record<string, string | undefined>,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    // A container is invisible until published: a lost answer leaves nothing behind to reconcile.
    const answer = await graph.post(`${igUserId}/media`, { token, form, mutating: false, signal });
    return graphIdSchema.parse(answer).id;
  }

  async function itemFields(request: PublishRequest, asset: MediaAsset): Promise<Record<string, string>> {
    const url = await mediaUrlFor(PLATFORM, request.media, asset, config.mediaUrlTtlSeconds);
    return mediaKindOf(asset.mimeType) === 'video' ? { video_url: url } : { image_url: url };
  }

  /** The container to publish, waited for until FINISHED. */
  async function buildContainer(
    request: PublishRequest,
    token: string,
    igUserId: string,
    opts: InstagramOptions,
    warnings: string[],
  ): Promise<string> {
    const { media, text } = request.content;
    const signal = request.signal;
    const wait = (containerId: string) =>
      waitForContainer(graph, { token, containerId, style: 'instagram', polling: config.polling, signal });
    const collaborators = opts.collaborators?.length ? JSON.stringify(opts.collaborators) : undefined;
    const caption = text === '' ? undefined : text;
    let containerId: string;
    if (opts.format === 'story') {
      if (text) warnings.push('stories take no caption: the text was not published');
      const fields = await itemFields(request, media[0]!);
      containerId = await createContainer(igUserId, token, { ...fields, media_type: 'STORIES' }, signal);
    } else if (media.length === 1) {
      const asset = media[0]!;
      const fields = await itemFields(request, asset);
      const isVideo = mediaKindOf(asset.mimeType) === 'video';
      containerId = await createContainer(
        igUserId,
        token,
        {
          ...fields,
          caption,
          collaborators,
          ...(isVideo
            ? {
                media_type: 'REELS',
                share_to_feed: String(opts.shareToFeed ?? true),
                cover_url: opts.coverUrl,
              }
            : {}),
        },
        signal,
      );
    } else {
      const children: string[] = [];
      for (const asset of media) {
        const fields = await itemFields(request, asset);
        const isVideo = mediaKindOf(asset.mimeType) === 'video';
        const child = await createContainer(
          igUserId,
          token,
          { ...fields, is_carousel_item: 'true', ...(isVideo ? { media_type: 'VIDEO' } : {}) },
          signal,
        );
        children.push(child);
      }
      for (const child of children) await wait(child);
      containerId = await createContainer(
        igUserId,
        token,
        { media_type: 'CAROUSEL', children: children.join(','), caption, collaborators },
        signal,
      );
    }
    await wait(containerId);
    return containerId;
  }

  /** How long until the oldest post of the rolling window leaves it (the quota frees a slot). */
  async function quotaWaitMs(
    token: string,
    igUserId: string,
    windowMs: number,
    signal: AbortSignal | undefined,
  ): Promise<number> {
    const recent = instagramMediaListSchema.parse(
      await graph.get(`${igUserId}/media`, {
        token,
        query: { fields: 'id,timestamp', limit: '100' },
        signal,
      }),
    );
    const now = Date.now();
    const inWindow = recent.data
      .map((m) => Date.parse((m.timestamp ?? '').replace(/([+-]\d{2})(\d{2})$/, '$1:$2')))
      .filter((at) => !Number.isNaN(at) && at > now - windowMs)
      .sort((a, b) => a - b);
    const oldest = inWindow[0];
    return oldest === undefined ? windowMs : Math.max(1000, oldest + windowMs - now);
  }

  /** Over the 24-hour quota: wait until the oldest post in the window leaves it. */
  async function checkQuota(token: string, igUserId: string, signal: AbortSignal | undefined): Promise<void> {
    const limit = instagramPublishingLimitSchema.parse(
      await graph.get(`${igUserId}/content_publishing_limit`, {
        token,
        query: { fields: 'quota_usage,config' },
        signal,
      }),
    ).data[0];
    const used = limit?.quota_usage ?? 0;
    const total = limit?.config?.quota_total;
    if (total === null || total === undefined || used < total) return;
    const windowMs = (limit?.config?.quota_duration ?? 86_400) * 1000;
    throw new RateLimitedError({
      platform: PLATFORM,
      scope: 'account',
      retryAfterMs: await quotaWaitMs(token, igUserId, windowMs, signal),
      message: `the account published ${used} of ${total} posts allowed in ${windowMs / 3_600_000} h`,
    });
  }

  /**
   * `media_publish`; its quota refusal (9/2207042, "the app user has reached their daily
   * publishing limit") waits until the rolling window frees a slot, not a fixed time.
   */
  async function publishContainer(
    token: string,
    igUserId: string,
    containerId: string,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    try {
      const published = await graph.post(`${igUserId}/media_publish`, {
        token,
        query: { creation_id: containerId },
        signal,
      });
      return graphIdSchema.parse(published).id;
    } catch (error) {
      if (!RateLimitedError.isInstance(error) || error.platformCode !== '9/2207042') throw error;
      const retryAfterMs = await quotaWaitMs(token, igUserId, 86_400_000, signal).catch(
        () => error.retryAfterMs,
      );
      throw new RateLimitedError({
        platform: PLATFORM,
        scope: 'account',
        status: error.status,
        platformCode: error.platformCode,
        retryAfterMs,
        message: "the account's publishing quota for the last 24 hours is used up",
      });
    }
  }

  async function resultFor(token: string, mediaId: string, warnings: string[]): Promise<PublishResult> {
    let url: string | null = null;
    try {
      url =
        instagramPermalinkSchema.parse(await graph.get(mediaId, { token, query: { fields: 'permalink' } }))
          .permalink ?? null;
    } catch {
      // The post is live; a missing link is no reason to report a failure.
      warnings.push('the permalink could not be read');
    }
    return {
      externalId: mediaId,
      url,
      publishedAt: new Date().toISOString(),
      parts: [{ externalId: mediaId, url }],
      warnings,
    };
  }

  const adapter = {
    specificationVersion: 'v1',
    platform: 'instagram',
    displayName: 'Instagram',
    capabilities,
    optionsSchema: instagramOptionsSchema,
    auth,
    validate,

    async publish(request: PublishRequest): Promise<PublishResult> {
      const rejection = issuesToRejection(PLATFORM, validate(request.content));
      if (rejection) throw rejection;
      const opts = instagramOptionsSchema.parse(request.content.options);
      const token = await tokenFor(request);
      const igUserId = encodeURIComponent(request.account.externalId);
      if (config.checkPublishingLimit) await checkQuota(token, igUserId, request.signal);
      const warnings: string[] = [];
      const containerId = await buildContainer(request, token, igUserId, opts, warnings);
      const mediaId = await publishContainer(token, igUserId, containerId, request.signal);
      return resultFor(token, mediaId, warnings);
    },

    async findPublished(request: PublishRequest): Promise<PublishResult | null> {
      const token = await tokenFor(request);
      const answer = instagramMediaListSchema.parse(
        await graph.get(`${encodeURIComponent(request.account.externalId)}/media`, {
          token,
          query: { fields: 'id,caption,timestamp,permalink', limit: '50' },
          signal: request.signal,
        }),
      );
      const opts = instagramOptionsSchema.safeParse(request.content.options);
      // Stories carry no caption, so only the newest story in the window can be matched.
      const text = opts.success && opts.data.format === 'story' ? '' : request.content.text.trim();
      const match = answer.data.find(
        (m) => (m.caption ?? '').trim() === text && withinWindow(m.timestamp, config.findWindowMs),
      );
      if (!match) return null;
      const url = match.permalink ?? null;
      return {
        externalId: match.id,
        url,
        publishedAt: new Date().toISOString(),
        parts: [{ externalId: match.id, url }],
        warnings: [],
      };
    },

    async delete(request: DeleteRequest): Promise<void> {
      if (!config.enableDelete) {
        throw issuesToRejection(PLATFORM, [
          {
            path: 'externalId',
            message: 'deleting through the API is not enabled for Instagram (enableDelete)',
          },
        ])!;
      }
      const token = await tokenFor(request);
      await graph.delete(encodeURIComponent(request.externalId), { token, signal: request.signal });
    },
  } satisfies PlatformAdapter<'instagram'>;
  return adapter;
}
