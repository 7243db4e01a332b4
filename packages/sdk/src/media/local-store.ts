import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MediaAsset, MediaStore } from '@relaypost/core';
import { ConfigurationError, NotFoundError } from '@relaypost/core';

/**
 * Media on the local disk, under one directory. Writes go to a temporary file first and are
 * renamed into place, so a reader never sees half a file.
 *
 * @example
 * ```ts
 * const media = createLocalMediaStore({ directory: '.relaypost/media' });
 * await media.put('ws/abc.png', bytes, { contentType: 'image/png' });
 * ```
 */
export function createLocalMediaStore(options: { directory: string }): MediaStore {
  const root = resolve(options.directory);
  const pathOf = (key: string): string => {
    const path = resolve(root, key);
    if (!path.startsWith(root + sep))
      throw new ConfigurationError(`media key escapes the media directory: ${key}`);
    return path;
  };
  const missing = (key: string, error: unknown): never => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('media file', key);
    throw error;
  };

  return {
    async put(key, data, _meta) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temp = join(dirname(path), `.${randomUUID()}.part`);
      const hash = createHash('sha256');
      let sizeBytes = 0;
      const chunks = data instanceof Uint8Array ? [data] : data;
      async function* counted() {
        for await (const chunk of chunks) {
          hash.update(chunk);
          sizeBytes += chunk.length;
          yield chunk;
        }
      }
      try {
        await pipeline(counted(), createWriteStream(temp));
        await rename(temp, path);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      return { sizeBytes, checksumSha256: hash.digest('hex') };
    },

    async read(asset: MediaAsset) {
      try {
        return new Uint8Array(await readFile(pathOf(asset.storageKey)));
      } catch (error) {
        return missing(asset.storageKey, error);
      }
    },

    async readRange(asset: MediaAsset, offset: number, length: number) {
      let handle: Awaited<ReturnType<typeof open>> | undefined;
      try {
        handle = await open(pathOf(asset.storageKey), 'r');
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, offset);
        return new Uint8Array(buffer.subarray(0, bytesRead));
      } catch (error) {
        return missing(asset.storageKey, error);
      } finally {
        await handle?.close();
      }
    },

    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

/** A readable stream of a stored file (used by the worker's media endpoint). */
export function openLocalMediaStream(directory: string, key: string): NodeJS.ReadableStream {
  const root = resolve(directory);
  const path = resolve(root, key);
  if (!path.startsWith(root + sep))
    throw new ConfigurationError(`media key escapes the media directory: ${key}`);
  return createReadStream(path);
}
