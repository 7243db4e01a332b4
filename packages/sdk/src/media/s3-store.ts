import { createHash } from 'node:crypto';
import type { MediaAsset, MediaStore } from '@relaypost/core';
import { NotFoundError, TransientError } from '@relaypost/core';
import { presignUrl, type SigV4Credentials, signRequest, uriEncode } from './sigv4.js';

export interface S3MediaStoreOptions {
  /** e.g. `https://s3.eu-central-1.amazonaws.com` or a MinIO / R2 endpoint. */
  endpoint: string;
  bucket: string;
  region: string;
  credentials: SigV4Credentials;
  /** Put the bucket in the path (MinIO and most self-hosted stores) instead of the host name. */
  forcePathStyle?: boolean;
  /** A prefix for every key, e.g. `relaypost/`. */
  prefix?: string;
  fetch?: typeof globalThis.fetch;
}

/**
 * Media in an S3-compatible bucket, with pre-signed URLs for platforms that fetch media.
 * Requests are signed with AWS Signature Version 4; no AWS SDK needed.
 *
 * @example
 * ```ts
 * const media = createS3MediaStore({ endpoint: 'https://s3.amazonaws.com', bucket: 'b', region: 'us-east-1', credentials });
 * ```
 */
export function createS3MediaStore(options: S3MediaStoreOptions): MediaStore {
  const doFetch = options.fetch ?? globalThis.fetch;
  const scope = { region: options.region, service: 's3' };
  const urlFor = (key: string): URL => {
    const fullKey = `${options.prefix ?? ''}${key}`
      .split('/')
      .map((part) => uriEncode(part))
      .join('/');
    const endpoint = new URL(options.endpoint);
    if (options.forcePathStyle) return new URL(`${endpoint.origin}/${options.bucket}/${fullKey}`);
    return new URL(`${endpoint.protocol}//${options.bucket}.${endpoint.host}/${fullKey}`);
  };
  const send = async (
    method: string,
    key: string,
    body: Uint8Array | null,
    headers: Record<string, string> = {},
  ) => {
    const url = urlFor(key);
    const signed = signRequest({ method, url, headers, body, credentials: options.credentials, scope });
    const response = await doFetch(url, {
      method,
      headers: signed,
      ...(body ? { body: Buffer.from(body) } : {}),
    });
    if (response.status === 404) throw new NotFoundError('media object', key);
    if (!response.ok && response.status !== 206) {
      throw new TransientError({
        platform: 's3',
        status: response.status,
        message: `S3 ${method} failed`,
        responseBody: await response.text(),
      });
    }
    return response;
  };

  return {
    async put(key, data, meta) {
      const chunks: Uint8Array[] = [];
      if (data instanceof Uint8Array) chunks.push(data);
      else for await (const chunk of data) chunks.push(chunk);
      const body = Buffer.concat(chunks);
      await send('PUT', key, body, { 'content-type': meta.contentType });
      return { sizeBytes: body.length, checksumSha256: createHash('sha256').update(body).digest('hex') };
    },
    async read(asset: MediaAsset) {
      return new Uint8Array(await (await send('GET', asset.storageKey, null)).arrayBuffer());
    },
    async readRange(asset: MediaAsset, offset: number, length: number) {
      const response = await send('GET', asset.storageKey, null, {
        range: `bytes=${offset}-${offset + length - 1}`,
      });
      return new Uint8Array(await response.arrayBuffer());
    },
    async delete(key) {
      await send('DELETE', key, null).catch((error: unknown) => {
        if (!NotFoundError.isInstance(error)) throw error;
      });
    },
    async presignedUrl(key, { expiresInSeconds }) {
      return presignUrl({
        method: 'GET',
        url: urlFor(key),
        credentials: options.credentials,
        scope,
        expiresInSeconds,
      });
    },
  };
}
