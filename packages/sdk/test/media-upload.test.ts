import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RelayPostError, ValidationError, type ValidationIssue } from '@relaypost/core';
import { createInstagram } from '@relaypost/platforms';
import { createInstagramFake, FakeServer, type InstagramFake, makePng } from '@relaypost/platforms/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalMediaStore } from '../src/media/local-store.js';
import { makeImage, videoFixture } from './media-files.js';
import { type Stack, startStack } from './support/stack.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let stack: Stack;
let instagram: InstagramFake;
let files: FakeServer;
const served = new Map<string, Buffer>();

beforeAll(async () => {
  instagram = await createInstagramFake();
  files = await FakeServer.start('files');
  files.route('GET', '/files/:name', (_request, { name }) => {
    const body = served.get(name ?? '');
    return body
      ? { status: 200, headers: { 'content-type': 'application/octet-stream' }, body }
      : { status: 404 };
  });
  stack = await startStack({
    workers: false,
    extraAdapters: { instagram: createInstagram(instagram.adapterOptions()) },
    // The files are served on loopback, which downloads refuse unless told otherwise.
    urlDownloads: { allowPrivateAddresses: true },
  });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await files?.close();
  await instagram?.close();
});

async function refusal(run: () => Promise<unknown>): Promise<ValidationIssue[]> {
  try {
    await run();
  } catch (error) {
    expect(ValidationError.isInstance(error), `not a ValidationError: ${String(error)}`).toBe(true);
    return [...(error as ValidationError).issues];
  }
  throw new Error('expected the upload to be refused');
}

/** Files the media store holds for a workspace. */
async function storedFiles(workspaceId: string): Promise<string[]> {
  return readdir(join(stack.mediaDir, workspaceId)).catch(() => []);
}

describe('media uploads', () => {
  it('stores bytes given as a buffer, with the probed type, size and dimensions', async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Media' });
    const png = makePng(120, 45);
    const asset = await relaypost.media.upload({
      workspaceId: ws.id,
      data: png,
      altText: 'a blue bar',
      platforms: ['x', 'bluesky'],
    });
    expect(asset).toMatchObject({
      workspaceId: ws.id,
      mimeType: 'image/png',
      sizeBytes: png.length,
      width: 120,
      height: 45,
      altText: 'a blue bar',
      checksumSha256: sha256(png),
    });
    expect(await relaypost.media.get(ws.id, asset.id)).toMatchObject({ id: asset.id, width: 120 });
    const stored = await createLocalMediaStore({ directory: stack.mediaDir }).read(asset);
    expect(Buffer.from(stored).equals(png)).toBe(true);
    const history = await stack.store.history.list(ws.id);
    expect(history.map((e) => [e.type, e.data.mediaId])).toContainEqual(['media.added', asset.id]);
  });

  it('stores bytes from a web stream and from an async iterable', async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Streams' });
    const png = makePng(64, 64);
    const parts = [png.subarray(0, 10), png.subarray(10, 40), png.subarray(40)];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(new Uint8Array(part));
        controller.close();
      },
    });
    async function* chunks() {
      for (const part of parts) yield new Uint8Array(part);
    }
    const fromStream = await relaypost.media.upload({ workspaceId: ws.id, data: stream });
    const fromIterable = await relaypost.media.upload({ workspaceId: ws.id, data: chunks() });
    for (const asset of [fromStream, fromIterable]) {
      expect(asset).toMatchObject({ mimeType: 'image/png', width: 64, height: 64, sizeBytes: png.length });
      expect(asset.checksumSha256).toBe(sha256(png));
    }
    expect(fromStream.id).not.toBe(fromIterable.id);
    const page = await relaypost.media.list(ws.id, { limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
  });

  it('downloads media from a URL and refuses a URL that does not answer with a file', async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({ name: 'URLs' });
    const png = makePng(30, 20);
    served.set('logo.png', png);
    const asset = await relaypost.media.upload({
      workspaceId: ws.id,
      data: { url: `${files.url}/files/logo.png` },
    });
    expect(asset).toMatchObject({
      mimeType: 'image/png',
      width: 30,
      height: 20,
      checksumSha256: sha256(png),
    });

    const missing = await refusal(() =>
      relaypost.media.upload({ workspaceId: ws.id, data: { url: `${files.url}/files/missing.png` } }),
    );
    expect(missing).toEqual([
      expect.objectContaining({ path: 'data.url', message: expect.stringMatching(/404/) }),
    ]);

    // Nothing listens on port 9 (discard) on loopback: the download cannot even start.
    const unreachable = await refusal(() =>
      relaypost.media.upload({ workspaceId: ws.id, data: { url: 'http://127.0.0.1:9/file.png' } }),
    );
    expect(unreachable[0]?.path).toBe('data.url');
    const badUrl = await refusal(() =>
      relaypost.media.upload({ workspaceId: ws.id, data: { url: 'not a url' } }),
    );
    expect(badUrl[0]?.path).toBe('data.url');

    served.set('big.png', Buffer.concat([png, Buffer.alloc(5000)]));
    const big = await refusal(() =>
      relaypost.media.upload({
        workspaceId: ws.id,
        data: { url: `${files.url}/files/big.png` },
        maxBytes: 4096,
      }),
    );
    expect(big).toEqual([expect.objectContaining({ path: 'data', limit: 4096 })]);
    expect((await relaypost.media.list(ws.id)).items.map((m) => m.id)).toEqual([asset.id]);
  });

  it('checks the type: unknown bytes and a declared type that does not match are refused', async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Types' });
    const unknown = await refusal(() =>
      relaypost.media.upload({ workspaceId: ws.id, data: Buffer.from('%PDF-1.7 not an image') }),
    );
    expect(unknown[0]?.path).toBe('data');
    const mismatch = await refusal(() =>
      relaypost.media.upload({ workspaceId: ws.id, data: makePng(4, 4), mimeType: 'image/jpeg' }),
    );
    expect(mismatch).toEqual([
      expect.objectContaining({ path: 'mimeType', limit: 'image/png', actual: 'image/jpeg' }),
    ]);
    const tooBig = await refusal(() =>
      relaypost.media.upload({ workspaceId: ws.id, data: makePng(40, 40), maxBytes: 16 }),
    );
    expect(tooBig).toEqual([expect.objectContaining({ path: 'data', limit: 16 })]);
    expect((await relaypost.media.list(ws.id)).items).toEqual([]);
    expect(await storedFiles(ws.id)).toEqual([]);
  });

  it("checks size, kind, duration, aspect ratio and alt text against each target platform's limits", async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Limits' });
    const upload = (data: Buffer, platforms: Array<'x' | 'bluesky' | 'instagram'>, altText?: string) =>
      relaypost.media.upload({ workspaceId: ws.id, data, platforms, ...(altText ? { altText } : {}) });
    const [gif, tallJpeg, squareJpeg] = await Promise.all([
      makeImage('gif', 16, 16),
      makeImage('jpeg', 600, 1200),
      makeImage('jpeg', 1080, 1080),
    ]);

    // Bluesky takes images up to 2,000,000 bytes; X up to 5 MB.
    const large = Buffer.concat([makePng(8, 8), Buffer.alloc(2_000_001)]);
    expect(await refusal(() => upload(large, ['x', 'bluesky']))).toEqual([
      expect.objectContaining({
        path: 'platforms.bluesky.sizeBytes',
        limit: 2_000_000,
        actual: large.length,
      }),
    ]);
    expect((await upload(large, ['x'])).sizeBytes).toBe(large.length);

    // X takes videos of 0.5-140 s; Bluesky takes no video at all.
    expect(await refusal(() => upload(videoFixture('h264-16x16-150s.mp4'), ['x', 'bluesky']))).toEqual([
      expect.objectContaining({ path: 'platforms.x.durationMs', limit: 140_000, actual: 150_000 }),
      expect.objectContaining({ path: 'platforms.bluesky', message: expect.stringMatching(/video/) }),
    ]);
    expect(await refusal(() => upload(videoFixture('h264-16x16-300ms.mp4'), ['x']))).toEqual([
      expect.objectContaining({ path: 'platforms.x.durationMs', limit: 500, actual: 300 }),
    ]);
    expect(await upload(videoFixture('h264-16x16-12s.mp4'), ['x'])).toMatchObject({
      mimeType: 'video/mp4',
      durationMs: 12_000,
    });

    // GIFs: X takes them, Bluesky does not.
    expect(await refusal(() => upload(gif, ['bluesky']))).toEqual([
      expect.objectContaining({ path: 'platforms.bluesky' }),
    ]);

    // Instagram takes JPEGs between 4:5 and 1.91:1, and not PNGs.
    const tall = await refusal(() => upload(tallJpeg, ['instagram']));
    expect(tall).toEqual([
      expect.objectContaining({ path: 'platforms.instagram.aspectRatio', actual: '0.50' }),
    ]);
    expect(await upload(squareJpeg, ['instagram'])).toMatchObject({ width: 1080, height: 1080 });
    expect(await refusal(() => upload(makePng(1080, 1080), ['instagram']))).toEqual([
      expect.objectContaining({ path: 'platforms.instagram.mimeType', actual: 'image/png' }),
    ]);

    // Alt text: X takes 1000 characters, Bluesky 2000.
    expect(await refusal(() => upload(makePng(4, 4), ['x', 'bluesky'], 'a'.repeat(1001)))).toEqual([
      expect.objectContaining({ path: 'platforms.x.altText', limit: 1000, actual: 1001 }),
    ]);

    const listed = (await relaypost.media.list(ws.id)).items;
    expect(listed).toHaveLength(3);
    expect((await storedFiles(ws.id)).sort()).toEqual(listed.map((m) => m.storageKey.split('/')[1]).sort());
  });

  it('refuses unknown and unconfigured platforms with a ValidationError, and unknown workspaces', async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Platforms' });
    const unknown = await refusal(() =>
      relaypost.media.upload({ workspaceId: ws.id, data: makePng(4, 4), platforms: ['myspace' as 'x'] }),
    );
    expect(unknown[0]?.path).toMatch(/^platforms/);
    const unconfigured = await refusal(() =>
      relaypost.media.upload({ workspaceId: ws.id, data: makePng(4, 4), platforms: ['linkedin'] }),
    );
    expect(unconfigured[0]?.message).toMatch(/not configured/);
    const noWorkspace = await relaypost.media
      .upload({ workspaceId: '00000000-0000-4000-8000-000000000000', data: makePng(4, 4) })
      .catch((error: unknown) => error);
    expect(RelayPostError.isInstance(noWorkspace) && noWorkspace.code).toBe('not_found');
    expect(await storedFiles(ws.id)).toEqual([]);
  });

  it('deletes media: metadata and bytes', async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Delete' });
    const asset = await relaypost.media.upload({ workspaceId: ws.id, data: makePng(5, 5) });
    expect(await storedFiles(ws.id)).toHaveLength(1);
    await relaypost.media.delete(ws.id, asset.id);
    expect(await storedFiles(ws.id)).toEqual([]);
    const gone = await relaypost.media.get(ws.id, asset.id).catch((error: unknown) => error);
    expect(RelayPostError.isInstance(gone) && gone.code).toBe('not_found');
  });
});
