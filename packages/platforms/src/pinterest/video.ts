import {
  ContentRejectedError,
  type MediaAsset,
  type MediaReader,
  PlatformError,
  TransientError,
} from '@relaypost/core';
import type { KyInstance } from 'ky';
import { platformCall } from '../http/index.js';
import type { PinterestApi, PinterestCall } from './api.js';
import { pinterestMediaSchema, pinterestMediaUploadSchema } from './wire.js';

const PLATFORM = 'pinterest';

/** How `GET /v5/media/{id}` is polled while Pinterest processes a video. */
export interface PinterestVideoPolling {
  delayMs: number;
  timeoutMs: number;
}

export interface PinterestVideoConfig {
  api: PinterestApi;
  /** Plain ky (no bearer token: the upload URL is a pre-signed storage form). */
  http: KyInstance;
  polling: PinterestVideoPolling;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
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

/**
 * Registers a video upload (`POST /v5/media {media_type:'video'}`) and sends the file to the
 * returned `upload_url` as a multipart form: every `upload_parameters` field first, then `file`.
 * Returns the `media_id`.
 *
 * @example
 * ```ts
 * const mediaId = await uploadPinterestVideo(config, { token }, asset, request.media);
 * ```
 */
export async function uploadPinterestVideo(
  config: PinterestVideoConfig,
  call: PinterestCall,
  asset: MediaAsset,
  reader: MediaReader,
): Promise<string> {
  const upload = pinterestMediaUploadSchema.parse(
    await config.api.post('/media', call, { media_type: 'video' }, false),
  );
  const bytes = await reader.read(asset);
  const form = new FormData();
  for (const [key, value] of Object.entries(upload.upload_parameters ?? {})) form.append(key, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: asset.mimeType }), 'video');
  await platformCall(
    {
      platform: PLATFORM,
      // A lost answer only wastes an upload: the media id is unused until a Pin names it.
      mutating: false,
      mapError: (failure) =>
        failure.status >= 500 || failure.status === 403 || failure.status === 408
          ? new TransientError({
              platform: PLATFORM,
              status: failure.status,
              responseBody: failure.data,
              message: `video upload failed (HTTP ${failure.status}); it will be registered again`,
            })
          : new ContentRejectedError({
              platform: PLATFORM,
              status: failure.status,
              responseBody: failure.data,
              field: 'media',
              message: `the upload storage refused the video (HTTP ${failure.status})`,
            }),
    },
    () =>
      config.http.post(upload.upload_url, { body: form, ...(call.signal ? { signal: call.signal } : {}) }),
  );
  return upload.media_id;
}

/** The media's status, or `null` when Pinterest no longer knows it (expired or never existed). */
export async function pinterestVideoStatus(
  config: PinterestVideoConfig,
  call: PinterestCall,
  mediaId: string,
): Promise<string | null> {
  try {
    const media = pinterestMediaSchema.parse(
      await config.api.get(`/media/${encodeURIComponent(mediaId)}`, call),
    );
    return media.status ?? 'registered';
  } catch (error) {
    if (PlatformError.isInstance(error) && error.status === 404) return null;
    throw error;
  }
}

/**
 * Polls `GET /v5/media/{id}` until `succeeded`; `failed` is a content rejection. Running out of
 * time is transient: the caller keeps the media id in its progress and a retry polls on.
 */
export async function awaitPinterestVideo(
  config: PinterestVideoConfig,
  call: PinterestCall,
  mediaId: string,
): Promise<void> {
  const deadline = Date.now() + config.polling.timeoutMs;
  for (;;) {
    const status = await pinterestVideoStatus(config, call, mediaId);
    if (status === 'succeeded') return;
    if (status === 'failed' || status === null) {
      throw new ContentRejectedError({
        platform: PLATFORM,
        field: 'media',
        platformCode: status ?? 'not_found',
        message:
          status === null
            ? `video ${mediaId} is unknown to Pinterest`
            : `Pinterest could not process video ${mediaId}`,
      });
    }
    if (Date.now() + config.polling.delayMs > deadline) {
      throw new TransientError({
        platform: PLATFORM,
        message: `video ${mediaId} is still ${status} after ${config.polling.timeoutMs} ms`,
        retryAfterMs: config.polling.delayMs,
      });
    }
    await sleep(config.polling.delayMs, call.signal);
  }
}
