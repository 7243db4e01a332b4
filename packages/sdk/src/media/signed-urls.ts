import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MediaAsset, MediaUrlProvider } from '@relaypost/core';

/**
 * Signed, expiring URLs for media the worker serves itself (`GET /media/<key>?exp=&sig=`), for
 * platforms that fetch media from a URL. The signature covers the key and the expiry.
 *
 * @example
 * ```ts
 * const urls = createSignedMediaUrls({ baseUrl: 'https://relaypost.example.com', secret });
 * const url = await urls.urlFor(asset, { expiresInSeconds: 900 });
 * ```
 */
export function createSignedMediaUrls(options: {
  baseUrl: string;
  secret: string;
  now?: () => number;
}): MediaUrlProvider & {
  verify(key: string, expires: string | null, signature: string | null): boolean;
} {
  const now = options.now ?? Date.now;
  const sign = (key: string, expires: number) =>
    createHmac('sha256', options.secret).update(`${key}\n${expires}`).digest('base64url');
  return {
    async urlFor(asset: MediaAsset, { expiresInSeconds }) {
      const expires = Math.floor(now() / 1000) + expiresInSeconds;
      const url = new URL(
        `media/${asset.storageKey.split('/').map(encodeURIComponent).join('/')}`,
        withSlash(options.baseUrl),
      );
      url.searchParams.set('exp', String(expires));
      url.searchParams.set('sig', sign(asset.storageKey, expires));
      return url;
    },
    verify(key, expires, signature) {
      if (!expires || !signature) return false;
      const at = Number(expires);
      if (!Number.isInteger(at) || at < Math.floor(now() / 1000)) return false;
      const expected = Buffer.from(sign(key, at));
      const given = Buffer.from(signature);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
