import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../errors/relaypost-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { ConformanceContext } from './context.js';
import { accountInput, mediaInput, postInput, rejection, seedWorkspace } from './fixtures.js';

export function lifecycleTests(ctx: () => ConformanceContext): void {
  describe('disconnect and erase', () => {
    /** A workspace with two accounts, a draft on both, a post on the first alone, and a published post. */
    async function scenario() {
      const { store } = ctx();
      const { workspace, account } = await seedWorkspace(store);
      const other = await store.accounts.connect(workspace.id, accountInput({ platform: 'x' }));
      const both = (await store.posts.create(workspace.id, postInput([account.id, other.id]))).post;
      const alone = (await store.posts.create(workspace.id, postInput([account.id]))).post;
      const done = (await store.posts.create(workspace.id, postInput([account.id]))).post;
      await store.posts.setStatus(workspace.id, done.id, 'published');
      return { store, workspace, account, other, both, alone, done };
    }

    it('disconnect deletes credentials at once, keeps the account and cancels its pending targets', async () => {
      const { store, workspace, account, other, both, alone, done } = await scenario();
      const { affectedPostIds } = await store.accounts.disconnect(workspace.id, account.id);
      expect([...affectedPostIds].sort()).toEqual([both.id, alone.id].sort());

      expect(await store.accounts.get(workspace.id, account.id)).toMatchObject({
        status: 'disconnected',
        expiresAt: null,
      });
      const gone = await rejection(
        store.accounts.getCredentials(workspace.id, account.id),
        NotFoundError.isInstance,
      );
      expect(gone.entity).toBe('credentials');
      await rejection(
        store.accounts.updateCredentials(workspace.id, account.id, { accessToken: 'late refresh' }),
        ConflictError.isInstance,
      );

      const after = await store.posts.get(workspace.id, both.id);
      expect(after.targets.map((t) => [t.accountId, t.status])).toEqual([
        [account.id, 'cancelled'],
        [other.id, 'pending'],
      ]);
      expect(after.version).toBe(both.version + 1);
      // Its target ended with it (cancelled) and disconnecting does not touch it.
      expect((await store.posts.get(workspace.id, done.id)).targets[0]?.status).toBe('cancelled');
      expect(await store.posts.listPendingForAccount(workspace.id, account.id)).toEqual([]);
      expect(await store.posts.listPendingForAccount(workspace.id, other.id)).toEqual([both.id]);
      expect(await store.accounts.listExpiring('2100-01-01T00:00:00Z')).toHaveLength(1);

      const error = await rejection(
        store.posts.create(workspace.id, postInput([account.id])),
        ValidationError.isInstance,
      );
      expect(error.issues[0]).toMatchObject({ path: 'targets.0.accountId', actual: 'disconnected' });
      // Reconnecting brings it back with fresh credentials.
      const { externalId, platform } = await store.accounts.get(workspace.id, account.id);
      await store.accounts.connect(
        workspace.id,
        accountInput({ externalId, platform, credentials: { accessToken: 'new' } }),
      );
      expect((await store.accounts.getCredentials(workspace.id, account.id)).accessToken.reveal()).toBe(
        'new',
      );
    });

    it('erasing an account removes it and cancels its targets', async () => {
      const { store, workspace, account, both, alone } = await scenario();
      const { affectedPostIds } = await store.accounts.erase(workspace.id, account.id);
      expect([...affectedPostIds].sort()).toEqual([both.id, alone.id].sort());
      await rejection(store.accounts.get(workspace.id, account.id), NotFoundError.isInstance);
      await rejection(store.accounts.getCredentials(workspace.id, account.id), NotFoundError.isInstance);
      expect((await store.posts.get(workspace.id, alone.id)).targets[0]).toMatchObject({
        accountId: account.id,
        status: 'cancelled',
      });
      expect((await store.accounts.list(workspace.id)).map((a) => a.platform)).toEqual(['x']);
    });

    it('erasing a workspace removes everything in it and reports its pending posts', async () => {
      const { store, workspace, account, both, alone } = await scenario();
      await store.media.add(workspace.id, mediaInput());
      await store.history.append(workspace.id, { type: 'post.created', postId: both.id });
      const bystander = await seedWorkspace(store, 'Bystander');
      const kept = (await store.posts.create(bystander.workspace.id, postInput([bystander.account.id]))).post;

      const { pendingPostIds } = await store.workspaces.erase(workspace.id);
      expect([...pendingPostIds].sort()).toEqual([both.id, alone.id].sort());
      await rejection(store.workspaces.get(workspace.id), NotFoundError.isInstance);
      await rejection(store.accounts.getCredentials(workspace.id, account.id), NotFoundError.isInstance);
      expect(await store.accounts.list(workspace.id)).toEqual([]);
      expect((await store.posts.list(workspace.id)).items).toEqual([]);
      expect((await store.media.list(workspace.id)).items).toEqual([]);
      expect(await store.history.list(workspace.id)).toEqual([]);
      expect((await store.workspaces.list()).items.map((w) => w.id)).toEqual([bystander.workspace.id]);
      expect(await store.posts.get(bystander.workspace.id, kept.id)).toEqual(kept);
    });
  });
}
