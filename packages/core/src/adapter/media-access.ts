import type { MediaAsset } from '../schemas/media.js';

/**
 * Hands out a time-limited URL for a stored media asset, for platforms that fetch media
 * themselves (Instagram, Threads, TikTok PULL_FROM_URL, Pinterest). The worker serves signed
 * URLs; an object store can return its own pre-signed URLs.
 */
export interface MediaUrlProvider {
  urlFor(asset: MediaAsset, options: { expiresInSeconds: number }): Promise<URL>;
}

/** Reads the bytes of a stored media asset. */
export interface MediaReader {
  /** The whole file. */
  read(asset: MediaAsset): Promise<Uint8Array>;
  /** `length` bytes from `offset` (chunked uploads). */
  readRange(asset: MediaAsset, offset: number, length: number): Promise<Uint8Array>;
}

/** What adapters get for media: bytes always, URLs only when a provider is configured. */
export interface MediaAccess extends MediaReader {
  /** Null when no `MediaUrlProvider` is configured: the adapter must fail with a clear error. */
  urls: MediaUrlProvider | null;
}

/**
 * Where media bytes live. The default stores files on the local disk; an S3-compatible store
 * keeps them in a bucket. Both read ranges for chunked uploads.
 */
export interface MediaStore extends MediaReader {
  /** Stores bytes under `key` and reports what was stored. */
  put(
    key: string,
    data: Uint8Array | AsyncIterable<Uint8Array>,
    meta: { contentType: string },
  ): Promise<{ sizeBytes: number; checksumSha256: string }>;
  delete(key: string): Promise<void>;
  /** A time-limited URL when the store can hand one out itself (pre-signed S3 URLs); otherwise null. */
  presignedUrl?(
    key: string,
    options: { expiresInSeconds: number; contentType?: string },
  ): Promise<URL | null>;
}
