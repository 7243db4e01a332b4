import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeServer, makePng, testMedia } from '@relaypost/platforms/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalMediaStore } from '../src/media/local-store.js';
import { probeMedia } from '../src/media/probe.js';
import { createS3MediaStore } from '../src/media/s3-store.js';
import { createSignedMediaUrls } from '../src/media/signed-urls.js';

/** The credentials, bucket and instant of AWS's published S3 signing examples. */
const awsExample = {
  endpoint: 'https://s3.amazonaws.com',
  bucket: 'examplebucket',
  region: 'us-east-1',
  credentials: {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  },
  now: () => new Date('2013-05-24T00:00:00Z'),
};
const asStored = (storageKey: string) => ({
  ...testMedia(makePng(1, 1), { mimeType: 'image/png' }).asset,
  storageKey,
});

// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html and
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
describe("S3 signing, against AWS's published examples", () => {
  it('pre-signs a GET URL for a day', async () => {
    const url = await createS3MediaStore(awsExample).presignedUrl!('test.txt', { expiresInSeconds: 86400 });
    expect(url?.origin).toBe('https://examplebucket.s3.amazonaws.com');
    expect(url?.pathname).toBe('/test.txt');
    expect(url?.searchParams.get('X-Amz-Credential')).toBe(
      'AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request',
    );
    expect(url?.searchParams.get('X-Amz-Expires')).toBe('86400');
    expect(url?.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url?.searchParams.get('X-Amz-Signature')).toBe(
      'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    );
  });

  it('signs a ranged GET with the Range header', async () => {
    const sent: Request[] = [];
    const store = createS3MediaStore({
      ...awsExample,
      fetch: async (input, init) => {
        sent.push(new Request(input, init));
        return new Response('0123456789', { status: 206 });
      },
    });
    expect(Buffer.from(await store.readRange(asStored('test.txt'), 0, 10)).toString()).toBe('0123456789');
    expect(sent[0]?.url).toBe('https://examplebucket.s3.amazonaws.com/test.txt');
    expect(sent[0]?.headers.get('range')).toBe('bytes=0-9');
    expect(sent[0]?.headers.get('authorization')).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it("sends temporary credentials' session token, signed, and puts the bucket in the path when told", async () => {
    const sent: Request[] = [];
    const store = createS3MediaStore({
      ...awsExample,
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      prefix: 'relaypost/',
      credentials: { ...awsExample.credentials, sessionToken: 'the-session-token' },
      fetch: async (input, init) => {
        sent.push(new Request(input, init));
        return new Response(null, { status: 200 });
      },
    });
    await store.put('ws/a b+c.png', new Uint8Array([1, 2, 3]), { contentType: 'image/png' });
    expect(sent[0]?.url).toBe('http://127.0.0.1:9000/examplebucket/relaypost/ws/a%20b%2Bc.png');
    expect(sent[0]?.headers.get('x-amz-security-token')).toBe('the-session-token');
    expect(sent[0]?.headers.get('x-amz-content-sha256')).toBe(
      '039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81',
    );
    expect(sent[0]?.headers.get('authorization')).toMatch(
      /SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token,/,
    );
    const url = await store.presignedUrl!('ws/a.png', { expiresInSeconds: 60 });
    expect(url?.searchParams.get('X-Amz-Security-Token')).toBe('the-session-token');
  });
});

describe('local media store', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rp-media-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('stores, reads, reads ranges and deletes', async () => {
    const store = createLocalMediaStore({ directory: dir });
    const png = makePng(8, 8);
    const stored = await store.put('ws/a.png', png, { contentType: 'image/png' });
    expect(stored.sizeBytes).toBe(png.length);
    const { asset } = testMedia(png, { mimeType: 'image/png' });
    const item = { ...asset, storageKey: 'ws/a.png' };
    expect(stored.checksumSha256).toBe(asset.checksumSha256);
    expect(Buffer.from(await store.read(item)).equals(png)).toBe(true);
    expect([...(await store.readRange(item, 1, 3))]).toEqual([...png.subarray(1, 4)]);
    await store.delete('ws/a.png');
    await expect(store.read(item)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('stores streams and refuses keys that escape the directory', async () => {
    const store = createLocalMediaStore({ directory: dir });
    async function* parts() {
      yield new Uint8Array([1, 2]);
      yield new Uint8Array([3]);
    }
    expect((await store.put('s.bin', parts(), { contentType: 'video/mp4' })).sizeBytes).toBe(3);
    await expect(
      store.put('../evil', new Uint8Array([1]), { contentType: 'image/png' }),
    ).rejects.toMatchObject({ code: 'configuration' });
  });
});

describe('signed media URLs', () => {
  it('verifies its own URLs and refuses tampered or expired ones', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const urls = createSignedMediaUrls({
      baseUrl: 'https://rp.example.com/base',
      secret: 's3cret',
      now: () => now,
    });
    const { asset } = testMedia(makePng(2, 2), { mimeType: 'image/png' });
    const url = await urls.urlFor(asset, { expiresInSeconds: 60 });
    expect(url.pathname.startsWith('/base/media/')).toBe(true);
    const exp = url.searchParams.get('exp');
    const sig = url.searchParams.get('sig');
    expect(urls.verify(asset.storageKey, exp, sig)).toBe(true);
    expect(urls.verify(`${asset.storageKey}x`, exp, sig)).toBe(false);
    expect(urls.verify(asset.storageKey, String(Number(exp) + 1), sig)).toBe(false);
    now += 61_000;
    expect(urls.verify(asset.storageKey, exp, sig)).toBe(false);
  });
});

describe('S3 media store', () => {
  let server: FakeServer;
  const objects = new Map<string, Buffer>();
  beforeAll(async () => {
    server = await FakeServer.start('s3');
    const authorized = (headers: Record<string, string>) =>
      headers.authorization?.startsWith('AWS4-HMAC-SHA256 Credential=AK/') === true;
    server.route('PUT', '/bucket/:key', (req, { key }) => {
      if (!authorized(req.headers)) return { status: 403 };
      objects.set(key ?? '', req.body);
      return { status: 200 };
    });
    server.route('GET', '/bucket/:key', (req, { key }) => {
      const body = objects.get(key ?? '');
      if (!body) return { status: 404 };
      const range = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
      if (range) return { status: 206, body: body.subarray(Number(range[1]), Number(range[2]) + 1) };
      return { status: 200, body };
    });
    server.route('DELETE', '/bucket/:key', (_req, { key }) => {
      objects.delete(key ?? '');
      return { status: 204 };
    });
  });
  afterAll(() => server.close());

  it('puts, gets ranges, presigns and deletes with signed requests', async () => {
    const store = createS3MediaStore({
      endpoint: server.url,
      bucket: 'bucket',
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
    });
    const png = makePng(4, 4);
    await store.put('a.png', png, { contentType: 'image/png' });
    const { asset } = testMedia(png, { mimeType: 'image/png' });
    const item = { ...asset, storageKey: 'a.png' };
    expect(Buffer.from(await store.read(item)).equals(png)).toBe(true);
    expect([...(await store.readRange(item, 0, 4))]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const url = await store.presignedUrl!('a.png', { expiresInSeconds: 60 });
    expect(url?.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    await store.delete('a.png');
    await expect(store.read(item)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('probeMedia', () => {
  it('reads PNG and GIF sizes', () => {
    expect(probeMedia(makePng(120, 45))).toEqual({ mimeType: 'image/png', width: 120, height: 45 });
    const gif = Buffer.from('GIF89a\x10\x00\x20\x00', 'binary');
    expect(probeMedia(gif)).toEqual({ mimeType: 'image/gif', width: 16, height: 32 });
  });

  it('reads a JPEG frame header', () => {
    const jpeg = Buffer.from([
      0xff,
      0xd8,
      0xff,
      0xe0,
      0x00,
      0x04,
      0x00,
      0x00, // APP0 (length 4)
      0xff,
      0xc0,
      0x00,
      0x11,
      0x08,
      0x01,
      0x2c,
      0x02,
      0x58,
      0x03,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
    expect(probeMedia(jpeg)).toEqual({ mimeType: 'image/jpeg', width: 600, height: 300 });
  });

  it('reads MP4 duration and track size', () => {
    const box = (type: string, body: Buffer) => {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(8 + body.length);
      head.write(type, 4, 'ascii');
      return Buffer.concat([head, body]);
    };
    const mvhd = Buffer.alloc(100);
    mvhd.writeUInt32BE(1000, 12); // timescale
    mvhd.writeUInt32BE(12_500, 16); // duration
    const tkhd = Buffer.alloc(84);
    tkhd.writeUInt32BE(1080 << 16, 76);
    tkhd.writeUInt32BE(1920 << 16, 80);
    const file = Buffer.concat([
      box('ftyp', Buffer.from('isom\0\0\0\0', 'binary')),
      box('moov', Buffer.concat([box('mvhd', mvhd), box('trak', box('tkhd', tkhd))])),
    ]);
    expect(probeMedia(file)).toEqual({
      mimeType: 'video/mp4',
      width: 1080,
      height: 1920,
      durationMs: 12_500,
    });
  });

  it('returns null for unknown bytes', () => {
    expect(probeMedia(Buffer.from('hello'))).toBeNull();
  });
});
