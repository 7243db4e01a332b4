/**
 * X (API v2) adapter.
 *
 * Supports: OAuth 2.0 authorization code with PKCE S256 and `offline.access` (confidential clients
 * use HTTP Basic at the token endpoint, public clients send `client_id`; refresh keeps the rotated
 * refresh token and honours `expires_in`); the account from `GET /2/users/me`; posts of up to 280
 * weighted characters (core's `countXWeighted`); up to 4 images, or 1 GIF, or 1 video, uploaded
 * through `/2/media/upload/initialize|{id}/append|{id}/finalize` in chunks and awaited through
 * STATUS polls (`check_after_secs` honoured within bounds); alt text through `POST /2/media/metadata`
 * (a refusal becomes a warning); reply threads for long text when `content.thread` (split between
 * words; media on the first post), each part reported through `reportProgress` so a retry
 * (`resumeFrom`) continues the chain instead of posting it twice; `reply_settings` and replying to
 * a post (options); delete of every part.
 *
 * Reconciliation: X has no idempotency key, so `findPublished` reads the account's posts since
 * `findWindowMs` ago (`GET /2/users/{id}/tweets?start_time=`) and matches the text after X's
 * normalisation (NFC, HTML entities, URLs rewritten to t.co). A thread that landed in part is
 * returned with the parts found and a warning.
 *
 * Does not support: polls, quote posts, metrics, media reuse across retries (media is uploaded
 * again on each attempt, although X keeps unused media for about 15 days: `expires_after_secs`).
 *
 * Errors: a 429 with the user's daily cap used up (`x-user-limit-24hour-remaining: 0`) waits for
 * that cap's reset; HTTP 402 (pay-per-use credits used up) is a `ConfigurationError` saying to buy
 * credits, never rejected content.
 *
 * ⚠ Configurable facts: the append chunk size (`chunkSizeBytes`, 1 MiB as in X's quickstarts, at
 * most 5 MB), the processing poll bounds, the daily-cap headers read on a 429
 * (`appLimitHeaderPrefix`, `userLimitHeaderPrefix`), the wait when a 429 has no reset header
 * (15 min), the bound on thread length
 * (25 parts), and the reconciliation window (30 min).
 *
 * @example
 * ```ts
 * const x = createX({ clientId: 'abc', clientSecret: 'secret' });
 * await x.publish({ ...request, content: { text: 'hello', media: [], thread: false, options: {} } });
 * ```
 */
import {
  type AdapterContent,
  ContentRejectedError,
  countXWeighted,
  type DeleteRequest,
  issuesToRejection,
  type PlatformAdapter,
  type PublishRequest,
  type PublishResult,
  type ValidationIssue,
  validateAgainstCapabilities,
} from '@relaypost/core';
import { z } from 'zod';
import { createHttp, type HttpFailure, type HttpOptions, platformCall } from '../http/index.js';
import { freshAccessToken } from '../oauth/index.js';
import { createXAuth, X_TOKEN_FRESHNESS } from './auth.js';
import { mapXError, type XErrorOptions } from './errors.js';
import { X_APPEND_MAX_BYTES, X_DEFAULT_MAX_THREAD_PARTS, X_TEXT_MAX, xCapabilities } from './limits.js';
import { type XOptions, xOptionsSchema } from './options.js';
import { findChain } from './reconcile.js';
import { splitForThread } from './thread.js';
import { setXAltText, uploadXMedia, type XUploadConfig } from './upload.js';
import { xTimelineSchema, xTweetCreateSchema } from './wire.js';

const PLATFORM = 'x';
const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** The default scopes: post, read the account, upload media, and get a refresh token. */
export const X_DEFAULT_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'];

/** Factory options for {@link createX}. */
export const xAdapterOptionsSchema = z.object({
  clientId: z.string().min(1),
  /** Confidential clients only; public clients leave it out. */
  clientSecret: z.string().min(1).optional(),
  apiBaseUrl: z.url().default('https://api.x.com').transform(trimSlash),
  authorizeUrl: z.url().default('https://x.com/i/oauth2/authorize'),
  tokenUrl: z.url().default('https://api.x.com/2/oauth2/token'),
  /** Where post links point. */
  webBaseUrl: z.url().default('https://x.com').transform(trimSlash),
  scopes: z.array(z.string().min(1)).min(1).default(X_DEFAULT_SCOPES),
  /**
   * ⚠ Bytes per append call. Default 1 MiB (X's own quickstarts; larger chunks have met a 413 at
   * X's edge); at most 5,000,000 (APPEND's `media` "must be <= 5 MB").
   */
  chunkSizeBytes: z
    .number()
    .int()
    .positive()
    .max(X_APPEND_MAX_BYTES, 'X accepts at most 5 MB per APPEND')
    .default(1024 * 1024),
  /** Media processing polls: `check_after_secs` clamped into [min, max]; overall bound. */
  processingPolling: z
    .object({
      defaultDelayMs: z.number().int().nonnegative(),
      minDelayMs: z.number().int().nonnegative(),
      maxDelayMs: z.number().int().positive(),
      timeoutMs: z.number().int().positive(),
    })
    .default({ defaultDelayMs: 5000, minDelayMs: 1000, maxDelayMs: 60_000, timeoutMs: 10 * 60 * 1000 }),
  /** How far back `findPublished` looks. */
  findWindowMs: z
    .number()
    .int()
    .positive()
    .default(30 * 60 * 1000),
  /** ⚠ Longest thread RelayPost will post. */
  maxThreadParts: z.number().int().positive().default(X_DEFAULT_MAX_THREAD_PARTS),
  /**
   * ⚠ Prefix of the per-app daily cap headers (`<prefix>-limit/-remaining/-reset`). When
   * `-remaining` is `0` on a 429, the whole app is capped (scope `app`).
   */
  appLimitHeaderPrefix: z.string().min(1).default('x-app-limit-24hour'),
  /**
   * ⚠ Prefix of the per-user daily cap headers. When `-remaining` is `0` on a 429, this account
   * is capped until `-reset` (scope `account`), not for X's usual 15 minutes.
   */
  userLimitHeaderPrefix: z.string().min(1).default('x-user-limit-24hour'),
  defaultRateLimitWaitMs: z
    .number()
    .int()
    .positive()
    .default(15 * 60 * 1000),
  http: z.custom<HttpOptions>((value) => typeof value === 'object' && value !== null).optional(),
});
/**
 * Options of {@link createX}, as the factory takes them: fields with a default may be left out.
 *
 * @example
 * ```ts
 * const options: XAdapterOptions = { clientId: 'abc' }; // a public client
 * ```
 *
 * @useDeclaredType
 */
export type XAdapterOptions = z.input<typeof xAdapterOptionsSchema>;

/** Progress reported after each post of a thread lands, so a retry continues the chain. */
export const xProgressSchema = z.object({ tweetIds: z.array(z.string().min(1)) });
export type XProgress = z.infer<typeof xProgressSchema>;

/**
 * Creates the X adapter.
 *
 * @example
 * ```ts
 * const x = createX({ clientId: 'abc' }); // a public client
 * ```
 */
export function createX(options: XAdapterOptions) {
  const config = xAdapterOptionsSchema.parse(options);
  const http = createHttp(config.http);
  const errors: XErrorOptions = {
    appLimitHeaderPrefix: config.appLimitHeaderPrefix,
    userLimitHeaderPrefix: config.userLimitHeaderPrefix,
    defaultRateLimitWaitMs: config.defaultRateLimitWaitMs,
  };
  const mapError = (failure: HttpFailure) => mapXError(failure, errors);
  const capabilities = xCapabilities();
  const auth = createXAuth({ ...config, clientSecret: config.clientSecret, http, errors });
  const upload: XUploadConfig = {
    apiBaseUrl: config.apiBaseUrl,
    http,
    chunkSizeBytes: config.chunkSizeBytes,
    polling: config.processingPolling,
    mapError,
  };

  const urlOf = (handle: string, id: string) =>
    `${config.webBaseUrl}/${encodeURIComponent(handle)}/status/${id}`;

  /** The texts of the posts to create: one, or a reply chain when threading long text. */
  function partsOf(content: AdapterContent): string[] {
    if (!content.thread || countXWeighted(content.text) <= X_TEXT_MAX) return [content.text];
    return splitForThread(content.text, X_TEXT_MAX);
  }

  function validate(content: AdapterContent): ValidationIssue[] {
    const issues = validateAgainstCapabilities(capabilities, content);
    const parsed = xOptionsSchema.safeParse(content.options);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push({ path: ['options', ...issue.path.map(String)].join('.'), message: issue.message });
    }
    if (content.text.trim() === '' && content.media.length === 0) {
      issues.push({ path: 'text', message: 'is required when there is no media' });
    }
    const parts = partsOf(content).length;
    if (parts > config.maxThreadParts) {
      issues.push({
        path: 'text',
        message: `would need ${parts} posts; at most ${config.maxThreadParts} are allowed in a thread`,
        limit: config.maxThreadParts,
        actual: parts,
      });
    }
    return issues;
  }

  async function uploadAll(request: PublishRequest, token: string, warnings: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const asset of request.content.media) {
      const id = await uploadXMedia(upload, token, asset, request.media, request.signal);
      if (asset.altText) {
        try {
          await setXAltText(upload, token, id, asset.altText, request.signal);
        } catch (error) {
          if (!ContentRejectedError.isInstance(error)) throw error;
          warnings.push(
            `alt text dropped for media ${ids.length + 1}: ${error.platformMessage ?? error.message}`,
          );
        }
      }
      ids.push(id);
    }
    return ids;
  }

  async function createTweet(
    token: string,
    body: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const answer = await platformCall({ platform: PLATFORM, mutating: true, mapError }, () =>
      http
        .post(`${config.apiBaseUrl}/2/tweets`, {
          headers: { authorization: `Bearer ${token}` },
          json: body,
          ...(signal ? { signal } : {}),
        })
        .json(),
    );
    return xTweetCreateSchema.parse(answer).data.id;
  }

  function result(handle: string, ids: readonly string[], warnings: string[]): PublishResult {
    const parts = ids.map((id) => ({ externalId: id, url: urlOf(handle, id) }));
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
    platform: 'x',
    displayName: 'X',
    capabilities,
    optionsSchema: xOptionsSchema,
    auth,
    validate,

    async publish(request: PublishRequest): Promise<PublishResult> {
      const rejection = issuesToRejection(PLATFORM, validate(request.content));
      if (rejection) throw rejection;
      const opts: XOptions = xOptionsSchema.parse(request.content.options);
      const token = await freshAccessToken(
        request.credentials,
        auth.refresh,
        request.onCredentialsRefreshed,
        X_TOKEN_FRESHNESS,
      );
      const parts = partsOf(request.content);
      const prior = xProgressSchema.safeParse(request.resumeFrom);
      const ids = prior.success ? prior.data.tweetIds.slice(0, parts.length) : [];
      const warnings: string[] = [];
      const mediaIds = ids.length === 0 ? await uploadAll(request, token, warnings) : [];
      for (let index = ids.length; index < parts.length; index++) {
        const text = parts[index] ?? '';
        const replyTo = index === 0 ? opts.inReplyToTweetId : ids[index - 1];
        const id = await createTweet(
          token,
          {
            ...(text === '' ? {} : { text }),
            ...(index === 0 && mediaIds.length > 0 ? { media: { media_ids: mediaIds } } : {}),
            ...(replyTo ? { reply: { in_reply_to_tweet_id: replyTo } } : {}),
            ...(opts.replySettings ? { reply_settings: opts.replySettings } : {}),
          },
          request.signal,
        );
        ids.push(id);
        request.reportProgress?.({ tweetIds: [...ids] });
      }
      if (prior.success && prior.data.tweetIds.length > 0)
        warnings.push(`resumed a thread after ${prior.data.tweetIds.length} part(s) had landed`);
      return result(request.account.handle, ids, warnings);
    },

    async findPublished(request: PublishRequest): Promise<PublishResult | null> {
      const token = await freshAccessToken(
        request.credentials,
        auth.refresh,
        request.onCredentialsRefreshed,
        X_TOKEN_FRESHNESS,
      );
      const opts = xOptionsSchema.safeParse(request.content.options);
      const parts = partsOf(request.content);
      const prior = xProgressSchema.safeParse(request.resumeFrom);
      const known = prior.success ? prior.data.tweetIds : [];
      const startTime = new Date(Date.now() - config.findWindowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const body = await platformCall({ platform: PLATFORM, mutating: false, mapError }, () =>
        http
          .get(`${config.apiBaseUrl}/2/users/${encodeURIComponent(request.account.externalId)}/tweets`, {
            headers: { authorization: `Bearer ${token}` },
            searchParams: {
              start_time: startTime,
              max_results: '100',
              exclude: 'retweets',
              'tweet.fields': 'created_at,referenced_tweets',
            },
            ...(request.signal ? { signal: request.signal } : {}),
          })
          .json(),
      );
      const timeline = xTimelineSchema.parse(body).data ?? [];
      const ids = findChain(timeline, parts, known, opts.success ? opts.data.inReplyToTweetId : undefined);
      if (ids.length === 0) return null;
      const warnings =
        ids.length < parts.length ? [`only ${ids.length} of ${parts.length} thread parts landed`] : [];
      return result(request.account.handle, ids, warnings);
    },

    async delete(request: DeleteRequest): Promise<void> {
      const token = await freshAccessToken(
        request.credentials,
        auth.refresh,
        request.onCredentialsRefreshed,
        X_TOKEN_FRESHNESS,
      );
      const ids = request.parts?.length ? request.parts.map((p) => p.externalId) : [request.externalId];
      // Replies first, so a failure part-way never leaves replies to a deleted post.
      for (const id of [...ids].reverse()) {
        try {
          await platformCall({ platform: PLATFORM, mutating: false, mapError }, () =>
            http.delete(`${config.apiBaseUrl}/2/tweets/${encodeURIComponent(id)}`, {
              headers: { authorization: `Bearer ${token}` },
              ...(request.signal ? { signal: request.signal } : {}),
            }),
          );
        } catch (error) {
          // Already gone is what we wanted.
          if (ContentRejectedError.isInstance(error) && error.status === 404) continue;
          throw error;
        }
      }
    },
  } satisfies PlatformAdapter<'x'>;
  return adapter;
}
