import { parseOrThrow } from '../../errors/validation-error.js';
import { type MediaAsset, type MediaAssetInput, mediaAssetInputSchema } from '../../schemas/media.js';
import { newId, normalizeId } from './ids.js';

/** Validates a media input and builds the asset to store. */
export function mediaAssetFromInput(workspaceId: string, input: MediaAssetInput, now: string): MediaAsset {
  const parsed = parseOrThrow(mediaAssetInputSchema, input, 'media');
  return {
    id: parsed.id === undefined ? newId() : normalizeId(parsed.id),
    workspaceId,
    mimeType: parsed.mimeType,
    sizeBytes: parsed.sizeBytes,
    width: parsed.width ?? null,
    height: parsed.height ?? null,
    durationMs: parsed.durationMs ?? null,
    checksumSha256: parsed.checksumSha256,
    storageKey: parsed.storageKey,
    altText: parsed.altText ?? null,
    createdAt: now,
  };
}
