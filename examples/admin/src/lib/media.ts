import type { PlatformId } from '@relaypost/core';
import type { PlatformInfo } from './platforms';

/**
 * The platforms among `targets` that take images but not this image's type, while they take
 * JPEG: converting would make the file acceptable to them (Instagram takes only JPEG photos).
 *
 * @example
 * ```ts
 * platformsNeedingJpeg('image/png', ['instagram', 'bluesky'], info) // ['instagram']
 * ```
 */
export function platformsNeedingJpeg(
  mimeType: string,
  targets: readonly PlatformId[],
  platforms: ReadonlyMap<PlatformId, PlatformInfo>,
): PlatformId[] {
  if (!mimeType.startsWith('image/') || mimeType === 'image/jpeg' || mimeType === 'image/gif') return [];
  return targets.filter((platform) => {
    const image = platforms.get(platform)?.capabilities.media.kinds.image;
    return (
      image !== undefined && !image.mimeTypes.includes(mimeType) && image.mimeTypes.includes('image/jpeg')
    );
  });
}

/**
 * Re-encodes an image as JPEG with sharp (transparent areas become white, as a feed shows them).
 *
 * @example
 * ```ts
 * const jpeg = await convertToJpeg(pngBytes);
 * ```
 */
export async function convertToJpeg(bytes: Uint8Array): Promise<Uint8Array> {
  const { default: sharp } = await import('sharp');
  const output = await sharp(bytes)
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 90, mozjpeg: true })
    .toBuffer();
  return new Uint8Array(output);
}
