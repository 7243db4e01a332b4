/**
 * LinkedIn (Posts API, versioned `/rest`) adapter.
 *
 * Supports: 3-legged OAuth 2.0 (authorization code; client credentials in the token form; no
 * PKCE for web apps); `refresh` with programmatic refresh tokens, which LinkedIn issues to
 * approved partners only — a refresh returns the same refresh token with its remaining lifetime
 * (refreshing does not extend it), and without one the member reconnects when the 60-day access
 * token ends. Authors: the member (`urn:li:person:{sub}`, `sub` from `/v2/userinfo`, scope
 * `w_member_social`) and every organization the member holds an approved posting role in
 * (`GET /rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED`, scopes
 * `w_organization_social` + `rw_organization_admin`), each its own connected account.
 * Publishing (`POST /rest/posts` with `LinkedIn-Version: YYYYMM` and
 * `X-Restli-Protocol-Version: 2.0.0`; the post URN from the `x-restli-id` header): commentary
 * escaped for LinkedIn's "little" text format (every reserved character backslash-escaped, in
 * URLs too, as the format asks, so nothing is cut off; `linkHashtags` turns `#word` into linked
 * hashtags); one image or GIF
 * (`content.media`), 2–20 images (`content.multiImage`) with alt text, through the Images API;
 * one MP4 video through the Videos API (multipart PUTs, ETags collected, `finalizeUpload`, then
 * awaited until AVAILABLE); link posts (`content.article` with the title you give); `PUBLIC` or
 * `CONNECTIONS` visibility (members only); reshare switch. Uploaded media is reported through
 * `reportProgress` so a retry reuses it. Delete (`DELETE /rest/posts/{url-encoded urn}`).
 *
 * Reconciliation: the Posts API has no idempotency key, so `findPublished` reads the author's
 * recent posts (`GET /rest/posts?q=author`) and matches the commentary as a member would read it.
 * That read needs `r_member_social` for members (a restricted scope) or `r_organization_social`
 * for organizations; without it `findPublished` cannot tell and throws `UnknownOutcomeError`
 * instead of guessing.
 *
 * Does not support: documents, polls, carousels, mentions (an `@` is sent as plain text),
 * scheduled or draft posts, first comments, metrics, captions or thumbnails for videos.
 *
 * ⚠ Configurable facts: the `LinkedIn-Version` (`apiVersion`, default `202606` — LinkedIn sunsets
 * versions after about a year; a sunset version (426) is a `ConfigurationError` naming the setting), the commentary limit (3000 characters, counted on the text as
 * written, before escaping), the image and video limits (`limits`), the media processing polls,
 * the reconciliation window, and how long uploaded media is reused across retries (1 h). A 429
 * without Retry-After waits until midnight UTC when it names a used-up daily limit (they reset
 * then), and a minute for short-lived throttling. A 403 on an organization's video upload by a
 * member without the ADMINISTRATOR or DIRECT_SPONSORED_CONTENT_POSTER role is refused content, not
 * a reconnect.
 *
 * @example
 * ```ts
 * const linkedin = createLinkedIn({
 *   clientId: 'abc',
 *   clientSecret: 'secret',
 *   scopes: [...LINKEDIN_MEMBER_SCOPES, ...LINKEDIN_ORGANIZATION_SCOPES],
 * });
 * await linkedin.publish({ ...request, content: { text: 'Hello (world)', media: [], thread: false, options: {} } });
 * ```
 */
import {
  type AdapterContent,
  ContentRejectedError,
  type DeleteRequest,
  issuesToRejection,
  mediaKindOf,
  NeedsReconnectError,
  type PlatformAdapter,
  type PublishRequest,
  type PublishResult,
  UnknownOutcomeError,
  type ValidationIssue,
  validateAgainstCapabilities,
} from '@relaypost/core';
import { z } from 'zod';
import { createHttp, type HttpFailure, type HttpOptions } from '../http/index.js';
import { freshAccessToken } from '../oauth/index.js';
import { createLinkedInAuth, LINKEDIN_TOKEN_FRESHNESS } from './auth.js';
import { mapLinkedInError } from './errors.js';
import { type LinkedInLimitsInput, linkedInCapabilities, linkedInLimitsSchema } from './limits.js';
import { escapeLittleText, littleTextToPlain } from './little-text.js';
import { type LinkedInOptions, linkedInOptionsSchema } from './options.js';
import { authorOf, encodeUrn, linkedInCall, restHeaders, restliIdOf } from './rest.js';
import { type LinkedInUploadConfig, uploadLinkedInImage, uploadLinkedInVideo } from './upload.js';
import { linkedInPostsFinderSchema } from './wire.js';

const PLATFORM = 'linkedin';
const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** Scopes for posting as the member (Sign In with LinkedIn using OpenID Connect + Share on LinkedIn). */
export const LINKEDIN_MEMBER_SCOPES = ['openid', 'profile', 'w_member_social'];
/** Scopes for posting as organizations the member administers, and for finding their posts. */
export const LINKEDIN_ORGANIZATION_SCOPES = [
  'w_organization_social',
  'r_organization_social',
  'rw_organization_admin',
];
/**
 * ⚠ The default `LinkedIn-Version`: June 2026, listed by LinkedIn's Marketing docs and supported
 * for at least a year from its release (so until about June 2027). Raise it with your releases.
 */
export const LINKEDIN_DEFAULT_API_VERSION = '202606';
/** Organization roles that may post as the organization (organization-access-control). */
export const LINKEDIN_POSTING_ROLES = [
  'ADMINISTRATOR',
  'CONTENT_ADMINISTRATOR',
  'DIRECT_SPONSORED_CONTENT_POSTER',
] as const;

/** Factory options for {@link createLinkedIn}. */
export const linkedInAdapterOptionsSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  apiBaseUrl: z.url().default('https://api.linkedin.com').transform(trimSlash),
  authorizeUrl: z.url().default('https://www.linkedin.com/oauth/v2/authorization'),
  tokenUrl: z.url().default('https://www.linkedin.com/oauth/v2/accessToken'),
  /** Where post links point. */
  webBaseUrl: z.url().default('https://www.linkedin.com').transform(trimSlash),
  /** ⚠ `LinkedIn-Version` header, `YYYYMM`. */
  apiVersion: z
    .string()
    .regex(/^\d{4}(0[1-9]|1[0-2])$/, 'must be YYYYMM')
    .default(LINKEDIN_DEFAULT_API_VERSION),
  scopes: z.array(z.string().min(1)).min(1).default(LINKEDIN_MEMBER_SCOPES),
  /** Offer `auth.refresh`. Harmless without partner access: no refresh token is ever issued. */
  programmaticRefresh: z.boolean().default(true),
  /** Offer the member as an author (besides organizations). */
  includeMember: z.boolean().default(true),
  /** Roles that make an organization an author the member can post as. */
  organizationRoles: z.array(z.enum(LINKEDIN_POSTING_ROLES)).min(1).default(['ADMINISTRATOR']),
  /** ⚠ See {@link LinkedInLimitsInput}. */
  limits: linkedInLimitsSchema.prefault({}),
  processingPolling: z
    .object({ delayMs: z.number().int().nonnegative(), timeoutMs: z.number().int().positive() })
    .default({ delayMs: 3000, timeoutMs: 10 * 60 * 1000 }),
  /** How far back `findPublished` looks. */
  findWindowMs: z
    .number()
    .int()
    .positive()
    .default(30 * 60 * 1000),
  /** Posts read per `findPublished`. */
  findPageSize: z.number().int().min(1).max(100).default(50),
  /** ⚠ How long media uploaded by an earlier attempt is reused. */
  mediaReuseMs: z
    .number()
    .int()
    .nonnegative()
    .default(60 * 60 * 1000),
  http: z.custom<HttpOptions>((value) => typeof value === 'object' && value !== null).optional(),
});
/**
 * Options of {@link createLinkedIn}, as the factory takes them: fields with a default may be left out.
 *
 * @example
 * ```ts
 * const options: LinkedInAdapterOptions = { clientId: 'abc', clientSecret: 'secret' };
 * ```
 *
 * @useDeclaredType
 */
export type LinkedInAdapterOptions = z.input<typeof linkedInAdapterOptionsSchema>;

/** Progress reported after each upload, so a retry reuses the media instead of uploading it again. */
export const linkedInProgressSchema = z.object({
  /** `{position}:{asset id}` → LinkedIn media URN (the same asset twice is uploaded twice). */
  media: z.record(z.string(), z.string().regex(/^urn:li:(image|video):.+$/)),
  uploadedAt: z.number().int(),
});
export type LinkedInProgress = z.infer<typeof linkedInProgressSchema>;

/** Text as compared across LinkedIn's storage: NFC, LF line ends, no outer whitespace. */
const normalise = (text: string) => text.normalize('NFC').replace(/\r\n?/g, '\n').trim();

/**
 * Creates the LinkedIn adapter.
 *
 * @example
 * ```ts
 * const linkedin = createLinkedIn({ clientId: 'abc', clientSecret: 'secret', apiVersion: '202606' });
 * ```
 */
export function createLinkedIn(options: LinkedInAdapterOptions) {
  const config = linkedInAdapterOptionsSchema.parse(options);
  const http = createHttp(config.http);
  const mapError = (failure: HttpFailure) => mapLinkedInError(failure);
  const capabilities = linkedInCapabilities(config.limits);
  const auth = createLinkedInAuth({ ...config, http });
  const upload: LinkedInUploadConfig = {
    apiBaseUrl: config.apiBaseUrl,
    apiVersion: config.apiVersion,
    http,
    mapError,
    polling: config.processingPolling,
  };
  const headers = (token: string) => restHeaders(token, config.apiVersion);
  const urlOf = (urn: string) => `${config.webBaseUrl}/feed/update/${urn}/`;
  const tokenFor = (request: PublishRequest | DeleteRequest) =>
    freshAccessToken(
      request.credentials,
      auth.refresh,
      request.onCredentialsRefreshed,
      LINKEDIN_TOKEN_FRESHNESS,
    );

  function validate(content: AdapterContent): ValidationIssue[] {
    const issues = validateAgainstCapabilities(capabilities, content);
    const parsed = linkedInOptionsSchema.safeParse(content.options);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push({ path: ['options', ...issue.path.map(String)].join('.'), message: issue.message });
    }
    const opts = parsed.success ? parsed.data : {};
    if (opts.article && content.media.length > 0) {
      issues.push({ path: 'options.article', message: 'a link post cannot carry media as well' });
    }
    const hasVideo = content.media.some((asset) => mediaKindOf(asset.mimeType) === 'video');
    if (opts.videoTitle && !hasVideo) {
      issues.push({ path: 'options.videoTitle', message: 'applies to a video post only' });
    }
    content.media.forEach((asset, index) => {
      if (mediaKindOf(asset.mimeType) === 'video' && asset.sizeBytes < config.limits.videoMinBytes) {
        issues.push({
          path: `media.${index}.sizeBytes`,
          message: `is smaller than ${config.limits.videoMinBytes} bytes`,
          limit: config.limits.videoMinBytes,
          actual: asset.sizeBytes,
        });
      }
    });
    return issues;
  }

  function authorUrnOf(request: { account: { externalId: string } }) {
    const author = authorOf(request.account.externalId);
    if (!author) {
      throw new NeedsReconnectError({
        platform: PLATFORM,
        message: `${request.account.externalId} is not a LinkedIn member or organization URN: reconnect the account`,
      });
    }
    return author;
  }

  /** Uploads the post's media (reusing what an earlier attempt uploaded); returns the URNs in order. */
  async function uploadAll(request: PublishRequest, token: string, owner: string): Promise<string[]> {
    const prior = linkedInProgressSchema.safeParse(request.resumeFrom);
    const fresh = prior.success && Date.now() - prior.data.uploadedAt <= config.mediaReuseMs;
    const known: Record<string, string> = fresh && prior.success ? { ...prior.data.media } : {};
    const urns: string[] = [];
    for (const [index, asset] of request.content.media.entries()) {
      const key = `${index}:${asset.id}`;
      let urn = known[key];
      if (!urn) {
        const role = request.account.metadata.role;
        const job = {
          token,
          owner,
          ownerRole: typeof role === 'string' ? role : undefined,
          asset,
          index,
          reader: request.media,
          signal: request.signal,
        };
        urn =
          mediaKindOf(asset.mimeType) === 'video'
            ? await uploadLinkedInVideo(upload, job)
            : await uploadLinkedInImage(upload, job);
        known[key] = urn;
        request.reportProgress?.({ media: { ...known }, uploadedAt: Date.now() });
      }
      urns.push(urn);
    }
    return urns;
  }

  /** `content` of the post: an article, one media item, or several images. */
  function contentOf(
    content: AdapterContent,
    opts: LinkedInOptions,
    urns: readonly string[],
    warnings: string[],
  ): Record<string, unknown> | undefined {
    if (opts.article) {
      const { url, title, description } = opts.article;
      return { article: { source: url, title, ...(description ? { description } : {}) } };
    }
    const first = content.media[0];
    const firstUrn = urns[0];
    if (!first || !firstUrn) return undefined;
    if (mediaKindOf(first.mimeType) === 'video') {
      if (first.altText) warnings.push('alt text is not sent for videos (LinkedIn takes it on images)');
      return { media: { id: firstUrn, ...(opts.videoTitle ? { title: opts.videoTitle } : {}) } };
    }
    if (urns.length === 1)
      return { media: { id: firstUrn, ...(first.altText ? { altText: first.altText } : {}) } };
    return {
      multiImage: {
        images: urns.map((id, index) => {
          const altText = content.media[index]?.altText;
          return { id, ...(altText ? { altText } : {}) };
        }),
      },
    };
  }

  function result(urn: string, warnings: string[]): PublishResult {
    const url = urlOf(urn);
    return {
      externalId: urn,
      url,
      publishedAt: new Date().toISOString(),
      parts: [{ externalId: urn, url }],
      warnings,
    };
  }

  const adapter = {
    specificationVersion: 'v1',
    platform: 'linkedin',
    displayName: 'LinkedIn',
    capabilities,
    optionsSchema: linkedInOptionsSchema,
    auth,
    validate,

    async publish(request: PublishRequest): Promise<PublishResult> {
      const rejection = issuesToRejection(PLATFORM, validate(request.content));
      if (rejection) throw rejection;
      const opts = linkedInOptionsSchema.parse(request.content.options);
      const author = authorUrnOf(request);
      if (author.type === 'organization' && opts.visibility === 'CONNECTIONS') {
        throw new ContentRejectedError({
          platform: PLATFORM,
          field: 'options.visibility',
          message: 'options.visibility: CONNECTIONS is for member posts; organizations post PUBLIC',
        });
      }
      const token = await tokenFor(request);
      const warnings: string[] = [];
      const urns = await uploadAll(request, token, author.urn);
      const content = contentOf(request.content, opts, urns, warnings);
      const body = {
        author: author.urn,
        commentary: escapeLittleText(request.content.text, { linkHashtags: opts.linkHashtags ?? false }),
        visibility: opts.visibility ?? 'PUBLIC',
        distribution: {
          feedDistribution: 'MAIN_FEED',
          targetEntities: [],
          thirdPartyDistributionChannels: [],
        },
        lifecycleState: 'PUBLISHED',
        isReshareDisabledByAuthor: opts.disableReshare ?? false,
        ...(content ? { content } : {}),
      };
      const response = await linkedInCall({ mutating: true, apiVersion: config.apiVersion, mapError }, () =>
        http.post(`${config.apiBaseUrl}/rest/posts`, {
          headers: headers(token),
          json: body,
          ...(request.signal ? { signal: request.signal } : {}),
        }),
      );
      const urn = restliIdOf(response.headers);
      if (!urn) {
        // The post exists (201) but we cannot name it: reconcile instead of posting again.
        throw new UnknownOutcomeError({
          platform: PLATFORM,
          status: response.status,
          message: `the post was created (HTTP ${response.status}) but the answer carried no x-restli-id`,
        });
      }
      return result(urn, warnings);
    },

    async findPublished(request: PublishRequest): Promise<PublishResult | null> {
      const author = authorUrnOf(request);
      const token = await tokenFor(request);
      let answer: unknown;
      try {
        answer = await linkedInCall({ mutating: false, apiVersion: config.apiVersion, mapError }, () =>
          http
            .get(`${config.apiBaseUrl}/rest/posts`, {
              headers: { ...headers(token), 'x-restli-method': 'FINDER' },
              searchParams: {
                author: author.urn,
                q: 'author',
                count: String(config.findPageSize),
                sortBy: 'CREATED',
              },
              ...(request.signal ? { signal: request.signal } : {}),
            })
            .json(),
        );
      } catch (error) {
        if (NeedsReconnectError.isInstance(error) && error.status === 403) {
          throw new UnknownOutcomeError({
            platform: PLATFORM,
            status: 403,
            message: `cannot read ${author.urn}'s posts to check whether the post landed (needs ${
              author.type === 'person' ? 'r_member_social' : 'r_organization_social'
            })`,
            cause: error,
          });
        }
        throw error;
      }
      const since = Date.now() - config.findWindowMs;
      const wanted = normalise(request.content.text);
      const found = linkedInPostsFinderSchema
        .parse(answer)
        .elements.filter((post) => !post.lifecycleState || post.lifecycleState === 'PUBLISHED')
        .filter((post) => (post.createdAt ?? post.publishedAt ?? Date.now()) >= since)
        .find((post) => normalise(littleTextToPlain(post.commentary ?? '')) === wanted);
      return found ? result(found.id, []) : null;
    },

    async delete(request: DeleteRequest): Promise<void> {
      const token = await tokenFor(request);
      const urns = request.parts?.length ? request.parts.map((p) => p.externalId) : [request.externalId];
      for (const urn of urns) {
        try {
          await linkedInCall({ mutating: false, apiVersion: config.apiVersion, mapError }, () =>
            http.delete(`${config.apiBaseUrl}/rest/posts/${encodeUrn(urn)}`, {
              headers: { ...headers(token), 'x-restli-method': 'DELETE' },
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
  } satisfies PlatformAdapter<'linkedin'>;
  return adapter;
}
