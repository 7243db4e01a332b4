import { ContentRejectedError, type MediaAccess, type MediaAsset } from '@relaypost/core';

/**
 * A public URL the platform can fetch `asset` from, via the configured `MediaUrlProvider`.
 * Instagram and Threads only take media by URL, so without a provider publishing cannot work:
 * that fails at once with a message that says what to configure.
 *
 * @example
 * ```ts
 * const imageUrl = await mediaUrlFor('instagram', request.media, asset, 3600);
 * ```
 */
export async function mediaUrlFor(
  platform: string,
  media: MediaAccess,
  asset: MediaAsset,
  expiresInSeconds: number,
): Promise<string> {
  if (!media.urls) {
    throw new ContentRejectedError({
      platform,
      field: 'media',
      message:
        `${platform} fetches media from a public URL, but no MediaUrlProvider is configured: ` +
        'configure one (the worker media server or an object store with pre-signed URLs) to publish media here',
    });
  }
  const url = await media.urls.urlFor(asset, { expiresInSeconds });
  return url.toString();
}
