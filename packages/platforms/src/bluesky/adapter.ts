/**
 * Bluesky (AT Protocol) adapter.
 *
 * Supports: app-password login (`com.atproto.server.createSession`) and refresh
 * (`com.atproto.server.refreshSession`, which rotates the refresh JWT; expiries come from the JWTs'
 * `exp` claims); posts of up to 300 graphemes and 3000 UTF-8 bytes with link, mention and hashtag
 * facets (UTF-8 byte ranges; mentions resolved through `com.atproto.identity.resolveHandle`, an
 * unresolvable handle stays plain text with a warning); `langs`; up to 4 images (≤ 2,000,000 bytes,
 * JPEG/PNG/WebP) with alt text and `aspectRatio` when the size is known, uploaded with
 * `com.atproto.repo.uploadBlob`; a link card (`app.bsky.embed.external`, title from the
 * `linkTitle` option or the URL, no thumbnail) for the first link when there are no images; reply
 * threads for long text when `content.thread` (split between sentences, else words, never inside a
 * grapheme; facets computed per part; images on the first part); delete of every part.
 *
 * Idempotency: every part is written with `createRecord` under a record key derived from the
 * idempotency key and the part index (a TID, as `app.bsky.feed.post` requires; see
 * `record-key.ts`). Before writing a part the adapter reads that key: a part that already exists
 * is reused, so a retry continues a thread instead of posting it twice. The PDS refuses a second
 * write to a taken key (today with a 500, not a conflict), and a failed write whose key turns out
 * to be taken counts as published. `findPublished` reads the same keys with `getRecord`.
 *
 * Expired sessions: when the PDS answers `ExpiredToken` and the request has
 * `onCredentialsRefreshed`, the session is refreshed once, handed to the callback, and the call is
 * repeated; without the callback (nowhere to store the rotated refresh JWT) the error stands as a
 * `NeedsReconnectError`. Requests go to `service` (an entryway such as bsky.social forwards them
 * to the account's PDS); the PDS from the DID document is kept in the account metadata.
 *
 * Does not support: video, GIFs, quote posts, link-card thumbnails, reply gating, metrics.
 *
 * ⚠ Configurable or uncertain: `service` and `appUrl` (post URLs), the alt-text limit (2000, the
 * Bluesky app's, not the lexicon's), the thread bound (`maxThreadParts`, 25), the TID timestamps of
 * derived keys (a 2023 window, not the publish time), and the bare-domain list for link detection.
 *
 * @example
 * ```ts
 * const bluesky = createBluesky({ service: 'https://bsky.social' });
 * const account = await bluesky.auth.login({ identifier: 'alice.bsky.social', password: 'xxxx-xxxx-xxxx-xxxx' });
 * ```
 */
import {
  type AdapterContent,
  ContentRejectedError,
  type DeleteRequest,
  issuesToRejection,
  type MediaAsset,
  type PlatformAdapter,
  type PreparedPublish,
  type PublishRequest,
  type PublishResult,
  TransientError,
  type ValidationIssue,
  validateAgainstCapabilities,
} from '@relaypost/core';
import { z } from 'zod';
import { createHttp, type HttpOptions } from '../http/index.js';
import { createBlueskyAuth } from './auth.js';
import { buildFacets, type DetectedFeature, detectFeatures, mentionedHandles, utf8Length } from './facets.js';
import {
  BLUESKY_MAX_THREAD_PARTS,
  BLUESKY_TEXT_MAX_BYTES,
  BLUESKY_TEXT_MAX_GRAPHEMES,
  blueskyCapabilities,
} from './limits.js';
import { type BlueskyOptions, blueskyOptionsSchema } from './options.js';
import { parseAtUri, recordKeyFor } from './record-key.js';
import { type SessionRunner, sessionRunner } from './session.js';
import { splitForThread } from './split.js';
import type { StrongRef } from './wire.js';
import { createBlueskyXrpc, POST_COLLECTION } from './xrpc.js';

const PLATFORM = 'bluesky';
const trimSlash = (url: string) => url.replace(/\/+$/, '');
/** Options of content whose own options are invalid (it is refused before they matter). */
const NO_OPTIONS: BlueskyOptions = blueskyOptionsSchema.parse({});
const PART_LIMITS = { maxGraphemes: BLUESKY_TEXT_MAX_GRAPHEMES, maxBytes: BLUESKY_TEXT_MAX_BYTES };

/** Factory options for {@link createBluesky}. */
export const blueskyAdapterOptionsSchema = z.object({
  /** The PDS or entryway to call. */
  service: z.url().default('https://bsky.social').transform(trimSlash),
  /** ⚠ Where post URLs point (`<appUrl>/profile/<handle>/post/<rkey>`). */
  appUrl: z.url().default('https://bsky.app').transform(trimSlash),
  /** ⚠ Longest thread RelayPost will post. */
  maxThreadParts: z.number().int().positive().default(BLUESKY_MAX_THREAD_PARTS),
  http: z.custom<HttpOptions>((value) => typeof value === 'object' && value !== null).optional(),
});
/**
 * Options of {@link createBluesky}, as the factory takes them: fields with a default may be left out.
 *
 * @example
 * ```ts
 * const options: BlueskyAdapterOptions = { service: 'https://bsky.social' };
 * ```
 *
 * @useDeclaredType
 */
export type BlueskyAdapterOptions = z.input<typeof blueskyAdapterOptionsSchema>;

/**
 * Creates the Bluesky adapter.
 *
 * @example
 * ```ts
 * const bluesky = createBluesky({ service: 'https://bsky.social', http: { timeoutMs: 20_000 } });
 * ```
 */
export function createBluesky(options: BlueskyAdapterOptions = {}) {
  const config = blueskyAdapterOptionsSchema.parse(options);
  const http = createHttp(config.http);
  const xrpc = createBlueskyXrpc(config.service, http);
  const auth = createBlueskyAuth({ service: config.service, http });
  const capabilities = blueskyCapabilities();

  /** The texts of the posts to create: one, or a reply chain when threading long text. */
  function partsOf(content: AdapterContent): string[] {
    return content.thread ? splitForThread(content.text, PART_LIMITS) : [content.text];
  }

  /** The problems with `content`, and what publishing it needs: its parts and options. */
  function check(content: AdapterContent): {
    issues: ValidationIssue[];
    parts: string[];
    options: BlueskyOptions;
  } {
    const issues = validateAgainstCapabilities(capabilities, content);
    const parsed = blueskyOptionsSchema.safeParse(content.options);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push({ path: ['options', ...issue.path.map(String)].join('.'), message: issue.message });
    }
    if (content.text.trim() === '' && content.media.length === 0) {
      issues.push({ path: 'text', message: 'is required when there are no images' });
    }
    const parts = partsOf(content);
    const bytes = utf8Length(content.text);
    if (parts.length === 1 && bytes > BLUESKY_TEXT_MAX_BYTES) {
      issues.push({
        path: 'text',
        message: `is longer than ${BLUESKY_TEXT_MAX_BYTES} UTF-8 bytes`,
        limit: BLUESKY_TEXT_MAX_BYTES,
        actual: bytes,
      });
    }
    if (parts.length > config.maxThreadParts) {
      issues.push({
        path: 'text',
        message: `would need ${parts.length} posts; at most ${config.maxThreadParts} are allowed in a thread`,
        limit: config.maxThreadParts,
        actual: parts.length,
      });
    }
    return { issues, parts, options: parsed.data ?? NO_OPTIONS };
  }

  function validate(content: AdapterContent): ValidationIssue[] {
    return check(content).issues;
  }

  const urlOf = (handle: string, uri: string) =>
    `${config.appUrl}/profile/${encodeURIComponent(handle)}/post/${parseAtUri(uri)?.rkey ?? ''}`;

  function result(handle: string, refs: readonly StrongRef[], warnings: string[]): PublishResult {
    const parts = refs.map((ref) => ({ externalId: ref.uri, url: urlOf(handle, ref.uri) }));
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

  /** DIDs of every handle mentioned in the parts; unresolvable ones are left out. */
  async function resolveMentions(
    parts: readonly string[],
    features: readonly (readonly DetectedFeature[])[],
    signal?: AbortSignal,
  ): Promise<Map<string, string>> {
    const dids = new Map<string, string>();
    const handles = new Set(parts.flatMap((part, i) => mentionedHandles(part, features[i])));
    for (const handle of handles) {
      const did = await xrpc.resolveHandle(handle, signal);
      if (did) dids.set(handle, did);
    }
    return dids;
  }

  async function imagesEmbed(
    request: PublishRequest,
    session: SessionRunner,
  ): Promise<Record<string, unknown>> {
    const images: Record<string, unknown>[] = [];
    for (const asset of request.content.media) {
      const bytes = await request.media.read(asset);
      const blob = await session.run((jwt) => xrpc.uploadBlob(jwt, bytes, asset.mimeType, request.signal));
      images.push({ image: blob, alt: asset.altText ?? '', ...aspectRatioOf(asset) });
    }
    return { $type: 'app.bsky.embed.images', images };
  }

  function linkCard(uri: string, opts: BlueskyOptions): Record<string, unknown> {
    return {
      $type: 'app.bsky.embed.external',
      external: { uri, title: opts.linkTitle ?? uri, description: opts.linkDescription ?? '' },
    };
  }

  /** Writes one part; a write refused because its key is already taken counts as done. */
  async function createPart(
    session: SessionRunner,
    repo: string,
    rkey: string,
    record: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): Promise<StrongRef> {
    try {
      return await session.run((jwt) => xrpc.createRecord(jwt, { repo, rkey, record }, signal));
    } catch (error) {
      const maybeTaken =
        TransientError.isInstance(error) || (ContentRejectedError.isInstance(error) && error.status === 409);
      if (!maybeTaken) throw error;
      // Told to wait: the check waits too, and the next attempt looks before it writes.
      if (TransientError.isInstance(error) && error.retryAfterMs !== undefined) throw error;
      const existing = await session.run((jwt) => xrpc.getRecord(jwt, repo, rkey, signal)).catch(() => null);
      if (existing) return existing;
      throw error;
    }
  }

  async function lookUp(request: PublishRequest, session: SessionRunner): Promise<StrongRef[]> {
    const parts = partsOf(request.content);
    const found: StrongRef[] = [];
    for (let index = 0; index < parts.length; index++) {
      const rkey = recordKeyFor(request.idempotencyKey, index);
      const ref = await session.run((jwt) =>
        xrpc.getRecord(jwt, request.account.externalId, rkey, request.signal),
      );
      if (!ref) break;
      found.push(ref);
    }
    return found;
  }

  /**
   * Everything a publish does before its first write: checks, facets (mentions resolved), record
   * keys and the records but for their time and reply refs. The result writes the parts.
   */
  async function prepare(request: PublishRequest): Promise<PreparedPublish> {
    const { issues, parts: texts, options: opts } = check(request.content);
    const rejection = issuesToRejection(PLATFORM, issues);
    if (rejection) throw rejection;
    const session = sessionRunner(request.credentials, auth.refresh, request.onCredentialsRefreshed);
    const repo = request.account.externalId;
    const features = texts.map(detectFeatures);
    const dids = await resolveMentions(texts, features, request.signal);
    const warnings: string[] = [];
    const hasImages = request.content.media.length > 0;
    const cardPart =
      hasImages || !opts.linkCard ? -1 : features.findIndex((found) => firstLink(found) !== undefined);
    const parts = texts.map((text, index) => {
      const { facets, unresolved } = buildFacets(text, dids, features[index]);
      for (const handle of unresolved) warnings.push(`@${handle} could not be resolved; left as plain text`);
      const link = index === cardPart ? firstLink(features[index] ?? []) : undefined;
      return {
        rkey: recordKeyFor(request.idempotencyKey, index),
        text,
        facets,
        card: link ? linkCard(link, opts) : undefined,
      };
    });

    return async ({ firstAttempt }) => {
      const refs: StrongRef[] = [];
      for (const [index, part] of parts.entries()) {
        // A first attempt has written nothing yet; any other may have written this part already.
        const existing = firstAttempt
          ? null
          : await session.run((jwt) => xrpc.getRecord(jwt, repo, part.rkey, request.signal));
        if (existing) {
          refs.push(existing);
          continue;
        }
        const embed = index === 0 && hasImages ? await imagesEmbed(request, session) : part.card;
        const root = refs[0];
        const parent = refs[index - 1];
        const record: Record<string, unknown> = {
          $type: POST_COLLECTION,
          text: part.text,
          createdAt: new Date().toISOString(),
          ...(part.facets.length > 0 ? { facets: part.facets } : {}),
          ...(embed ? { embed } : {}),
          ...(opts.langs?.length ? { langs: opts.langs } : {}),
          ...(root && parent ? { reply: { root, parent } } : {}),
        };
        refs.push(await createPart(session, repo, part.rkey, record, request.signal));
      }
      return result(request.account.handle, refs, [...new Set(warnings)]);
    };
  }

  const adapter = {
    specificationVersion: 'v1',
    platform: 'bluesky',
    displayName: 'Bluesky',
    capabilities,
    optionsSchema: blueskyOptionsSchema,
    auth,
    validate,

    async publish(request: PublishRequest): Promise<PublishResult> {
      const send = await prepare(request);
      return send({ firstAttempt: request.firstAttempt ?? false });
    },

    async preparePublish(request: PublishRequest): Promise<PreparedPublish> {
      try {
        return await prepare(request);
      } catch (error) {
        return () => Promise.reject(error);
      }
    },

    async findPublished(request: PublishRequest): Promise<PublishResult | null> {
      const session = sessionRunner(request.credentials, auth.refresh, request.onCredentialsRefreshed);
      const refs = await lookUp(request, session);
      if (refs.length === 0) return null;
      const expected = partsOf(request.content).length;
      const warnings =
        refs.length < expected ? [`only ${refs.length} of ${expected} thread parts landed`] : [];
      return result(request.account.handle, refs, warnings);
    },

    async delete(request: DeleteRequest): Promise<void> {
      const session = sessionRunner(request.credentials, auth.refresh, request.onCredentialsRefreshed);
      const uris = request.parts?.length ? request.parts.map((p) => p.externalId) : [request.externalId];
      // Replies first, so a failure part-way never leaves replies to a deleted post.
      for (const uri of [...uris].reverse()) {
        const parsed = parseAtUri(uri);
        if (!parsed || parsed.collection !== POST_COLLECTION) {
          throw new ContentRejectedError({
            platform: PLATFORM,
            field: 'externalId',
            message: `not the at:// URI of a post: ${uri}`,
          });
        }
        await session.run((jwt) => xrpc.deleteRecord(jwt, parsed.repo, parsed.rkey, request.signal));
      }
    },
  } satisfies PlatformAdapter<'bluesky'>;
  return adapter;
}

function firstLink(features: readonly DetectedFeature[]): string | undefined {
  for (const found of features) if (found.feature.kind === 'link') return found.feature.uri;
  return undefined;
}

function aspectRatioOf(asset: MediaAsset): { aspectRatio?: { width: number; height: number } } {
  return asset.width && asset.height ? { aspectRatio: { width: asset.width, height: asset.height } } : {};
}
