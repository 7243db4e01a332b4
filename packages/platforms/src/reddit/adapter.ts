/**
 * Reddit adapter.
 *
 * Supports: OAuth 2.0 authorization code with `duration=permanent` (the app authenticates with
 * HTTP Basic at `POST https://www.reddit.com/api/v1/access_token`; no PKCE; a refresh keeps the
 * refresh token, or the new one when Reddit sends one); the account from `GET /api/v1/me`; the
 * User-Agent Reddit requires (`<platform>:<app ID>:<version> (by /u/<user>)`), built from
 * validated configuration and sent on every request; self, link and image posts to the subreddit
 * named in the target options (`POST /api/submit`, form-encoded, `api_type=json`, with title,
 * flair id/text, `sendreplies`, `resubmit`, `nsfw`, `spoiler`); errors Reddit sends inside a 200
 * (`json.errors`), `RATELIMIT` waits parsed from the message, and the `X-Ratelimit-Used/Remaining/
 * Reset` budget (a call is not sent once Reddit said none is left); listing a subreddit's link
 * flairs (`GET /r/{sr}/api/link_flair_v2`); delete (`POST /api/del`).
 *
 * The post text is the self text (≤ 40,000); the title (≤ 300) comes from the options. Link and
 * image posts have no body: their text is dropped with a warning.
 *
 * Reconciliation: Reddit has no idempotency key, so `findPublished` reads the account's newest
 * submissions (`GET /user/{name}/submitted`) within `findWindowMs` and matches subreddit, title
 * and self text or link.
 *
 * Does not support: galleries, video and GIF-as-video posts, polls, inline media in self posts,
 * crossposts, metrics. `temporary` grants work until their hour ends and cannot be refreshed.
 *
 * ⚠ Uncertain, configurable: the image upload (`POST /api/media/asset.json` → an S3-style upload
 * lease with a scheme-less `action`; `mediaAssetPath`, `mediaUploadProtocol`, `mediaUploadUrl`);
 * an image submit answers without the post's id (clients wait on a websocket for it), so the
 * adapter looks the post up in the account's submissions (`imagePostLookup`), and reports an
 * unknown outcome when it does not show up in time; the `RATELIMIT` message wording; the scope of
 * the `X-Ratelimit-*` budget (`rateLimitScope`, per OAuth client: `app`); token-endpoint refusals
 * that arrive with HTTP 200; the scopes (`identity submit` plus `edit` for delete, `history` for
 * reconciliation and `flair` for flair listings); the 20 MB image limit.
 *
 * @example
 * ```ts
 * const reddit = createReddit({
 *   clientId: 'abc', clientSecret: 'secret',
 *   userAgent: { platform: 'web', appId: 'dev.relaypost', version: '1.0.0', username: 'relaypost' },
 * });
 * await reddit.publish({ ...request, content: { text: 'Hello', media: [], thread: false, options: { subreddit: 'test', title: 'Hi' } } });
 * ```
 */
import {
  type AdapterContent,
  type Credentials,
  type CredentialsInput,
  type DeleteRequest,
  issuesToRejection,
  type PlatformAdapter,
  PlatformError,
  type PublishRequest,
  type PublishResult,
  UnknownOutcomeError,
  type ValidationIssue,
  validateAgainstCapabilities,
} from '@relaypost/core';
import { z } from 'zod';
import { createHttp, type HttpOptions } from '../http/index.js';
import { freshAccessToken } from '../oauth/index.js';
import { createRedditApi, type RedditCall } from './api.js';
import { createRedditAuth, REDDIT_TOKEN_FRESHNESS } from './auth.js';
import { mapRedditApiErrors } from './errors.js';
import { redditCapabilities } from './limits.js';
import { uploadRedditImage } from './media.js';
import { type RedditOptions, type RedditPostKind, redditOptionsSchema } from './options.js';
import { isSameSubmission, type SubmissionLookup } from './reconcile.js';
import { redditUserAgent, redditUserAgentSchema } from './user-agent.js';
import {
  type RedditLink,
  redditFlairListSchema,
  redditLinkSchema,
  redditListingSchema,
  redditSubmitSchema,
} from './wire.js';

const PLATFORM = 'reddit';
const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** The default scopes: who the user is, submit, delete (`edit`), reconcile (`history`), flairs. */
export const REDDIT_DEFAULT_SCOPES = ['identity', 'submit', 'edit', 'history', 'flair'];

/** Factory options for {@link createReddit}. */
export const redditAdapterOptionsSchema = z.object({
  clientId: z.string().min(1),
  /** Web and script apps have one; installed apps do not. */
  clientSecret: z.string().min(1).optional(),
  /** The parts of the required User-Agent; validated so Reddit does not throttle the app. */
  userAgent: redditUserAgentSchema,
  apiBaseUrl: z.url().default('https://oauth.reddit.com').transform(trimSlash),
  authorizeUrl: z.url().default('https://www.reddit.com/api/v1/authorize'),
  tokenUrl: z.url().default('https://www.reddit.com/api/v1/access_token'),
  /** Where post links point. */
  webBaseUrl: z.url().default('https://www.reddit.com').transform(trimSlash),
  scopes: z.array(z.string().min(1)).min(1).default(REDDIT_DEFAULT_SCOPES),
  duration: z.enum(['permanent', 'temporary']).default('permanent'),
  /** ⚠ The upload-lease endpoint for images. */
  mediaAssetPath: z.string().startsWith('/').default('/api/media/asset.json'),
  /** ⚠ The scheme put before the lease's scheme-less `action`. */
  mediaUploadProtocol: z.enum(['https:', 'http:']).default('https:'),
  /** ⚠ Upload images here instead of the lease's `action`. */
  mediaUploadUrl: z.url().optional(),
  /** ⚠ How often, and how far apart, the account's submissions are read to find an image post. */
  imagePostLookup: z
    .object({ attempts: z.number().int().positive(), delayMs: z.number().int().nonnegative() })
    .default({ attempts: 5, delayMs: 2000 }),
  /** How far back `findPublished` looks. */
  findWindowMs: z
    .number()
    .int()
    .positive()
    .default(30 * 60 * 1000),
  /** Wait when a rate limit names no time. */
  defaultRateLimitWaitMs: z.number().int().positive().default(60_000),
  /** ⚠ Who the `X-Ratelimit-*` budget belongs to. */
  rateLimitScope: z.enum(['app', 'account']).default('app'),
  http: z.custom<HttpOptions>((value) => typeof value === 'object' && value !== null).optional(),
});
/**
 * Options of {@link createReddit}, as the factory takes them: fields with a default may be left out.
 *
 * @example
 * ```ts
 * const options: RedditAdapterOptions = {
 *   clientId: 'abc',
 *   clientSecret: 'secret',
 *   userAgent: { platform: 'web', appId: 'dev.relaypost', version: '1.0.0', username: 'relaypost' },
 * };
 * ```
 *
 * @useDeclaredType
 */
export type RedditAdapterOptions = z.input<typeof redditAdapterOptionsSchema>;

/** A link flair template of a subreddit. */
export interface RedditLinkFlair {
  id: string;
  text: string;
  /** Whether `flairText` may replace the text. */
  textEditable: boolean;
}

/** What the flair listing needs: the account's credentials. */
export interface RedditListRequest {
  credentials: Credentials;
  onCredentialsRefreshed?: (credentials: CredentialsInput) => Promise<void>;
  signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The kind of a post: the options say, or media → image, a URL → link, else self.
 *
 * @example
 * ```ts
 * redditKindOf({ text: '', media: [], thread: false, options: {} }, { url: 'https://example.com' }) // 'link'
 * ```
 */
export function redditKindOf(
  content: AdapterContent,
  options: Pick<RedditOptions, 'kind' | 'url'>,
): RedditPostKind {
  return options.kind ?? (content.media.length > 0 ? 'image' : options.url ? 'link' : 'self');
}

/**
 * Creates the Reddit adapter.
 *
 * @example
 * ```ts
 * const reddit = createReddit({ clientId, clientSecret, userAgent: { platform: 'web', appId: 'dev.relaypost', version: '1.0.0', username: 'relaypost' } });
 * ```
 */
export function createReddit(options: RedditAdapterOptions) {
  const config = redditAdapterOptionsSchema.parse(options);
  const userAgent = redditUserAgent(config.userAgent);
  const http = createHttp({ ...config.http, headers: { ...config.http?.headers, 'user-agent': userAgent } });
  const errors = {
    defaultRateLimitWaitMs: config.defaultRateLimitWaitMs,
    rateLimitScope: config.rateLimitScope,
  };
  const api = createRedditApi({ apiBaseUrl: config.apiBaseUrl, http, errors });
  const capabilities = redditCapabilities();
  const auth = createRedditAuth({ ...config, clientSecret: config.clientSecret, http, api, errors });
  const upload = {
    api,
    http,
    assetPath: config.mediaAssetPath,
    uploadProtocol: config.mediaUploadProtocol,
    uploadUrl: config.mediaUploadUrl,
  };

  const tokenFor = (request: RedditListRequest | PublishRequest | DeleteRequest) =>
    freshAccessToken(
      request.credentials,
      auth.refresh,
      request.onCredentialsRefreshed,
      REDDIT_TOKEN_FRESHNESS,
    );

  function validate(content: AdapterContent): ValidationIssue[] {
    const issues = validateAgainstCapabilities(capabilities, content);
    const parsed = redditOptionsSchema.safeParse(content.options);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push({ path: ['options', ...issue.path.map(String)].join('.'), message: issue.message });
      return issues;
    }
    const kind = redditKindOf(content, parsed.data);
    if (kind === 'image' && content.media.length !== 1)
      issues.push({
        path: 'media',
        message: 'an image post needs one image',
        limit: 1,
        actual: content.media.length,
      });
    if (kind !== 'image' && content.media.length > 0)
      issues.push({
        path: 'media',
        message: `a ${kind} post carries no media`,
        limit: 0,
        actual: content.media.length,
      });
    if (kind === 'image' && parsed.data.url)
      issues.push({ path: 'options.url', message: 'an image post takes no link' });
    return issues;
  }

  const permalinkUrl = (permalink: string) =>
    `${config.webBaseUrl}${permalink.startsWith('/') ? '' : '/'}${permalink}`;
  const fullname = (id: string) => (id.startsWith('t3_') ? id : `t3_${id}`);
  const result = (
    name: string,
    url: string | null,
    warnings: string[],
    publishedAt?: string,
  ): PublishResult => ({
    externalId: name,
    url,
    publishedAt: publishedAt ?? new Date().toISOString(),
    parts: [{ externalId: name, url }],
    warnings,
  });

  /** The account's newest submissions that match `wanted`, newest first. */
  async function findSubmission(
    call: RedditCall,
    username: string,
    wanted: SubmissionLookup,
  ): Promise<RedditLink | undefined> {
    const answer = await api.get(`/user/${encodeURIComponent(username)}/submitted`, call, {
      sort: 'new',
      limit: '100',
      raw_json: '1',
    });
    const links = redditListingSchema
      .parse(answer)
      .data.children.filter((child) => child.kind === 't3')
      .flatMap((child) => {
        const link = redditLinkSchema.safeParse(child.data);
        return link.success ? [link.data] : [];
      });
    return links.find((link) => isSameSubmission(link, wanted));
  }

  function submitForm(content: AdapterContent, opts: RedditOptions, kind: RedditPostKind, mediaUrl?: string) {
    const form: Record<string, string> = {
      api_type: 'json',
      sr: opts.subreddit,
      kind,
      title: opts.title,
      sendreplies: String(opts.sendReplies),
      resubmit: String(opts.resubmit),
      nsfw: String(opts.nsfw),
      spoiler: String(opts.spoiler),
    };
    if (opts.flairId) form.flair_id = opts.flairId;
    if (opts.flairText) form.flair_text = opts.flairText;
    if (kind === 'self') form.text = content.text;
    if (kind === 'link' && opts.url) form.url = opts.url;
    if (kind === 'image' && mediaUrl) form.url = mediaUrl;
    return form;
  }

  const adapter = {
    specificationVersion: 'v1',
    platform: 'reddit',
    displayName: 'Reddit',
    capabilities,
    optionsSchema: redditOptionsSchema,
    auth,
    validate,

    async publish(request: PublishRequest): Promise<PublishResult> {
      const rejection = issuesToRejection(PLATFORM, validate(request.content));
      if (rejection) throw rejection;
      const opts = redditOptionsSchema.parse(request.content.options);
      const kind = redditKindOf(request.content, opts);
      const call = { token: await tokenFor(request), signal: request.signal, kind };
      const warnings: string[] = [];
      if (kind !== 'self' && request.content.text.trim())
        warnings.push(`Reddit ${kind} posts have no body: the text was not sent`);
      const asset = request.content.media[0];
      const mediaUrl =
        kind === 'image' && asset ? await uploadRedditImage(upload, call, asset, request.media) : undefined;
      const answer = redditSubmitSchema.parse(
        await api.post('/api/submit', call, submitForm(request.content, opts, kind, mediaUrl), true),
      );
      if (answer.json.errors.length > 0) throw mapRedditApiErrors(answer.json.errors, kind, errors);
      const data = answer.json.data;
      const id = data?.name ?? data?.id;
      if (id) return result(fullname(id), data?.url ?? null, warnings);

      // Image submits answer before the post exists (⚠): look for it among the account's posts.
      const wanted = {
        subreddit: opts.subreddit,
        title: opts.title,
        kind,
        text: request.content.text,
        url: opts.url,
        notBefore: Date.now() - config.findWindowMs,
      };
      for (let attempt = 0; attempt < config.imagePostLookup.attempts; attempt++) {
        if (attempt > 0) await sleep(config.imagePostLookup.delayMs);
        const found = await findSubmission(call, request.account.handle, wanted);
        if (found)
          return result(found.name, found.permalink ? permalinkUrl(found.permalink) : null, warnings);
      }
      throw new UnknownOutcomeError({
        platform: PLATFORM,
        responseBody: answer,
        message: `Reddit accepted the ${kind} post but it did not show among the account's posts in time`,
      });
    },

    async findPublished(request: PublishRequest): Promise<PublishResult | null> {
      const opts = redditOptionsSchema.parse(request.content.options);
      const kind = redditKindOf(request.content, opts);
      const call = { token: await tokenFor(request), signal: request.signal, kind };
      const found = await findSubmission(call, request.account.handle, {
        subreddit: opts.subreddit,
        title: opts.title,
        kind,
        text: request.content.text,
        url: opts.url,
        notBefore: Date.now() - config.findWindowMs,
      });
      if (!found) return null;
      const createdAt = found.created_utc ? new Date(found.created_utc * 1000).toISOString() : undefined;
      return result(found.name, found.permalink ? permalinkUrl(found.permalink) : null, [], createdAt);
    },

    async delete(request: DeleteRequest): Promise<void> {
      const call = { token: await tokenFor(request), signal: request.signal };
      try {
        await api.post('/api/del', call, { id: fullname(request.externalId) }, false);
      } catch (error) {
        // Already gone is what we wanted.
        if (PlatformError.isInstance(error) && error.status === 404) return;
        throw error;
      }
    },
  } satisfies PlatformAdapter<'reddit'>;

  return {
    ...adapter,
    /** The User-Agent sent on every request. */
    userAgent,
    /** A subreddit's link flair templates, for choosing a target's `flairId` (needs the `flair` scope). */
    async listLinkFlairs(request: RedditListRequest & { subreddit: string }): Promise<RedditLinkFlair[]> {
      const call = { token: await tokenFor(request), signal: request.signal };
      const subreddit = request.subreddit.replace(/^\/?r\//, '');
      const flairs = redditFlairListSchema.parse(
        await api.get(`/r/${encodeURIComponent(subreddit)}/api/link_flair_v2`, call, { raw_json: '1' }),
      );
      return flairs.map((f) => ({ id: f.id, text: f.text ?? '', textEditable: f.text_editable ?? false }));
    },
  };
}
