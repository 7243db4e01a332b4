import { z } from 'zod';
import { idSchema } from './common.js';
import { textSchema } from './text.js';

export const MEDIA_KINDS = ['image', 'gif', 'video'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** The kind of a media file, from its MIME type. */
export function mediaKindOf(mimeType: string): MediaKind | null {
  if (mimeType === 'image/gif') return 'gif';
  if (mimeType.startsWith('image/')) return 'image';
  if (mimeType.startsWith('video/')) return 'video';
  return null;
}

export const mediaAssetInputSchema = z.object({
  id: idSchema.optional(),
  mimeType: z.string().regex(/^(image|video)\/[a-z0-9.+-]+$/, 'must be an image/* or video/* MIME type'),
  sizeBytes: z.number().int().positive(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  durationMs: z.number().int().nonnegative().optional(),
  /** Hex SHA-256 of the bytes. */
  checksumSha256: z.string().regex(/^[a-f0-9]{64}$/, 'must be a lowercase hex SHA-256'),
  /** Where the media store keeps the bytes. */
  storageKey: z.string().min(1).max(1024),
  altText: textSchema({ max: 2000 }).optional(),
});
export type MediaAssetInput = z.input<typeof mediaAssetInputSchema>;

export interface MediaAsset {
  id: string;
  workspaceId: string;
  mimeType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  checksumSha256: string;
  storageKey: string;
  altText: string | null;
  createdAt: string;
}
