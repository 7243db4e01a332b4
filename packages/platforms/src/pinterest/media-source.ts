import { ContentRejectedError, type MediaAsset, mediaKindOf, type PublishRequest } from '@relaypost/core';
import { PINTEREST_BASE64_TYPES } from './limits.js';
import type { PinterestOptions } from './options.js';

const PLATFORM = 'pinterest';

/** How images reach Pinterest: fetched from a URL, sent inline as base64, or URL when one can be made. */
export type PinterestImageSource = 'auto' | 'url' | 'base64';

/** The `media_source` of a Pin, as `POST /v5/pins` takes it. */
export type PinterestMediaSource =
  | { source_type: 'image_url'; url: string }
  | { source_type: 'image_base64'; content_type: string; data: string }
  | { source_type: 'multiple_image_urls'; items: Array<{ url: string }> }
  | {
      source_type: 'video_id';
      media_id: string;
      cover_image_url?: string;
      cover_image_key_frame_time?: number;
    };

export interface ImageSourceConfig {
  imageSource: PinterestImageSource;
  mediaUrlTtlSeconds: number;
}

const rejected = (message: string, field = 'media') =>
  new ContentRejectedError({ platform: PLATFORM, field, message });

/** Whether a post is a video Pin. */
export const isVideoPost = (media: readonly MediaAsset[]) =>
  media.length === 1 && mediaKindOf(media[0]?.mimeType ?? '') === 'video';

/**
 * The `media_source` for one or more images: one image by `image_url` or `image_base64`
 * (JPEG/PNG only), 2 to 5 images by `multiple_image_urls` (Pinterest takes no base64 carousel
 * from us: URLs are needed).
 *
 * @example
 * ```ts
 * await imageMediaSource(request, { imageSource: 'auto', mediaUrlTtlSeconds: 3600 }) // { source_type: 'image_url', url }
 * ```
 */
export async function imageMediaSource(
  request: PublishRequest,
  config: ImageSourceConfig,
): Promise<PinterestMediaSource> {
  const images = request.content.media;
  const urls = request.media.urls;
  const mode = config.imageSource === 'auto' ? (urls ? 'url' : 'base64') : config.imageSource;
  const urlOf = async (asset: MediaAsset) => {
    if (!urls) throw rejected('Pinterest fetches these images from URLs: configure a MediaUrlProvider');
    return (await urls.urlFor(asset, { expiresInSeconds: config.mediaUrlTtlSeconds })).toString();
  };
  const [first] = images;
  if (!first) throw rejected('a Pin needs an image or a video');
  if (images.length > 1) {
    return {
      source_type: 'multiple_image_urls',
      items: await Promise.all(images.map(async (a) => ({ url: await urlOf(a) }))),
    };
  }
  if (mode === 'url') return { source_type: 'image_url', url: await urlOf(first) };
  if (!(PINTEREST_BASE64_TYPES as readonly string[]).includes(first.mimeType)) {
    throw rejected(`inline (base64) images must be JPEG or PNG, not ${first.mimeType}`, 'media.0.mimeType');
  }
  const bytes = await request.media.read(first);
  return {
    source_type: 'image_base64',
    content_type: first.mimeType,
    data: Buffer.from(bytes).toString('base64'),
  };
}

/** The `video_id` media source, with the cover the options name (or a key frame). */
export function videoMediaSource(
  mediaId: string,
  options: PinterestOptions,
  defaultKeyFrameTime: number,
): PinterestMediaSource {
  if (options.coverImageUrl)
    return { source_type: 'video_id', media_id: mediaId, cover_image_url: options.coverImageUrl };
  return {
    source_type: 'video_id',
    media_id: mediaId,
    cover_image_key_frame_time: options.coverImageKeyFrameTime ?? defaultKeyFrameTime,
  };
}

/**
 * The Pin's one `alt_text`: the first image's. Pinterest keeps one per Pin, so the alt texts of
 * the other images of a multi-image Pin are dropped with a warning.
 */
export function pinAltText(media: readonly MediaAsset[], warnings: string[]): string | undefined {
  const withAlt = media.filter((asset) => asset.altText);
  if (withAlt.length > 1 || (withAlt.length === 1 && media[0]?.altText !== withAlt[0]?.altText)) {
    warnings.push('Pinterest keeps one alt text per Pin: only the first image’s alt text is used');
  }
  return media[0]?.altText ?? undefined;
}
