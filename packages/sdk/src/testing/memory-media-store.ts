import { createHash } from 'node:crypto';
import { type MediaAsset, type MediaStore, NotFoundError } from '@relaypost/core';

/**
 * A media store in process memory, the double's default, so `media.upload` works in unit tests
 * without a directory or a bucket. The bytes are lost with the process.
 *
 * @example
 * ```ts
 * const media = createMemoryMediaStore();
 * await media.put('ws/abc.png', bytes, { contentType: 'image/png' });
 * ```
 */
export function createMemoryMediaStore(): MediaStore {
  const files = new Map<string, Uint8Array>();
  const bytesOf = (asset: MediaAsset): Uint8Array => {
    const bytes = files.get(asset.storageKey);
    if (bytes === undefined) throw new NotFoundError('media file', asset.storageKey);
    return bytes;
  };
  return {
    async put(key, data) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of data instanceof Uint8Array ? [data] : data) chunks.push(chunk);
      const bytes = new Uint8Array(Buffer.concat(chunks));
      files.set(key, bytes);
      return { sizeBytes: bytes.length, checksumSha256: createHash('sha256').update(bytes).digest('hex') };
    },
    read: async (asset) => bytesOf(asset).slice(),
    readRange: async (asset, offset, length) => bytesOf(asset).slice(offset, offset + length),
    async delete(key) {
      files.delete(key);
    },
  };
}
