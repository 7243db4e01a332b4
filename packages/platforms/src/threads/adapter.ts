/**
 * Threads adapter (graph.threads.net).
 *
 * Supports: OAuth (authorize at threads.net, `POST /oauth/access_token`, the long-lived exchange
 * `th_exchange_token`, refresh `th_refresh_token` of the access token itself — no separate refresh
 * token); the account from `GET /me?fields=id,username`; posts through containers
 * (`POST /{user}/threads` with `media_type=TEXT|IMAGE|VIDEO|CAROUSEL` → status polls →
 * `POST /{user}/threads_publish?creation_id=`); text up to 500 characters counted the Threads way
 * (core's `characters-emoji-bytes`); an image, a video, or a carousel of images and videos, fetched
 * by Threads from `MediaUrlProvider` URLs (none configured: a clear error); reply chains for long
 * text when `content.thread` (`reply_to_id` = the previous post; media on the first post), each
 * part reported through `reportProgress` so a retry continues the chain (replies need
 * `threads_manage_replies`); delete of every part (`DELETE /{threads-media-id}`, scope
 * `threads_delete`). The token travels as the `access_token` parameter, the only way Meta's
 * Threads docs show; `appsecret_proof` is off by default (the Threads docs do not describe it).
 *
 * Reconciliation: no idempotency key, so `findPublished` reads the account's recent posts
 * (`GET /{user}/threads?fields=id,text,timestamp`) and matches the first part's text.
 *
 * Does not support: alt text, link attachments, polls, quote posts, metrics, the
 * `threads_publishing_limit` pre-check (a 250/24 h quota error is mapped when it comes back).
 *
 * ⚠ Configurable facts: the API version (`v1.0`), carousel size (20), the bound on chain length
 * (25), the container poll bounds, the refresh margin (7 days), media limits (video ≤ 5 min, ≤ 1 GB).
 *
 * @example
 * ```ts
 * const threads = createThreads({ clientId: '123', clientSecret: 'secret' });
 * ```
 */
import {
  type AdapterContent,
  ContentRejectedError,
  countThreadsCharacters,
  type DeleteRequest,
  type MediaAsset,
  mediaKindOf,
  type PlatformAdapter,
  type PublishRequest,
  type PublishResult,
  type ValidationIssue,
  validateAgainstCapabilities,
} from '@relaypost/core';
import { z } from 'zod';
import { createGraphClient, THREADS_DEFAULT_VERSION } from '../graph/client.js';
import { containerPollingSchema, DEFAULT_CONTAINER_POLLING, waitForContainer } from '../graph/containers.js';
import { mediaUrlFor } from '../graph/media.js';
import { issuesToRejection, withinWindow } from '../graph/publish.js';
import { graphIdSchema } from '../graph/wire.js';
import { createHttp, type HttpOptions } from '../http/index.js';
import { freshAccessToken } from '../oauth/index.js';
import { createThreadsAuth } from './auth.js';
import {
  THREADS_DEFAULT_CAROUSEL_MAX,
  THREADS_DEFAULT_MAX_THREAD_PARTS,
  THREADS_TEXT_MAX,
  threadsCapabilities,
} from './limits.js';
import { type ThreadsOptions, threadsOptionsSchema } from './options.js';
import { splitThreadsText } from './split.js';
import { threadsListSchema, threadsPermalinkSchema } from './wire.js';

const PLATFORM = 'threads';
const trimSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * The default scopes: read the account, publish, reply (every part of a chain after the first is
 * a reply, and replies need `threads_manage_replies`), delete.
 */
export const THREADS_DEFAULT_SCOPES = [
  'threads_basic',
  'threads_content_publish',
  'threads_manage_replies',
  'threads_delete',
];

/** Factory options for {@link createThreads}. */
export const threadsAdapterOptionsSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** ⚠ The Threads API version. */
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .default(THREADS_DEFAULT_VERSION),
  graphBaseUrl: z.url().default('https://graph.threads.net').transform(trimSlash),
  authorizeUrl: z.url().default('https://threads.net/oauth/authorize'),
  /** Default: `{graphBaseUrl}/oauth/access_token`. */
  tokenUrl: z.url().optional(),
  scopes: z.array(z.string().min(1)).min(1).default(THREADS_DEFAULT_SCOPES),
  /** ⚠ Send `appsecret_proof`: Meta documents it for graph.facebook.com, not for graph.threads.net. */
  appSecretProof: z.boolean().default(false),
  mediaUrlTtlSeconds: z
    .number()
    .int()
    .positive()
    .default(6 * 3600),
  polling: containerPollingSchema.default(DEFAULT_CONTAINER_POLLING),
  maxCarouselItems: z.number().int().min(2).default(THREADS_DEFAULT_CAROUSEL_MAX),
  maxThreadParts: z.number().int().positive().default(THREADS_DEFAULT_MAX_THREAD_PARTS),
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
 * Options of {@link createThreads}, as the factory takes them: fields with a default may be left out.
 *
 * @example
 * ```ts
 * const options: ThreadsAdapterOptions = { clientId: '123', clientSecret: 'secret' };
 * ```
 *
 * @useDeclaredType
 */
export type ThreadsAdapterOptions = z.input<typeof threadsAdapterOptionsSchema>;

/** Progress reported after each post of a chain lands, so a retry continues it. */
export const threadsProgressSchema = z.object({ postIds: z.array(z.string().min(1)) });

/**
 * Creates the Threads adapter.
 *
 * @example
 * ```ts
 * const threads = createThreads({ clientId: '123', clientSecret: 'secret', maxCarouselItems: 10 });
 * ```
 */
export function createThreads(options: ThreadsAdapterOptions) {
  const config = threadsAdapterOptionsSchema.parse(options);
  const http = createHttp(config.http);
  const errors = {
    defaultRateLimitWaitMs: config.defaultRateLimitWaitMs,
    temporaryBlockWaitMs: config.temporaryBlockWaitMs,
  };
  const graph = createGraphClient({
    platform: PLATFORM,
    baseUrl: config.graphBaseUrl,
    version: config.apiVersion,
    appSecret: config.appSecretProof ? config.clientSecret : undefined,
    tokenIn: 'query',
    http,
    errors,
  });
  const auth = createThreadsAuth({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    scopes: config.scopes,
    authorizeUrl: config.authorizeUrl,
    tokenUrl: config.tokenUrl ?? `${config.graphBaseUrl}/oauth/access_token`,
    graphBaseUrl: config.graphBaseUrl,
    http,
    graph,
    errors,
  });
  const capabilities = threadsCapabilities({ maxCarouselItems: config.maxCarouselItems });
  const tokenFor = (request: PublishRequest | DeleteRequest) =>
    freshAccessToken(request.credentials, auth.refresh?.bind(auth), request.onCredentialsRefreshed, {
      marginMs: config.refreshMarginMs,
      refreshesAccessToken: true,
    });

  function partsOf(content: AdapterContent): string[] {
    if (!content.thread || countThreadsCharacters(content.text) <= THREADS_TEXT_MAX) return [content.text];
    return splitThreadsText(content.text, THREADS_TEXT_MAX);
  }

  function validate(content: AdapterContent): ValidationIssue[] {
    const issues = validateAgainstCapabilities(capabilities, content);
    const parsed = threadsOptionsSchema.safeParse(content.options);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push({ path: ['options', ...issue.path.map(String)].join('.'), message: issue.message });
    }
    if (content.text.trim() === '' && content.media.length === 0)
      issues.push({ path: 'text', message: 'is required when there is no media' });
    const parts = partsOf(content).length;
    if (parts > config.maxThreadParts) {
      issues.push({
        path: 'text',
        message: `would need ${parts} posts; at most ${config.maxThreadParts} are allowed in a chain`,
        limit: config.maxThreadParts,
        actual: parts,
      });
    }
    return issues;
  }

  async function itemFields(request: PublishRequest, asset: MediaAsset): Promise<Record<string, string>> {
    const url = await mediaUrlFor(PLATFORM, request.media, asset, config.mediaUrlTtlSeconds);
    return mediaKindOf(asset.mimeType) === 'video'
      ? { media_type: 'VIDEO', video_url: url }
      : { media_type: 'IMAGE', image_url: url };
  }

  async function createContainer(
    userId: string,
    token: string,
    form: Record<string, string | undefined>,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    // Unpublished containers are invisible: a lost answer leaves nothing to reconcile.
    const answer = await graph.post(`${userId}/threads`, { token, form, mutating: false, signal });
    const id = graphIdSchema.parse(answer).id;
    await waitForContainer(graph, {
      token,
      containerId: id,
      style: 'threads',
      polling: config.polling,
      signal,
    });
    return id;
  }

  async function publishPart(
    request: PublishRequest,
    token: string,
    text: string,
    media: readonly MediaAsset[],
    replyTo: string | undefined,
    opts: ThreadsOptions,
  ): Promise<string> {
    const userId = encodeURIComponent(request.account.externalId);
    const signal = request.signal;
    const common = {
      ...(text ? { text } : {}),
      ...(replyTo ? { reply_to_id: replyTo } : {}),
      ...(opts.replyControl ? { reply_control: opts.replyControl } : {}),
    };
    let containerId: string;
    if (media.length === 0) {
      containerId = await createContainer(userId, token, { media_type: 'TEXT', ...common }, signal);
    } else if (media.length === 1) {
      containerId = await createContainer(
        userId,
        token,
        { ...(await itemFields(request, media[0]!)), ...common },
        signal,
      );
    } else {
      const children: string[] = [];
      for (const asset of media) {
        const fields = await itemFields(request, asset);
        children.push(await createContainer(userId, token, { ...fields, is_carousel_item: 'true' }, signal));
      }
      containerId = await createContainer(
        userId,
        token,
        { media_type: 'CAROUSEL', children: children.join(','), ...common },
        signal,
      );
    }
    const published = await graph.post(`${userId}/threads_publish`, {
      token,
      query: { creation_id: containerId },
      signal,
    });
    return graphIdSchema.parse(published).id;
  }

  async function permalinkOf(token: string, id: string): Promise<string | null> {
    try {
      return (
        threadsPermalinkSchema.parse(
          await graph.get(encodeURIComponent(id), { token, query: { fields: 'permalink' } }),
        ).permalink ?? null
      );
    } catch {
      // The post is live; a missing link is no reason to report a failure.
      return null;
    }
  }

  async function result(token: string, ids: readonly string[], warnings: string[]): Promise<PublishResult> {
    const parts = await Promise.all(
      ids.map(async (id) => ({ externalId: id, url: await permalinkOf(token, id) })),
    );
    const first = parts[0];
    if (!first) throw new Error('a result needs at least one post');
    return {
      externalId: first.externalId,
      url: first.url,
      publishedAt: new Date().toISOString(),
      parts,
      warnings,
    };
  }

  const adapter = {
    specificationVersion: 'v1',
    platform: 'threads',
    displayName: 'Threads',
    capabilities,
    optionsSchema: threadsOptionsSchema,
    auth,
    validate,

    async publish(request: PublishRequest): Promise<PublishResult> {
      const rejection = issuesToRejection(PLATFORM, validate(request.content));
      if (rejection) throw rejection;
      const opts = threadsOptionsSchema.parse(request.content.options);
      const token = await tokenFor(request);
      const parts = partsOf(request.content);
      const prior = threadsProgressSchema.safeParse(request.resumeFrom);
      const ids = prior.success ? prior.data.postIds.slice(0, parts.length) : [];
      for (let index = ids.length; index < parts.length; index++) {
        const replyTo = index === 0 ? opts.replyToId : ids[index - 1];
        const media = index === 0 ? request.content.media : [];
        ids.push(await publishPart(request, token, parts[index] ?? '', media, replyTo, opts));
        request.reportProgress?.({ postIds: [...ids] });
      }
      const warnings =
        prior.success && prior.data.postIds.length > 0
          ? [`resumed a chain after ${prior.data.postIds.length} part(s) had landed`]
          : [];
      return result(token, ids, warnings);
    },

    async findPublished(request: PublishRequest): Promise<PublishResult | null> {
      const token = await tokenFor(request);
      const answer = threadsListSchema.parse(
        await graph.get(`${encodeURIComponent(request.account.externalId)}/threads`, {
          token,
          query: { fields: 'id,text,timestamp,permalink', limit: '50' },
          signal: request.signal,
        }),
      );
      const first = (partsOf(request.content)[0] ?? '').trim();
      const match = answer.data.find(
        (post) => (post.text ?? '').trim() === first && withinWindow(post.timestamp, config.findWindowMs),
      );
      if (!match) return null;
      const prior = threadsProgressSchema.safeParse(request.resumeFrom);
      const ids = prior.success && prior.data.postIds[0] === match.id ? prior.data.postIds : [match.id];
      const total = partsOf(request.content).length;
      const warnings =
        ids.length < total ? [`only ${ids.length} of ${total} chain parts are known to have landed`] : [];
      return result(token, ids, warnings);
    },

    async delete(request: DeleteRequest): Promise<void> {
      const token = await tokenFor(request);
      const ids = request.parts?.length ? request.parts.map((p) => p.externalId) : [request.externalId];
      // Replies first, so a failure part-way never leaves replies to a deleted post.
      for (const id of [...ids].reverse()) {
        try {
          await graph.delete(encodeURIComponent(id), { token, signal: request.signal });
        } catch (error) {
          if (ContentRejectedError.isInstance(error) && error.platformCode === '100/33') continue;
          throw error;
        }
      }
    },
  } satisfies PlatformAdapter<'threads'>;
  return adapter;
}
