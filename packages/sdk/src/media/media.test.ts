import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeServer, makePng, testMedia } from '@relaypost/platforms/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImage, videoFixture } from '../../test/media-files.js';
import { createLocalMediaStore } from './local-store.js';
import { probeMedia } from './probe.js';
import { createS3MediaStore } from './s3-store.js';
import { createSignedMediaUrls } from './signed-urls.js';

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
  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['jpeg-progressive', 'image/jpeg'],
    ['gif', 'image/gif'],
    ['webp', 'image/webp'],
    ['webp-lossless', 'image/webp'],
    ['webp-alpha', 'image/webp'],
  ] as const)('reads the type and size of a %s image', async (format, mimeType) => {
    expect(await probeMedia(await makeImage(format, 120, 45))).toEqual({ mimeType, width: 120, height: 45 });
  });

  it('reads the type, size and duration of MP4 and QuickTime videos', async () => {
    // ffmpeg writes the moov box after the media data; the audio track comes first here.
    expect(await probeMedia(videoFixture('h264-64x36-2s-audio-first.mp4'))).toEqual({
      mimeType: 'video/mp4',
      width: 64,
      height: 36,
      durationMs: 2000,
    });
    expect(await probeMedia(videoFixture('h264-36x64-1s.mov'))).toEqual({
      mimeType: 'video/quicktime',
      width: 36,
      height: 64,
      durationMs: 1000,
    });
    expect(await probeMedia(videoFixture('h264-16x16-150s.mp4'))).toMatchObject({ durationMs: 150_000 });
  });

  it('reads a QuickTime file that has no ftyp box (older QuickTime writers)', async () => {
    const mov = videoFixture('h264-36x64-1s.mov');
    expect(mov.toString('latin1', 4, 12)).toBe('ftypqt  ');
    const withoutFtyp = mov.subarray(mov.readUInt32BE(0));
    expect(await probeMedia(withoutFtyp)).toEqual({
      mimeType: 'video/quicktime',
      width: 36,
      height: 64,
      durationMs: 1000,
    });
  });

  it('gives no duration for a fragmented MP4 that does not say its length up front', async () => {
    expect(await probeMedia(videoFixture('h264-48x48-fragmented.mp4'))).toEqual({
      mimeType: 'video/mp4',
      width: 48,
      height: 48,
    });
  });

  it('returns null for types RelayPost does not take and for bytes that are no media file', async () => {
    expect(await probeMedia(await makeImage('tiff', 8, 8))).toBeNull();
    expect(await probeMedia(Buffer.from('%PDF-1.7 not an image'))).toBeNull();
    expect(await probeMedia(Buffer.from('hello'))).toBeNull();
  });

  it('reads a file that is a view into a larger buffer', async () => {
    const png = await makeImage('png', 7, 5);
    const padded = Buffer.concat([Buffer.alloc(13), png, Buffer.alloc(9)]);
    expect(await probeMedia(padded.subarray(13, 13 + png.length))).toEqual({
      mimeType: 'image/png',
      width: 7,
      height: 5,
    });
    const mp4 = videoFixture('h264-36x64-1s.mov');
    const inside = Buffer.concat([Buffer.alloc(5), mp4]).subarray(5);
    expect(await probeMedia(inside)).toMatchObject({ width: 36, height: 64, durationMs: 1000 });
  });
});
