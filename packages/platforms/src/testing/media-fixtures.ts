import { createHash, randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { MediaAccess, MediaAsset, MediaUrlProvider } from '@relaypost/core';
import { FakeServer } from './fake-server.js';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A real, decodable PNG of the given size (solid colour), for upload tests.
 *
 * @example
 * ```ts
 * const bytes = makePng(64, 48);
 * ```
 */
export function makePng(
  width: number,
  height: number,
  rgb: [number, number, number] = [40, 120, 200],
): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Bytes that stand in for a video file (platform fakes do not decode video). */
export function makeFakeVideo(sizeBytes: number): Buffer {
  const bytes = Buffer.alloc(sizeBytes);
  // An ISO BMFF `ftyp` box at the start, as MP4 files have.
  bytes.write('\u0000\u0000\u0000\u0018ftypmp42', 0, 'binary');
  for (let i = 16; i < sizeBytes; i++) bytes[i] = i % 251;
  return bytes;
}

/** A media asset with its bytes, for tests. */
export interface TestMedia {
  asset: MediaAsset;
  bytes: Buffer;
}

/** Builds the asset metadata for `bytes` the way the media store would. */
export function testMedia(
  bytes: Buffer,
  meta: {
    mimeType: string;
    width?: number;
    height?: number;
    durationMs?: number;
    altText?: string;
    workspaceId?: string;
  },
): TestMedia {
  return {
    bytes,
    asset: {
      id: randomUUID(),
      workspaceId: meta.workspaceId ?? randomUUID(),
      mimeType: meta.mimeType,
      sizeBytes: bytes.length,
      width: meta.width ?? null,
      height: meta.height ?? null,
      durationMs: meta.durationMs ?? null,
      checksumSha256: createHash('sha256').update(bytes).digest('hex'),
      storageKey: `test/${randomUUID()}`,
      altText: meta.altText ?? null,
      createdAt: new Date().toISOString(),
    },
  };
}

/**
 * In-memory `MediaAccess` over test media. With `host`, it also hands out URLs served by a
 * loopback `MediaHost`, for platforms that fetch media from a URL.
 */
export function memoryMediaAccess(items: readonly TestMedia[], host?: MediaHost): MediaAccess {
  const byId = new Map(items.map((item) => [item.asset.id, item]));
  const bytesOf = (asset: MediaAsset): Buffer => {
    const item = byId.get(asset.id);
    if (!item) throw new Error(`test media ${asset.id} is not registered`);
    return item.bytes;
  };
  if (host) for (const item of items) host.add(item);
  return {
    read: async (asset) => new Uint8Array(bytesOf(asset)),
    readRange: async (asset, offset, length) =>
      new Uint8Array(bytesOf(asset).subarray(offset, offset + length)),
    urls: host ?? null,
  };
}

/**
 * Serves test media over HTTP on loopback with expiring signed-looking URLs, so fakes of
 * platforms that fetch media (Instagram, Threads, TikTok, Pinterest) can really download it.
 */
export class MediaHost implements MediaUrlProvider {
  private readonly files = new Map<string, TestMedia>();
  private readonly expiries = new Map<string, number>();

  private constructor(readonly server: FakeServer) {}

  static async start(): Promise<MediaHost> {
    const server = await FakeServer.start('media-host');
    const host = new MediaHost(server);
    server.route('GET', '/media/:token', (_req, { token }) => {
      const expiry = host.expiries.get(token ?? '');
      const item = host.files.get(token?.split('.')[0] ?? '');
      if (!item || expiry === undefined || expiry < Date.now())
        return { status: 403, body: 'expired or unknown' };
      return { status: 200, headers: { 'content-type': item.asset.mimeType }, body: item.bytes };
    });
    return host;
  }

  add(item: TestMedia): void {
    this.files.set(item.asset.id, item);
  }

  async urlFor(asset: MediaAsset, options: { expiresInSeconds: number }): Promise<URL> {
    const token = `${asset.id}.${randomUUID()}`;
    this.expiries.set(token, Date.now() + options.expiresInSeconds * 1000);
    return new URL(`/media/${token}`, this.server.url);
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
