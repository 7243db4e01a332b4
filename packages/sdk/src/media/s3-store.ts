import { createHash } from 'node:crypto';
import type { MediaAsset, MediaStore } from '@relaypost/core';
import { NotFoundError, TransientError } from '@relaypost/core';
import { AwsV4Signer } from 'aws4fetch';

// Signed with aws4fetch (AWS Signature Version 4, headers and pre-signed URLs): one small file
// without dependencies, where @aws-sdk/client-s3 alone installs 26 packages (about 21 MB), its
// presigner more, for the five calls this store makes. Checked against AWS's published S3 signing
// examples (src/media/media.test.ts).

/** Credentials for an S3-compatible store. */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** For temporary credentials (STS). */
  sessionToken?: string;
}

/** Options for {@link createS3MediaStore}. */
export interface S3MediaStoreOptions {
  /** e.g. `https://s3.eu-central-1.amazonaws.com` or a MinIO / R2 endpoint. */
  endpoint: string;
  bucket: string;
  /** The signing region (`auto` for R2; MinIO takes any, usually `us-east-1`). */
  region: string;
  credentials: S3Credentials;
  /** Put the bucket in the path (MinIO and most self-hosted stores) instead of the host name. */
  forcePathStyle?: boolean;
  /** A prefix for every key, e.g. `relaypost/`. */
  prefix?: string;
  fetch?: typeof globalThis.fetch;
  /** The clock requests are signed with (tests). Default: now. */
  now?: () => Date;
}

/**
 * Media in an S3-compatible bucket, with pre-signed URLs for platforms that fetch media.
 * Requests are signed with AWS Signature Version 4 (the payload's SHA-256 included); no AWS SDK
 * needed.
 *
 * @example
 * ```ts
 * const media = createS3MediaStore({ endpoint: 'https://s3.amazonaws.com', bucket: 'b', region: 'us-east-1', credentials });
 * ```
 */
export function createS3MediaStore(options: S3MediaStoreOptions): MediaStore {
  const doFetch = options.fetch ?? globalThis.fetch;
  /** Signing keys by day, so a request costs two HMACs instead of six. */
  const keys = new Map<string, ArrayBuffer>();
  const signer = (
    method: string,
    url: URL,
    headers: Record<string, string>,
    signQuery = false,
  ): AwsV4Signer => {
    const { accessKeyId, secretAccessKey, sessionToken } = options.credentials;
    return new AwsV4Signer({
      method,
      url: url.toString(),
      headers,
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
      service: 's3',
      region: options.region,
      cache: keys,
      ...(options.now ? { datetime: amzDate(options.now()) } : {}),
      signQuery,
      // Sign every header sent (Range and Content-Type too, as the AWS SDK does).
      allHeaders: true,
    });
  };
  const urlFor = (key: string): URL => {
    const fullKey = `${options.prefix ?? ''}${key}`.split('/').map(uriEncode).join('/');
    const endpoint = new URL(options.endpoint);
    if (options.forcePathStyle) return new URL(`${endpoint.origin}/${options.bucket}/${fullKey}`);
    return new URL(`${endpoint.protocol}//${options.bucket}.${endpoint.host}/${fullKey}`);
  };
  const send = async (
    method: string,
    key: string,
    body: Buffer | null,
    headers: Record<string, string> = {},
  ) => {
    const url = urlFor(key);
    const payloadHash = createHash('sha256')
      .update(body ?? '')
      .digest('hex');
    const signed = await signer(method, url, { ...headers, 'x-amz-content-sha256': payloadHash }).sign();
    const response = await doFetch(url, {
      method,
      headers: signed.headers,
      ...(body ? { body } : {}),
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
      const url = urlFor(key);
      url.searchParams.set('X-Amz-Expires', String(expiresInSeconds));
      return (await signer('GET', url, {}, true).sign()).url;
    },
  };
}

/** `20130524T000000Z`, the form the signature's date takes. */
function amzDate(date: Date): string {
  return date.toISOString().replace(/[:-]|\.\d{3}/g, '');
}

/** RFC 3986 encoding of one path segment, as S3 wants it. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
