/**
 * Facebook Pages (Graph API) adapter.
 *
 * Supports: Facebook Login (the dialog at `https://www.facebook.com/{version}/dialog/oauth`, code
 * exchange at `GET /oauth/access_token`, then the long-lived exchange `grant_type=fb_exchange_token`);
 * `exchangeCode` returns one connectable account per Page the user can create content on
 * (`GET /me/accounts?fields=id,name,access_token,tasks`), with the Page token as credentials.
 * Publishing: text and link posts (`POST /{page-id}/feed`), one photo (`POST /{page-id}/photos`),
 * several photos in one post (each uploaded with `published=false`, then `/feed` with
 * `attached_media`), one video (`POST /{page-id}/videos` on the video host): by `file_url` when
 * a `MediaUrlProvider` is configured and the video fits the non-resumable limits (1 GB, 20 min),
 * else through the resumable upload (`upload_phase` start/transfer/finish, up to 10 GB and 4 h)
 * whose progress is reported after every chunk, so a retry resumes from `resumeFrom`. Photos go
 * by URL (`url`) when a provider is configured, else as a multipart `source` upload.
 * `appsecret_proof` on every call. Delete (`DELETE /{post-id}`).
 *
 * Reconciliation: Graph has no idempotency key, so `findPublished` asks about the video of the
 * recorded upload session when there is one, else reads the Page feed since `findWindowMs` ago
 * and matches the message.
 *
 * Does not support: refresh (Page tokens from a long-lived user token do not expire ⚠ — the
 * account is reconnected when one stops working), scheduled posts through Facebook, alt text,
 * first comments, metrics.
 *
 * ⚠ Configurable facts: the Graph version (`v25.0`), the video host (`graph-video.facebook.com`),
 * the waits used when a throttling error has no usage header and after a 368 temporary block (1 h),
 * the reconciliation window (30 min). ⚠ Limits (63,206 characters, 10 photos, photo and video
 * sizes) are Meta's long-standing figures, not from a current reference page.
 *
 * @example
 * ```ts
 * const facebook = createFacebook({ clientId: '123', clientSecret: 'secret' });
 * const url = facebook.auth.authorizationUrl({ redirectUri, state });
 * ```
 */
import {
  type AdapterContent,
  ContentRejectedError,
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
import { createGraphClient, GRAPH_DEFAULT_VERSION, type GraphClient } from '../graph/client.js';
import { issuesToRejection, withinWindow } from '../graph/publish.js';
import { graphIdSchema } from '../graph/wire.js';
import { createHttp, type HttpOptions } from '../http/index.js';
import { createFacebookAuth } from './auth.js';
import { facebookCapabilities } from './limits.js';
import { type FacebookOptions, facebookOptionsSchema } from './options.js';
import {
  priorVideoProgress,
  uploadVideoResumably,
  videoPublished,
  videoUploadMethod,
} from './video-upload.js';
import { facebookFeedSchema, facebookPhotoSchema } from './wire.js';

const PLATFORM = 'facebook';
const trimSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * The default scopes: list the user's Pages, post as them, read their feed — the three Meta's
 * Pages and Video API publishing guides ask for (videos need no other).
 */
export const FACEBOOK_DEFAULT_SCOPES = ['pages_show_list', 'pages_manage_posts', 'pages_read_engagement'];

/** Factory options for {@link createFacebook}. */
export const facebookAdapterOptionsSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** ⚠ The Graph API version. */
  graphVersion: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .default(GRAPH_DEFAULT_VERSION),
  graphBaseUrl: z.url().default('https://graph.facebook.com').transform(trimSlash),
  /** ⚠ Where video uploads go. */
  videoBaseUrl: z.url().default('https://graph-video.facebook.com').transform(trimSlash),
  /** The login dialog's host. */
  authorizeBaseUrl: z.url().default('https://www.facebook.com').transform(trimSlash),
  /** Where post links point. */
  webBaseUrl: z.url().default('https://www.facebook.com').transform(trimSlash),
  scopes: z.array(z.string().min(1)).min(1).default(FACEBOOK_DEFAULT_SCOPES),
  /** Send `appsecret_proof` (HMAC of the token keyed by the app secret) on every call. */
  appSecretProof: z.boolean().default(true),
  /** How long media URLs handed to Facebook stay valid. */
  mediaUrlTtlSeconds: z.number().int().positive().default(3600),
  /** How far back `findPublished` looks. */
  findWindowMs: z
    .number()
    .int()
    .positive()
    .default(30 * 60 * 1000),
  /** ⚠ Wait when a throttling error has no usage header. */
  defaultRateLimitWaitMs: z.number().int().positive().default(3_600_000),
  /** ⚠ Wait after a 368 temporary block. */
  temporaryBlockWaitMs: z.number().int().positive().default(3_600_000),
  http: z.custom<HttpOptions>((value) => typeof value === 'object' && value !== null).optional(),
});
/**
 * Options of {@link createFacebook}, as the factory takes them: fields with a default may be left out.
 *
 * @example
 * ```ts
 * const options: FacebookAdapterOptions = { clientId: '123', clientSecret: 'secret' };
 * ```
 *
 * @useDeclaredType
 */
export type FacebookAdapterOptions = z.input<typeof facebookAdapterOptionsSchema>;

/**
 * Creates the Facebook Pages adapter.
 *
 * @example
 * ```ts
 * const facebook = createFacebook({ clientId: '123', clientSecret: 'secret', graphVersion: 'v25.0' });
 * ```
 */
export function createFacebook(options: FacebookAdapterOptions) {
  const config = facebookAdapterOptionsSchema.parse(options);
  const http = createHttp(config.http);
  const errors = {
    defaultRateLimitWaitMs: config.defaultRateLimitWaitMs,
    temporaryBlockWaitMs: config.temporaryBlockWaitMs,
  };
  const graph: GraphClient = createGraphClient({
    platform: PLATFORM,
    baseUrl: config.graphBaseUrl,
    version: config.graphVersion,
    appSecret: config.appSecretProof ? config.clientSecret : undefined,
    http,
    errors,
  });
  const auth = createFacebookAuth({ ...config, http, graph, errors });
  const capabilities = facebookCapabilities();

  function validate(content: AdapterContent): ValidationIssue[] {
    const issues = validateAgainstCapabilities(capabilities, content);
    const parsed = facebookOptionsSchema.safeParse(content.options);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push({ path: ['options', ...issue.path.map(String)].join('.'), message: issue.message });
    }
    const link = parsed.success ? parsed.data.link : undefined;
    if (content.text.trim() === '' && content.media.length === 0 && !link) {
      issues.push({ path: 'text', message: 'is required when there is no media and no link' });
    }
    if (link && content.media.length > 0) {
      issues.push({ path: 'options.link', message: 'a link cannot be shared together with media' });
    }
    return issues;
  }

  const urlOf = (id: string) => `${config.webBaseUrl}/${id}`;
  const result = (id: string, warnings: string[] = []): PublishResult => ({
    externalId: id,
    url: urlOf(id),
    publishedAt: new Date().toISOString(),
    parts: [{ externalId: id, url: urlOf(id) }],
    warnings,
  });

  /** `url` when a provider hands out URLs, else the bytes as a multipart `source`. */
  async function photoFields(
    request: PublishRequest,
    asset: MediaAsset,
  ): Promise<{ form: Record<string, string>; multipart?: FormData }> {
    if (request.media.urls) {
      const url = await request.media.urls.urlFor(asset, { expiresInSeconds: config.mediaUrlTtlSeconds });
      return { form: { url: url.toString() } };
    }
    const bytes = await request.media.read(asset);
    const multipart = new FormData();
    const extension = asset.mimeType.split('/')[1] ?? 'bin';
    multipart.set(
      'source',
      new Blob([new Uint8Array(bytes)], { type: asset.mimeType }),
      `media.${extension}`,
    );
    return { form: {}, multipart };
  }

  async function publishPhotos(request: PublishRequest, token: string, pageId: string): Promise<string> {
    const { media, text } = request.content;
    const signal = request.signal;
    if (media.length === 1) {
      const asset = media[0]!;
      const fields = await photoFields(request, asset);
      const answer = facebookPhotoSchema.parse(
        await graph.post(`${pageId}/photos`, {
          token,
          form: { ...fields.form, ...(text ? { message: text } : {}), published: 'true' },
          ...(fields.multipart ? { multipart: fields.multipart } : {}),
          signal,
        }),
      );
      return answer.post_id ?? answer.id;
    }
    const photoIds: string[] = [];
    for (const asset of media) {
      const fields = await photoFields(request, asset);
      // Unpublished photos are invisible until attached: a lost answer is safe to retry.
      const answer = facebookPhotoSchema.parse(
        await graph.post(`${pageId}/photos`, {
          token,
          form: { ...fields.form, published: 'false' },
          ...(fields.multipart ? { multipart: fields.multipart } : {}),
          mutating: false,
          signal,
        }),
      );
      photoIds.push(answer.id);
    }
    const form: Record<string, string> = text ? { message: text } : {};
    photoIds.forEach((id, index) => {
      form[`attached_media[${index}]`] = JSON.stringify({ media_fbid: id });
    });
    return graphIdSchema.parse(await graph.post(`${pageId}/feed`, { token, form, signal })).id;
  }

  async function publishVideo(
    request: PublishRequest,
    token: string,
    pageId: string,
    opts: FacebookOptions,
  ): Promise<string> {
    const asset = request.content.media[0]!;
    const details = {
      ...(request.content.text ? { description: request.content.text } : {}),
      ...(opts.videoTitle ? { title: opts.videoTitle } : {}),
    };
    if (request.media.urls && videoUploadMethod(asset, true) === 'file_url') {
      const url = await request.media.urls.urlFor(asset, { expiresInSeconds: config.mediaUrlTtlSeconds });
      const answer = await graph.post(`${pageId}/videos`, {
        token,
        baseUrl: config.videoBaseUrl,
        form: { file_url: url.toString(), ...details },
        signal: request.signal,
      });
      return graphIdSchema.parse(answer).id;
    }
    return uploadVideoResumably(
      {
        graph,
        videoBaseUrl: config.videoBaseUrl,
        token,
        pageId,
        asset,
        media: request.media,
        details,
        reportProgress: request.reportProgress,
        signal: request.signal,
      },
      priorVideoProgress(request.resumeFrom, asset, pageId),
    );
  }

  /** The video of an earlier attempt's upload session, if it was published; null if it was not. */
  async function findUploadedVideo(request: PublishRequest): Promise<PublishResult | null | undefined> {
    const asset = request.content.media.find((m) => mediaKindOf(m.mimeType) === 'video');
    const pageId = encodeURIComponent(request.account.externalId);
    const prior = asset ? priorVideoProgress(request.resumeFrom, asset, pageId) : undefined;
    if (!prior) return undefined;
    // Before `finish` nothing is published: publishing again resumes the upload.
    if (prior.phase !== 'finish') return null;
    const token = request.credentials.accessToken.reveal();
    return (await videoPublished({ graph, token, signal: request.signal }, prior.videoId))
      ? result(prior.videoId)
      : null;
  }

  const adapter = {
    specificationVersion: 'v1',
    platform: 'facebook',
    displayName: 'Facebook Pages',
    capabilities,
    optionsSchema: facebookOptionsSchema,
    auth,
    validate,

    async publish(request: PublishRequest): Promise<PublishResult> {
      const rejection = issuesToRejection(PLATFORM, validate(request.content));
      if (rejection) throw rejection;
      const opts = facebookOptionsSchema.parse(request.content.options);
      const token = request.credentials.accessToken.reveal();
      const pageId = encodeURIComponent(request.account.externalId);
      const { media, text } = request.content;
      if (media.length === 0) {
        const answer = await graph.post(`${pageId}/feed`, {
          token,
          form: { ...(text ? { message: text } : {}), ...(opts.link ? { link: opts.link } : {}) },
          signal: request.signal,
        });
        return result(graphIdSchema.parse(answer).id);
      }
      const isVideo = media.some((asset) => mediaKindOf(asset.mimeType) === 'video');
      const id = isVideo
        ? await publishVideo(request, token, pageId, opts)
        : await publishPhotos(request, token, pageId);
      return result(id);
    },

    async findPublished(request: PublishRequest): Promise<PublishResult | null> {
      const uploaded = await findUploadedVideo(request);
      if (uploaded !== undefined) return uploaded;
      const token = request.credentials.accessToken.reveal();
      const since = Math.floor((Date.now() - config.findWindowMs) / 1000);
      const answer = facebookFeedSchema.parse(
        await graph.get(`${encodeURIComponent(request.account.externalId)}/feed`, {
          token,
          query: { fields: 'id,message,created_time', since: String(since), limit: '100' },
          signal: request.signal,
        }),
      );
      const text = request.content.text.trim();
      const match = answer.data.find(
        (post) =>
          (post.message ?? '').trim() === text && withinWindow(post.created_time, config.findWindowMs),
      );
      return match ? result(match.id) : null;
    },

    async delete(request: DeleteRequest): Promise<void> {
      const token = request.credentials.accessToken.reveal();
      const ids = request.parts?.length ? request.parts.map((p) => p.externalId) : [request.externalId];
      for (const id of ids) {
        try {
          await graph.delete(encodeURIComponent(id), { token, signal: request.signal });
        } catch (error) {
          // Code 100 subcode 33: the object does not exist any more, which is what we wanted.
          if (ContentRejectedError.isInstance(error) && error.platformCode === '100/33') continue;
          throw error;
        }
      }
    },
  } satisfies PlatformAdapter<'facebook'>;
  return adapter;
}
