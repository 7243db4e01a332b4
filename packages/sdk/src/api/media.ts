import { randomUUID } from 'node:crypto';
import {
  type Actor,
  actorSchema,
  ConfigurationError,
  idSchema,
  type MediaAsset,
  mediaKindOf,
  type PlatformId,
  parseOrThrow,
  platformIdSchema,
  textSchema,
  ValidationError,
  type ValidationIssue,
} from '@relaypost/core';
import { z } from 'zod';
import type { MediaApi } from '../interface.js';
import { downloadMedia, type UrlDownloadOptions } from '../media/download.js';
import { probeMedia } from '../media/probe.js';
import type { SdkContext } from '../relaypost.js';
import { objectArgument } from './arguments.js';

/** Media given as bytes, a stream, or a URL to download. */
export type MediaSource =
  | Uint8Array
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  /** Downloaded by the SDK; only public addresses unless `urlDownloads.allowPrivateAddresses`. */
  | { url: string };

export interface UploadMediaInput {
  workspaceId: string;
  data: MediaSource;
  /** Checked against the file's own bytes; taken from them when absent. */
  mimeType?: string;
  altText?: string;
  /** Check the file against these platforms' limits before storing it. */
  platforms?: PlatformId[];
  /** Upper bound on what is read into memory (default 1 GiB). */
  maxBytes?: number;
}

/** `media.url`'s options: an hour by default, a week at most (S3's limit for pre-signed URLs). */
const urlOptionsSchema = z
  .object({
    expiresInSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .default(3600),
  })
  .strict();

/** Most bytes `maxBytes` may allow: 10 GiB, the largest video any platform takes. */
const MAX_UPLOAD_BYTES = 10 * 1024 ** 3;

function isMediaSource(value: unknown): value is MediaSource {
  if (value instanceof Uint8Array) return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (typeof (value as ReadableStream).getReader === 'function') return true;
  if (typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') return true;
  return typeof (value as { url?: unknown }).url === 'string' && Object.keys(value).length === 1;
}

/** `media.upload`'s input, checked whole before a byte is read. */
const uploadInputSchema = z
  .object({
    workspaceId: idSchema,
    data: z.custom<MediaSource>(isMediaSource, {
      message:
        'must be the bytes (a Uint8Array), a ReadableStream or async iterable of Uint8Array chunks, or { url }',
    }),
    mimeType: textSchema({ min: 1, max: 255 }).optional(),
    altText: textSchema({ max: 2000 }).optional(),
    platforms: z.array(platformIdSchema).max(20).optional(),
    maxBytes: z.number().int().positive().max(MAX_UPLOAD_BYTES).optional(),
  })
  .strict();

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
};

/** Media uploads: type, size, dimension and duration checks per target platform, then storage. */
export function createMediaApi(ctx: SdkContext): MediaApi {
  return {
    async upload(upload: UploadMediaInput, by: Actor = { kind: 'api' }): Promise<MediaAsset> {
      const input = parseOrThrow(uploadInputSchema, objectArgument(upload, 'input'), 'media');
      const actor = parseOrThrow(actorSchema, by, 'actor');
      const mediaStore = ctx.requireMediaStore('media.upload');
      await ctx.store.workspaces.get(input.workspaceId);
      const bytes = await readAll(input.data, input.maxBytes ?? 1024 ** 3, ctx.urlDownloads);
      const probe = await probeMedia(bytes);
      if (!probe)
        throw new ValidationError(
          [{ path: 'data', message: 'is not a supported image or video (PNG, JPEG, GIF, WebP, MP4, MOV)' }],
          'media',
        );
      if (input.mimeType && input.mimeType !== probe.mimeType) {
        throw new ValidationError(
          [
            {
              path: 'mimeType',
              message: `does not match the file's content`,
              limit: probe.mimeType,
              actual: input.mimeType,
            },
          ],
          'media',
        );
      }
      const issues = checkPlatforms(ctx, probe, bytes.length, input.platforms ?? [], input.altText);
      if (issues.length) throw new ValidationError(issues, 'media');
      const id = randomUUID();
      const storageKey = `${input.workspaceId}/${id}.${EXTENSIONS[probe.mimeType] ?? 'bin'}`;
      const stored = await mediaStore.put(storageKey, bytes, { contentType: probe.mimeType });
      try {
        const asset = await ctx.store.media.add(input.workspaceId, {
          id,
          mimeType: probe.mimeType,
          sizeBytes: stored.sizeBytes,
          checksumSha256: stored.checksumSha256,
          storageKey,
          ...(probe.width ? { width: probe.width } : {}),
          ...(probe.height ? { height: probe.height } : {}),
          ...(probe.durationMs !== undefined ? { durationMs: probe.durationMs } : {}),
          ...(input.altText ? { altText: input.altText } : {}),
        });
        await ctx.store.history.append(input.workspaceId, {
          type: 'media.added',
          actor,
          data: { mediaId: id, mimeType: probe.mimeType },
        });
        return asset;
      } catch (error) {
        // Nothing half-written: the bytes go when the metadata could not be saved.
        await mediaStore.delete(storageKey);
        throw error;
      }
    },
    /** Corrects an asset's alt text (null removes it), recorded in the history. */
    async update(
      workspaceId: string,
      mediaId: string,
      patch: { altText: string | null },
      by: Actor = { kind: 'api' },
    ) {
      const actor = parseOrThrow(actorSchema, by, 'actor');
      const asset = await ctx.store.media.update(workspaceId, mediaId, objectArgument(patch, 'patch'));
      await ctx.store.history.append(workspaceId, {
        type: 'media.updated',
        actor,
        data: { mediaId: asset.id, fields: Object.keys(patch).join(',') },
      });
      return asset;
    },
    /** The asset's bytes, from the media store (for thumbnails and previews in your app). */
    async read(workspaceId: string, mediaId: string): Promise<Uint8Array> {
      const asset = await ctx.store.media.get(workspaceId, mediaId);
      return ctx.requireMediaStore('media.read').read(asset);
    },
    /**
     * A time-limited URL a browser can load the asset from: the `mediaUrls` provider's, else the
     * media store's pre-signed one; a `ConfigurationError` when neither can hand one out.
     */
    async url(
      workspaceId: string,
      mediaId: string,
      options: { expiresInSeconds?: number } = {},
    ): Promise<string> {
      const expiresInSeconds = parseOrThrow(
        urlOptionsSchema,
        objectArgument(options, 'options'),
        'media URL',
      ).expiresInSeconds;
      const asset = await ctx.store.media.get(workspaceId, mediaId);
      if (ctx.mediaUrls) return (await ctx.mediaUrls.urlFor(asset, { expiresInSeconds })).toString();
      const presigned = await ctx
        .requireMediaStore('media.url')
        .presignedUrl?.(asset.storageKey, { expiresInSeconds, contentType: asset.mimeType });
      if (!presigned)
        throw new ConfigurationError('media.url needs `mediaUrls` or a media store that signs URLs (S3)', {
          setting: 'mediaUrls',
        });
      return presigned.toString();
    },
    get: (workspaceId: string, mediaId: string) => ctx.store.media.get(workspaceId, mediaId),
    list: (workspaceId: string, options?: { limit?: number; cursor?: string }) =>
      ctx.store.media.list(workspaceId, options),
    async delete(workspaceId: string, mediaId: string): Promise<void> {
      const mediaStore = ctx.requireMediaStore('media.delete');
      const asset = await ctx.store.media.get(workspaceId, mediaId);
      await ctx.store.media.delete(workspaceId, mediaId);
      await mediaStore.delete(asset.storageKey);
    },
  };
}

function checkPlatforms(
  ctx: SdkContext,
  probe: NonNullable<Awaited<ReturnType<typeof probeMedia>>>,
  sizeBytes: number,
  platforms: PlatformId[],
  altText: string | undefined,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const kind = mediaKindOf(probe.mimeType);
  for (const platform of platforms) {
    const caps = ctx.adapterFor(platform).capabilities;
    const limits = kind ? caps.media.kinds[kind] : undefined;
    const at = `platforms.${platform}`;
    if (!limits) {
      issues.push({
        path: at,
        message: `${platform} does not take ${kind ?? probe.mimeType} media`,
        actual: probe.mimeType,
      });
      continue;
    }
    if (!limits.mimeTypes.includes(probe.mimeType))
      issues.push({
        path: `${at}.mimeType`,
        message: 'type is not accepted',
        limit: limits.mimeTypes,
        actual: probe.mimeType,
      });
    if (sizeBytes > limits.maxBytes)
      issues.push({
        path: `${at}.sizeBytes`,
        message: 'file is too large',
        limit: limits.maxBytes,
        actual: sizeBytes,
      });
    if (
      probe.durationMs !== undefined &&
      limits.maxDurationMs !== undefined &&
      probe.durationMs > limits.maxDurationMs
    ) {
      issues.push({
        path: `${at}.durationMs`,
        message: 'video is too long',
        limit: limits.maxDurationMs,
        actual: probe.durationMs,
      });
    }
    if (
      probe.durationMs !== undefined &&
      limits.minDurationMs !== undefined &&
      probe.durationMs < limits.minDurationMs
    ) {
      issues.push({
        path: `${at}.durationMs`,
        message: 'video is too short',
        limit: limits.minDurationMs,
        actual: probe.durationMs,
      });
    }
    if (limits.aspectRatio && probe.width && probe.height) {
      const ratio = probe.width / probe.height;
      if (ratio < limits.aspectRatio.min - 1e-3 || ratio > limits.aspectRatio.max + 1e-3) {
        issues.push({
          path: `${at}.aspectRatio`,
          message: 'aspect ratio is not accepted',
          limit: `${limits.aspectRatio.min}-${limits.aspectRatio.max}`,
          actual: ratio.toFixed(2),
        });
      }
    }
    if (altText && caps.altText && altText.length > caps.altText.maxLength) {
      issues.push({
        path: `${at}.altText`,
        message: 'alt text is too long',
        limit: caps.altText.maxLength,
        actual: altText.length,
      });
    }
  }
  return issues;
}

async function readAll(
  source: MediaSource,
  maxBytes: number,
  downloads: UrlDownloadOptions | undefined,
): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return check(source, maxBytes);
  const iterable: AsyncIterable<Uint8Array> =
    Symbol.asyncIterator in source
      ? (source as AsyncIterable<Uint8Array>)
      : 'url' in source
        ? await downloadMedia(source.url, downloads)
        : streamIterable(source as ReadableStream<Uint8Array>);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of iterable) {
    if (!(chunk instanceof Uint8Array))
      throw new ValidationError(
        [{ path: 'data', message: 'must yield Uint8Array chunks', actual: typeof chunk }],
        'media',
      );
    size += chunk.length;
    if (size > maxBytes)
      throw new ValidationError(
        [{ path: 'data', message: 'is too large', limit: maxBytes, actual: size }],
        'media',
      );
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function* streamIterable(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

function check(bytes: Uint8Array, maxBytes: number): Uint8Array {
  if (bytes.length > maxBytes)
    throw new ValidationError(
      [{ path: 'data', message: 'is too large', limit: maxBytes, actual: bytes.length }],
      'media',
    );
  return bytes;
}
