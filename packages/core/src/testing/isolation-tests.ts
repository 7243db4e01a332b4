import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors/relaypost-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { ConformanceContext } from './context.js';
import { mediaInput, postInput, rejection, SECRETS, seedWorkspace } from './fixtures.js';

export function isolationTests(ctx: () => ConformanceContext): void {
  describe('workspace isolation', () => {
    it("never lets one workspace read or change another's data", async () => {
      const { store } = ctx();
      const a = await seedWorkspace(store, 'A');
      const b = await seedWorkspace(store, 'B');
      const media = await store.media.add(a.workspace.id, mediaInput());
      const { post } = await store.posts.create(
        a.workspace.id,
        postInput([a.account.id], { idempotencyKey: 'k' }),
      );
      const target = post.targets[0]!;
      const event = await store.history.append(a.workspace.id, {
        type: 'post.created',
        postId: post.id,
        accountId: a.account.id,
      });
      const B = b.workspace.id;
      const notFound = (p: Promise<unknown>) => rejection(p, NotFoundError.isInstance);

      // Accounts and credentials.
      await notFound(store.accounts.get(B, a.account.id));
      await notFound(store.accounts.getCredentials(B, a.account.id));
      await notFound(store.accounts.updateCredentials(B, a.account.id, { accessToken: 'stolen' }));
      await notFound(store.accounts.setStatus(B, a.account.id, 'disconnected'));
      await notFound(store.accounts.disconnect(B, a.account.id));
      await notFound(store.accounts.erase(B, a.account.id));
      expect((await store.accounts.list(B)).map((x) => x.id)).toEqual([b.account.id]);

      // Posts and targets.
      await notFound(store.posts.get(B, post.id));
      await notFound(store.posts.update(B, post.id, { content: { text: 'hijack' } }));
      await notFound(store.posts.setStatus(B, post.id, 'cancelled'));
      await notFound(store.posts.setTargetStatus(B, post.id, target.id, 'published'));
      await notFound(store.posts.armPublish(B, post.id, 'hold'));
      await notFound(store.posts.claimTarget(B, post.id, target.id, 'hold'));
      await notFound(store.posts.delete(B, post.id));
      expect((await store.posts.list(B)).items).toEqual([]);
      expect((await store.posts.list(B, { accountId: a.account.id })).items).toEqual([]);
      expect(await store.posts.listPendingForAccount(B, a.account.id)).toEqual([]);
      const sameKey = await store.posts.create(B, postInput([b.account.id], { idempotencyKey: 'k' }));
      expect(sameKey.created).toBe(true);
      const borrowed = await rejection(
        store.posts.create(B, postInput([a.account.id], { content: { text: 'x', mediaIds: [media.id] } })),
        ValidationError.isInstance,
      );
      expect(borrowed.issues.map((i) => i.path)).toEqual(['targets.0.accountId', 'content.mediaIds.0']);
      const patched = await rejection(
        store.posts.update(B, sameKey.post.id, { targets: [{ accountId: a.account.id }] }),
        ValidationError.isInstance,
      );
      expect(patched.issues[0]?.path).toBe('targets.0.accountId');

      // Media.
      await notFound(store.media.get(B, media.id));
      await notFound(store.media.getMany(B, [media.id]));
      await notFound(store.media.delete(B, media.id));
      expect((await store.media.list(B)).items).toEqual([]);

      // History.
      expect(await store.history.list(B)).toEqual([]);
      expect(await store.history.list(B, { postId: post.id })).toEqual([]);
      // An event id A uses is B's own in B (ids are unique per workspace): A's event stays unseen.
      const ownEvent = await store.history.append(B, { id: event.id, type: 'post.cancelled' });
      expect(ownEvent).toMatchObject({ id: event.id, workspaceId: B, type: 'post.cancelled' });

      // Workspace A is exactly as it was.
      expect(await store.posts.get(a.workspace.id, post.id)).toEqual(post);
      expect(await store.accounts.get(a.workspace.id, a.account.id)).toEqual(a.account);
      expect((await store.accounts.getCredentials(a.workspace.id, a.account.id)).accessToken.reveal()).toBe(
        SECRETS.accessToken,
      );
      expect(await store.media.get(a.workspace.id, media.id)).toEqual(media);
      expect(await store.history.list(a.workspace.id)).toEqual([event]);
      const exportB = JSON.stringify(await store.workspaces.export(B));
      for (const id of [a.account.id, post.id, media.id]) expect(exportB).not.toContain(id);
    });

    it('treats ids from nowhere like ids from another workspace', async () => {
      const { store } = ctx();
      const { workspace } = await seedWorkspace(store);
      await rejection(store.posts.get(workspace.id, randomUUID()), NotFoundError.isInstance);
      await rejection(store.posts.get(randomUUID(), randomUUID()), NotFoundError.isInstance);
      expect((await store.posts.list(randomUUID())).items).toEqual([]);
    });
  });
}
