import type { MediaAsset } from '@relaypost/core';

/** What the browser needs to show a media item (no storage keys). */
export interface MediaView {
  id: string;
  mimeType: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  sizeBytes: number;
  altText: string | null;
}

/**
 * A media asset as the browser sees it.
 *
 * @example
 * ```ts
 * const views = (await relaypost.media.list(workspaceId)).items.map(mediaView);
 * ```
 */
export function mediaView(asset: MediaAsset): MediaView {
  return {
    id: asset.id,
    mimeType: asset.mimeType,
    width: asset.width ?? null,
    height: asset.height ?? null,
    durationMs: asset.durationMs ?? null,
    sizeBytes: asset.sizeBytes,
    altText: asset.altText ?? null,
  };
}

/**
 * `1.2 MB`, `640 KB`.
 *
 * @example
 * ```ts
 * formatBytes(1_300_000) // '1.2 MB'
 * ```
 */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}
