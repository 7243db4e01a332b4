import { ContentRejectedError, type MediaAsset, type MediaReader, TransientError } from '@relaypost/core';
import type { KyInstance } from 'ky';
import { platformCall } from '../http/index.js';
import type { RedditApi, RedditCall } from './api.js';
import { redditAssetLeaseSchema } from './wire.js';

const PLATFORM = 'reddit';

/**
 * Where image uploads go. ⚠ `POST /api/media/asset.json` is not in Reddit's API reference; its
 * shape is known from clients that use it (PRAW): it takes `filepath` and `mimetype` and returns
 * an upload lease `args.{action, fields[{name, value}]}` for an S3-style POST form, `action`
 * scheme-less. The image's URL is then `<action URL>/<key field>`.
 */
export interface RedditUploadConfig {
  api: RedditApi;
  /** Plain ky (the lease is a pre-signed storage form: no bearer token). */
  http: KyInstance;
  /** The lease endpoint, relative to the API base. Default `/api/media/asset.json`. */
  assetPath: string;
  /** The scheme put before a scheme-less `action`. Default `https:`. */
  uploadProtocol: string;
  /** Overrides the lease's `action` entirely (a proxy, a test bucket). */
  uploadUrl: string | undefined;
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif' };

/**
 * Uploads one image through an upload lease and returns the URL to submit with `kind=image`.
 *
 * @example
 * ```ts
 * const url = await uploadRedditImage(config, { token }, asset, request.media);
 * ```
 */
export async function uploadRedditImage(
  config: RedditUploadConfig,
  call: RedditCall,
  asset: MediaAsset,
  reader: MediaReader,
): Promise<string> {
  const filepath = `image.${EXTENSIONS[asset.mimeType] ?? 'jpg'}`;
  const lease = redditAssetLeaseSchema.parse(
    await config.api.post(config.assetPath, call, { filepath, mimetype: asset.mimeType }, false),
  );
  const action = lease.args.action;
  const uploadUrl = (
    config.uploadUrl ?? (action.startsWith('//') ? `${config.uploadProtocol}${action}` : action)
  ).replace(/\/+$/, '');
  const key = lease.args.fields.find((field) => field.name === 'key')?.value;
  if (!key) {
    throw new TransientError({
      platform: PLATFORM,
      responseBody: lease,
      message: 'the upload lease has no key',
    });
  }
  const form = new FormData();
  for (const field of lease.args.fields) form.append(field.name, field.value);
  const bytes = await reader.read(asset);
  // The storage checks the policy in field order: the file must come last.
  form.append('file', new Blob([new Uint8Array(bytes)], { type: asset.mimeType }), filepath);
  await platformCall(
    {
      platform: PLATFORM,
      // Nothing is posted until the submit names the image.
      mutating: false,
      mapError: (failure) =>
        failure.status === 400 || failure.status === 413
          ? new ContentRejectedError({
              platform: PLATFORM,
              status: failure.status,
              responseBody: failure.data,
              field: 'media.0',
              message: `the upload storage refused the image (HTTP ${failure.status})`,
            })
          : new TransientError({
              platform: PLATFORM,
              status: failure.status,
              responseBody: failure.data,
              message: `image upload failed (HTTP ${failure.status}); a new lease is taken on retry`,
            }),
    },
    () => config.http.post(uploadUrl, { body: form, ...(call.signal ? { signal: call.signal } : {}) }),
  );
  return `${uploadUrl}/${key}`;
}
