import {
  ContentRejectedError,
  type MediaAsset,
  type MediaReader,
  mediaKindOf,
  TransientError,
} from '@relaypost/core';
import type { KyInstance } from 'ky';
import { type HttpErrorMapper, platformCall } from '../http/index.js';
import { type XProcessingInfo, xMediaUploadSchema } from './wire.js';

const PLATFORM = 'x';

/** How media processing is awaited after finalize. */
export interface XProcessingPolling {
  /** Wait when X gives no `check_after_secs`. */
  defaultDelayMs: number;
  /** Bounds around X's `check_after_secs`. */
  minDelayMs: number;
  maxDelayMs: number;
  /** Overall bound; past it the upload fails as transient (the post was not created). */
  timeoutMs: number;
}

/** What an upload needs from the factory. */
export interface XUploadConfig {
  apiBaseUrl: string;
  http: KyInstance;
  chunkSizeBytes: number;
  polling: XProcessingPolling;
  mapError: HttpErrorMapper;
}

/** The `media_category` X wants for a MIME type. */
export function mediaCategoryOf(mimeType: string): 'tweet_image' | 'tweet_gif' | 'tweet_video' {
  const kind = mediaKindOf(mimeType);
  if (kind === 'gif') return 'tweet_gif';
  if (kind === 'video') return 'tweet_video';
  return 'tweet_image';
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * Uploads one media file through the v2 endpoints — initialize, append in chunks (read with
 * `readRange`), finalize — then polls STATUS until processing succeeds, honouring
 * `check_after_secs` within bounds. Returns the media id for `POST /2/tweets`.
 *
 * @example
 * ```ts
 * const mediaId = await uploadXMedia(config, token, asset, request.media, request.signal);
 * ```
 */
export async function uploadXMedia(
  config: XUploadConfig,
  token: string,
  asset: MediaAsset,
  reader: MediaReader,
  signal?: AbortSignal,
): Promise<string> {
  const headers = { authorization: `Bearer ${token}` };
  const call = <T>(run: () => Promise<T>) =>
    // Nothing is published until POST /2/tweets, so a lost upload answer is only transient.
    platformCall({ platform: PLATFORM, mutating: false, mapError: config.mapError }, run);
  const opts = { headers, ...(signal ? { signal } : {}) };
  const base = `${config.apiBaseUrl}/2/media/upload`;

  const init = xMediaUploadSchema.parse(
    await call(() =>
      config.http
        .post(`${base}/initialize`, {
          ...opts,
          json: {
            media_type: asset.mimeType,
            total_bytes: asset.sizeBytes,
            media_category: mediaCategoryOf(asset.mimeType),
          },
        })
        .json(),
    ),
  );
  const mediaId = init.data?.id;
  if (!mediaId)
    throw new TransientError({ platform: PLATFORM, message: 'initialize answered without an id' });

  let segment = 0;
  for (let offset = 0; offset < asset.sizeBytes; offset += config.chunkSizeBytes) {
    const length = Math.min(config.chunkSizeBytes, asset.sizeBytes - offset);
    const bytes = await reader.readRange(asset, offset, length);
    const form = new FormData();
    form.append('media', new Blob([new Uint8Array(bytes)], { type: asset.mimeType }), 'media');
    form.append('segment_index', String(segment));
    await call(() => config.http.post(`${base}/${mediaId}/append`, { ...opts, body: form }));
    segment += 1;
  }

  const finalized = xMediaUploadSchema.parse(
    await call(() => config.http.post(`${base}/${mediaId}/finalize`, opts).json()),
  );
  let info = finalized.data?.processing_info ?? undefined;
  const deadline = Date.now() + config.polling.timeoutMs;
  while (info && info.state !== 'succeeded') {
    if (info.state === 'failed') throw processingFailed(mediaId, info, asset);
    const wait = delayFor(info, config.polling);
    if (Date.now() + wait > deadline) {
      throw new TransientError({
        platform: PLATFORM,
        message: `media ${mediaId} still ${info.state ?? 'processing'} after ${config.polling.timeoutMs} ms`,
      });
    }
    await sleep(wait, signal);
    const status = xMediaUploadSchema.parse(
      await call(() =>
        config.http.get(base, { ...opts, searchParams: { media_id: mediaId, command: 'STATUS' } }).json(),
      ),
    );
    // An answer without processing_info means there is nothing left to wait for.
    info = status.data?.processing_info ?? undefined;
  }
  return mediaId;
}

function delayFor(info: XProcessingInfo, polling: XProcessingPolling): number {
  const asked =
    info.check_after_secs === null || info.check_after_secs === undefined
      ? polling.defaultDelayMs
      : info.check_after_secs * 1000;
  return Math.min(Math.max(asked, polling.minDelayMs), polling.maxDelayMs);
}

function processingFailed(mediaId: string, info: XProcessingInfo, asset: MediaAsset): ContentRejectedError {
  const reason = info.error?.message ?? info.error?.name ?? 'media processing failed';
  return new ContentRejectedError({
    platform: PLATFORM,
    field: 'media',
    responseBody: info,
    platformCode: info.error?.name ?? undefined,
    platformMessage: reason,
    message: `media ${mediaId} (${asset.mimeType}) was refused: ${reason}`,
  });
}

/**
 * Sets alt text on an uploaded media item (`POST /2/media/metadata`).
 *
 * @example
 * ```ts
 * await setXAltText(config, token, mediaId, 'A dancing cat');
 * ```
 */
export async function setXAltText(
  config: XUploadConfig,
  token: string,
  mediaId: string,
  altText: string,
  signal?: AbortSignal,
): Promise<void> {
  await platformCall({ platform: PLATFORM, mutating: false, mapError: config.mapError }, () =>
    config.http.post(`${config.apiBaseUrl}/2/media/metadata`, {
      headers: { authorization: `Bearer ${token}` },
      json: { id: mediaId, metadata: { alt_text: { text: altText } } },
      ...(signal ? { signal } : {}),
    }),
  );
}
