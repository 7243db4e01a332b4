import { type MediaAsset, type MediaReader, TransientError } from '@relaypost/core';
import type { KyInstance } from 'ky';
import { z } from 'zod';
import { platformCall } from '../http/index.js';
import { mapYouTubeError, type YouTubeErrorOptions } from './errors.js';
import { type VideoInsertBody, videoSchema, type YouTubeVideo } from './wire.js';

const PLATFORM = 'youtube';

/** Google requires every chunk but the last to be a multiple of 256 KiB. */
export const RESUMABLE_CHUNK_GRANULARITY = 256 * 1024;

/**
 * Where a resumable upload stands, as reported through `reportProgress` (Temporal heartbeat
 * details) and read back from `resumeFrom` on the next attempt.
 */
export const resumableProgressSchema = z.object({
  sessionUrl: z.url(),
  /** Bytes the server confirmed (the next byte to send). */
  confirmed: z.number().int().nonnegative(),
  total: z.number().int().positive(),
  assetId: z.string(),
});
export type ResumableProgress = z.infer<typeof resumableProgressSchema>;

/** Everything one upload needs. */
export interface UploadContext {
  http: KyInstance;
  accessToken: string;
  asset: MediaAsset;
  media: MediaReader;
  chunkSize: number;
  errors: YouTubeErrorOptions;
  reportProgress?: ((state: ResumableProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/** What the server says about a session. */
export type SessionStatus =
  | { kind: 'incomplete'; confirmed: number }
  | { kind: 'complete'; video: YouTubeVideo }
  /** The session is gone (expired after about a week, or never existed): start again. */
  | { kind: 'expired' };

const mapError = (errors: YouTubeErrorOptions) => (failure: Parameters<typeof mapYouTubeError>[0]) =>
  mapYouTubeError(failure, errors);

/**
 * The byte count a 308 answer confirms: `Range: bytes=0-N` means N+1 bytes arrived; no Range
 * header means none did.
 *
 * @example
 * ```ts
 * confirmedFromRange('bytes=0-262143') // 262144
 * ```
 */
export function confirmedFromRange(range: string | null): number {
  if (!range) return 0;
  const match = /bytes=0-(\d+)/.exec(range);
  return match ? Number(match[1]) + 1 : 0;
}

/**
 * Starts a resumable `videos.insert` session and returns its URL (the `Location` header).
 * Not a mutation: a session alone creates no video, so a lost answer is just retried.
 */
export async function startSession(
  ctx: UploadContext,
  input: { uploadBaseUrl: string; body: VideoInsertBody; notifySubscribers?: boolean | undefined },
): Promise<string> {
  const response = await platformCall(
    { platform: PLATFORM, mutating: false, mapError: mapError(ctx.errors) },
    () =>
      ctx.http.post(`${input.uploadBaseUrl}/upload/youtube/v3/videos`, {
        searchParams: {
          uploadType: 'resumable',
          part: 'snippet,status',
          ...(input.notifySubscribers === undefined
            ? {}
            : { notifySubscribers: String(input.notifySubscribers) }),
        },
        headers: {
          authorization: `Bearer ${ctx.accessToken}`,
          'x-upload-content-length': String(ctx.asset.sizeBytes),
          'x-upload-content-type': ctx.asset.mimeType,
        },
        json: input.body,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      }),
  );
  const location = response.headers.get('location');
  if (!location) {
    throw new TransientError({
      platform: PLATFORM,
      status: response.status,
      message: 'resumable session started without a Location header',
    });
  }
  return location;
}

/** Asks the server how much of the upload it holds (`Content-Range: bytes *\/total`). */
export async function querySession(ctx: UploadContext, sessionUrl: string): Promise<SessionStatus> {
  const response = await platformCall(
    { platform: PLATFORM, mutating: false, mapError: mapError(ctx.errors) },
    () =>
      ctx.http.put(sessionUrl, {
        headers: {
          authorization: `Bearer ${ctx.accessToken}`,
          'content-range': `bytes */${ctx.asset.sizeBytes}`,
        },
        throwHttpErrors: (status) => status !== 308 && status !== 404 && status !== 410,
        redirect: 'manual',
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      }),
  );
  if (response.status === 404 || response.status === 410) return { kind: 'expired' };
  if (response.status === 308)
    return { kind: 'incomplete', confirmed: confirmedFromRange(response.headers.get('range')) };
  return { kind: 'complete', video: videoSchema.parse(await response.json()) };
}

/**
 * Sends the bytes from `from` to the end in chunks, following the server's 308 `Range` answers,
 * and reports progress after each chunk. A failed chunk is transient (no video exists before the
 * last byte); only a lost answer to the last chunk is an unknown outcome.
 */
export async function sendChunks(
  ctx: UploadContext,
  sessionUrl: string,
  from: number,
): Promise<YouTubeVideo> {
  const total = ctx.asset.sizeBytes;
  let offset = from;
  while (offset < total) {
    const length = Math.min(ctx.chunkSize, total - offset);
    const last = offset + length === total;
    const bytes = await ctx.media.readRange(ctx.asset, offset, length);
    const response = await platformCall(
      { platform: PLATFORM, mutating: last, mapError: mapError(ctx.errors) },
      () =>
        ctx.http.put(sessionUrl, {
          body: bytes,
          headers: {
            authorization: `Bearer ${ctx.accessToken}`,
            'content-type': ctx.asset.mimeType,
            'content-range': `bytes ${offset}-${offset + length - 1}/${total}`,
          },
          throwHttpErrors: (status) => status !== 308,
          redirect: 'manual',
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        }),
    );
    if (response.status !== 308) return videoSchema.parse(await response.json());
    const confirmed = confirmedFromRange(response.headers.get('range'));
    if (confirmed <= offset) {
      throw new TransientError({
        platform: PLATFORM,
        status: 308,
        message: `upload made no progress at byte ${offset}`,
      });
    }
    offset = confirmed;
    ctx.reportProgress?.({ sessionUrl, confirmed, total, assetId: ctx.asset.id });
  }
  // Every byte is confirmed but no video came back (the last answer was a 308): ask once more.
  const status = await querySession(ctx, sessionUrl);
  if (status.kind === 'complete') return status.video;
  throw new TransientError({
    platform: PLATFORM,
    message: 'all bytes confirmed but the upload is not complete',
  });
}
