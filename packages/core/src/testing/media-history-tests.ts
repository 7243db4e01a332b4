import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../errors/relaypost-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { ConformanceContext } from './context.js';
import { mediaInput, rejection, workspaceInput } from './fixtures.js';

export function mediaTests(ctx: () => ConformanceContext): void {
  describe('media', () => {
    it('adds, reads, lists, pages and deletes media metadata', async () => {
      const { store } = ctx();
      const ws = await store.workspaces.create(workspaceInput());
      const video = await store.media.add(
        ws.id,
        mediaInput({ mimeType: 'video/mp4', sizeBytes: 5_000_000_000, durationMs: 12_000 }),
      );
      expect(video).toMatchObject({
        workspaceId: ws.id,
        mimeType: 'video/mp4',
        sizeBytes: 5_000_000_000,
        durationMs: 12_000,
        width: 100,
      });
      expect(await store.media.get(ws.id, video.id)).toEqual(video);
      const image = await store.media.add(ws.id, mediaInput({ altText: undefined, width: undefined }));
      expect(image).toMatchObject({ altText: null, width: null });
      const third = await store.media.add(ws.id, mediaInput());

      expect(await store.media.getMany(ws.id, [third.id, video.id, third.id])).toEqual([third, video]);
      await rejection(store.media.getMany(ws.id, [video.id, randomUUID()]), NotFoundError.isInstance);

      const page1 = await store.media.list(ws.id, { limit: 2 });
      const page2 = await store.media.list(ws.id, { limit: 2, cursor: page1.nextCursor! });
      expect(page2.nextCursor).toBeNull();
      expect([...page1.items, ...page2.items].map((m) => m.id).sort()).toEqual(
        [video.id, image.id, third.id].sort(),
      );

      await store.media.delete(ws.id, image.id);
      await rejection(store.media.get(ws.id, image.id), NotFoundError.isInstance);
      await rejection(store.media.delete(ws.id, image.id), NotFoundError.isInstance);
      expect((await store.media.list(ws.id)).items).toHaveLength(2);
    });

    it('validates media input', async () => {
      const { store } = ctx();
      const ws = await store.workspaces.create(workspaceInput());
      const error = await rejection(
        store.media.add(ws.id, mediaInput({ mimeType: 'text/plain', checksumSha256: 'XYZ' })),
        ValidationError.isInstance,
      );
      expect(error.issues.map((i) => i.path).sort()).toEqual(['checksumSha256', 'mimeType']);
      await rejection(store.media.add(randomUUID(), mediaInput()), NotFoundError.isInstance);
      const media = await store.media.add(ws.id, mediaInput());
      await rejection(store.media.add(ws.id, mediaInput({ id: media.id })), ConflictError.isInstance);
    });

    it('corrects alt text, only in its own workspace, and nothing else of the asset', async () => {
      const { store } = ctx();
      const ws = await store.workspaces.create(workspaceInput());
      const other = await store.workspaces.create(workspaceInput());
      const media = await store.media.add(ws.id, mediaInput({ altText: 'a cat' }));
      const described = await store.media.update(ws.id, media.id, { altText: 'a black cat on a sofa' });
      expect(described).toEqual({ ...media, altText: 'a black cat on a sofa' });
      expect(await store.media.get(ws.id, media.id)).toEqual(described);
      expect(await store.media.update(ws.id, media.id, {})).toEqual(described);
      expect((await store.media.update(ws.id, media.id, { altText: null })).altText).toBeNull();
      await rejection(store.media.update(other.id, media.id, { altText: 'x' }), NotFoundError.isInstance);
      const refused = await rejection(
        store.media.update(ws.id, media.id, { altText: 'a\u0000', storageKey: 'x' } as never),
        ValidationError.isInstance,
      );
      expect(refused.issues.map((i) => i.path).sort()).toEqual(['patch', 'patch.altText']);
      expect((await store.media.get(ws.id, media.id)).altText).toBeNull();
    });
  });
}

export function historyTests(ctx: () => ConformanceContext): void {
  describe('history', () => {
    it('appends events in order and filters them', async () => {
      const { store } = ctx();
      const ws = await store.workspaces.create(workspaceInput());
      const postId = randomUUID();
      const accountId = randomUUID();
      const first = await store.history.append(ws.id, {
        type: 'post.created',
        postId,
        actor: { kind: 'api', id: 'key-1' },
      });
      const second = await store.history.append(ws.id, {
        type: 'account.connected',
        accountId,
        data: { handle: 'a' },
      });
      const third = await store.history.append(ws.id, {
        type: 'post.approved',
        postId,
        occurredAt: '2030-01-01T01:00:00+01:00',
      });
      expect(first).toMatchObject({
        workspaceId: ws.id,
        type: 'post.created',
        postId,
        accountId: null,
        targetId: null,
        actor: { kind: 'api', id: 'key-1' },
        data: {},
      });
      expect(second.actor).toEqual({ kind: 'system' });
      expect(third.occurredAt).toBe('2030-01-01T00:00:00.000Z');
      expect(first.seq).toBeLessThan(second.seq);
      expect(second.seq).toBeLessThan(third.seq);

      expect(await store.history.list(ws.id)).toEqual([first, second, third]);
      expect(await store.history.list(ws.id, { postId })).toEqual([first, third]);
      expect(await store.history.list(ws.id, { accountId })).toEqual([second]);
      expect(await store.history.list(ws.id, { afterSeq: first.seq })).toEqual([second, third]);
      expect(await store.history.list(ws.id, { limit: 1 })).toEqual([first]);
      const bad = await rejection(
        store.history.append(ws.id, { type: 'post.exploded' as 'post.created' }),
        ValidationError.isInstance,
      );
      expect(bad.issues[0]?.path).toBe('type');
    });

    it('records an event id once: appending it again returns the stored event unchanged', async () => {
      const { store } = ctx();
      const ws = await store.workspaces.create(workspaceInput());
      const id = randomUUID();
      const stored = await store.history.append(ws.id, {
        id,
        type: 'target.published',
        data: { attempt: 1 },
      });
      const again = await store.history.append(ws.id, { id, type: 'target.failed', data: { attempt: 2 } });
      expect(again).toEqual(stored);
      expect(await store.history.list(ws.id)).toEqual([stored]);
    });

    it('purges old events in every workspace', async () => {
      const { store } = ctx();
      const a = await store.workspaces.create(workspaceInput({ name: 'A' }));
      const b = await store.workspaces.create(workspaceInput({ name: 'B' }));
      await store.history.append(a.id, { type: 'post.created', occurredAt: '2020-01-01T00:00:00Z' });
      await store.history.append(b.id, { type: 'post.created', occurredAt: '2020-06-01T00:00:00Z' });
      const recent = await store.history.append(a.id, { type: 'post.created' });
      expect(await store.history.purgeOlderThan('2021-01-01T00:00:00Z')).toEqual({ deleted: 2 });
      expect(await store.history.list(a.id)).toEqual([recent]);
      expect(await store.history.list(b.id)).toEqual([]);
      await rejection(store.history.append(randomUUID(), { type: 'post.created' }), NotFoundError.isInstance);
    });
  });
}
