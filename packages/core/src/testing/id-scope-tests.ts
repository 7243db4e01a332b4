import { randomUUID } from 'node:crypto';
import { describe, expect, it, test } from 'vitest';
import { createKeyring, generateEncryptionKey } from '../crypto/keyring.js';
import { ConflictError } from '../errors/relaypost-error.js';
import type { ConformanceContext } from './context.js';
import { accountInput, mediaInput, postInput, rejection, seedWorkspace, workspaceInput } from './fixtures.js';

/** Lets the clock move on, so that writes in a row get distinct instants (milliseconds). */
const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

/**
 * Ids a caller chooses are unique per workspace: using one that another workspace holds answers
 * exactly as a fresh id does, so a create says nothing about other workspaces. Workspace ids are
 * global: an existing one is refused with the same ConflictError whoever created it.
 */
export function idScopeTests(ctx: () => ConformanceContext): void {
  describe('caller-chosen ids', () => {
    it('creates a post with an id another workspace uses as it would with a fresh id', async () => {
      const { store } = ctx();
      const a = await seedWorkspace(store, 'A');
      const b = await seedWorkspace(store, 'B');
      const { post: theirs } = await store.posts.create(a.workspace.id, postInput([a.account.id]));
      const targetId = theirs.targets[0]!.id;
      const input = (id: string) =>
        postInput([b.account.id], { id, targets: [{ id: targetId, accountId: b.account.id }] });

      const taken = await store.posts.create(b.workspace.id, input(theirs.id));
      const fresh = await store.posts.create(b.workspace.id, input(randomUUID()));
      for (const answer of [taken, fresh]) {
        expect(answer.created).toBe(true);
        expect(answer.post).toMatchObject({ workspaceId: b.workspace.id, status: 'draft', version: 1 });
        expect(answer.post.targets).toMatchObject([{ id: targetId, accountId: b.account.id }]);
      }
      expect(taken.post.id).toBe(theirs.id);

      // Two posts, one id: each workspace reads, changes and deletes only its own.
      await store.posts.setStatus(b.workspace.id, theirs.id, 'cancelled');
      await store.posts.setTargetStatus(b.workspace.id, theirs.id, targetId, 'cancelled');
      expect(await store.posts.get(a.workspace.id, theirs.id)).toEqual(theirs);
      await store.posts.delete(b.workspace.id, theirs.id);
      expect(await store.posts.get(a.workspace.id, theirs.id)).toEqual(theirs);
      expect((await store.posts.list(a.workspace.id)).items).toEqual([theirs]);

      // Within one workspace an id is still taken.
      await store.posts.create(b.workspace.id, input(theirs.id));
      await rejection(store.posts.create(b.workspace.id, input(theirs.id)), ConflictError.isInstance);
    });

    it('connects an account and adds media with ids another workspace uses', async () => {
      const { store } = ctx();
      const a = await seedWorkspace(store, 'A');
      const { workspace: b } = await seedWorkspace(store, 'B');
      const media = await store.media.add(a.workspace.id, mediaInput());

      const account = await store.accounts.connect(
        b.id,
        accountInput({ id: a.account.id, handle: 'b.bsky.social' }),
      );
      expect(account).toMatchObject({ id: a.account.id, workspaceId: b.id, handle: 'b.bsky.social' });
      const asset = await store.media.add(b.id, mediaInput({ id: media.id, altText: 'B' }));
      expect(asset).toMatchObject({ id: media.id, workspaceId: b.id, altText: 'B' });
      expect(await store.accounts.connect(b.id, accountInput({ id: randomUUID() }))).toMatchObject({
        workspaceId: b.id,
      });

      // A post in B uses B's account and media of that id, never A's.
      const { post } = await store.posts.create(
        b.id,
        postInput([account.id], { content: { text: 'B', mediaIds: [media.id] } }),
      );
      expect(post.workspaceId).toBe(b.id);
      await store.accounts.disconnect(b.id, account.id);
      await store.media.delete(b.id, media.id);
      expect(await store.accounts.get(a.workspace.id, a.account.id)).toEqual(a.account);
      expect(await store.media.get(a.workspace.id, media.id)).toEqual(media);

      await rejection(
        store.media.add(a.workspace.id, mediaInput({ id: media.id })),
        ConflictError.isInstance,
      );
    });

    it("appends a history event with an id another workspace uses as the workspace's own", async () => {
      const { store } = ctx();
      const { workspace: a } = await seedWorkspace(store, 'A');
      const { workspace: b } = await seedWorkspace(store, 'B');
      const theirs = await store.history.append(a.id, { type: 'post.created', data: { who: 'A' } });
      const ours = await store.history.append(b.id, {
        id: theirs.id,
        type: 'post.cancelled',
        data: { who: 'B' },
      });
      expect(ours).toMatchObject({
        id: theirs.id,
        workspaceId: b.id,
        type: 'post.cancelled',
        data: { who: 'B' },
      });
      // Appending again is the usual no-op, in each workspace.
      expect(await store.history.append(b.id, { id: theirs.id, type: 'post.created' })).toEqual(ours);
      expect(await store.history.append(a.id, { id: theirs.id, type: 'post.cancelled' })).toEqual(theirs);
      expect(await store.history.list(a.id)).toEqual([theirs]);
      expect(await store.history.list(b.id)).toEqual([ours]);
    });

    it('erases a workspace without touching rows of the same ids elsewhere', async () => {
      const { store } = ctx();
      const a = await seedWorkspace(store, 'A');
      const { workspace: b } = await seedWorkspace(store, 'B');
      const { post } = await store.posts.create(a.workspace.id, postInput([a.account.id]));
      const account = await store.accounts.connect(b.id, accountInput({ id: a.account.id }));
      await store.posts.create(b.id, postInput([account.id], { id: post.id }));
      expect(await store.workspaces.erase(b.id)).toEqual({ pendingPostIds: [post.id] });
      expect(await store.posts.get(a.workspace.id, post.id)).toEqual(post);
      expect(await store.accounts.get(a.workspace.id, a.account.id)).toEqual(a.account);
    });

    it('re-encrypts the credentials of accounts that share an id, each with its own', async () => {
      const { store, key: oldKey, reopen } = ctx();
      const a = await seedWorkspace(store, 'A');
      const { workspace: b } = await seedWorkspace(store, 'B');
      await store.accounts.connect(
        b.id,
        accountInput({ id: a.account.id, credentials: { accessToken: 'B-ACCESS-TOKEN' } }),
      );
      const rotated = await reopen(
        createKeyring({ keys: [{ id: 'k2', key: generateEncryptionKey() }, oldKey] }),
      );
      if (rotated === undefined) return test.skip('the factory cannot reopen its data');
      await rotated.reencryptSecrets();
      const tokens = await Promise.all(
        [a.workspace.id, b.id].map(async (ws) =>
          (await rotated.accounts.getCredentials(ws, a.account.id)).accessToken.reveal(),
        ),
      );
      expect(tokens).toEqual(['fixture-ACCESS-TOKEN-0003', 'B-ACCESS-TOKEN']);
    });

    it('refuses a workspace id that exists with one ConflictError, whoever created it', async () => {
      const { store } = ctx();
      const existing = await store.workspaces.create(workspaceInput({ name: 'Owner' }));
      const error = await rejection(
        store.workspaces.create(workspaceInput({ id: existing.id, name: 'Intruder' })),
        ConflictError.isInstance,
      );
      expect(error.message).toBe(`workspace ${existing.id} already exists`);
      expect(error.message).not.toContain('Owner');
      expect((await store.workspaces.get(existing.id)).name).toBe('Owner');
      const id = randomUUID();
      expect(await store.workspaces.create(workspaceInput({ id, name: 'Fresh' }))).toMatchObject({ id });
    });
  });

  describe('unfinished posts for maintenance', () => {
    it('lists posts that are not final in every workspace, oldest change first, in pages', async () => {
      const { store } = ctx();
      const a = await seedWorkspace(store, 'A');
      const b = await seedWorkspace(store, 'B');
      const created: Array<{ workspaceId: string; postId: string }> = [];
      for (const { workspace, account } of [a, b, a, b, a]) {
        const { post } = await store.posts.create(workspace.id, postInput([account.id]));
        created.push({ workspaceId: workspace.id, postId: post.id });
        await tick();
      }
      // One final, one moved to publishing (changed last), one with B's copy of an A id.
      await store.posts.setStatus(created[1]!.workspaceId, created[1]!.postId, 'cancelled');
      await store.posts.setStatus(created[0]!.workspaceId, created[0]!.postId, 'scheduled');
      await store.posts.setStatus(created[0]!.workspaceId, created[0]!.postId, 'publishing');
      await tick();
      const twin = await store.posts.create(
        b.workspace.id,
        postInput([b.account.id], { id: created[2]!.postId }),
      );
      await tick();
      const cutoff = new Date().toISOString();
      await tick();
      // Changed after the cutoff: not yet a candidate.
      await store.posts.create(a.workspace.id, postInput([a.account.id]));

      const seen: Array<{ workspaceId: string; postId: string; status: string }> = [];
      let cursor: string | undefined;
      do {
        const page = await store.posts.listUnfinished({
          updatedBefore: cutoff,
          limit: 2,
          ...(cursor ? { cursor } : {}),
        });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map(({ workspaceId, postId, status }) => ({ workspaceId, postId, status })));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual([
        { ...created[2]!, status: 'draft' },
        { ...created[3]!, status: 'draft' },
        { ...created[4]!, status: 'draft' },
        { ...created[0]!, status: 'publishing' },
        { workspaceId: b.workspace.id, postId: twin.post.id, status: 'draft' },
      ]);
      const updatedAt = (await store.posts.listUnfinished({ updatedBefore: cutoff })).items.map(
        (p) => p.updatedAt,
      );
      expect(updatedAt).toEqual([...updatedAt].sort());
      await rejection(
        store.posts.listUnfinished({ updatedBefore: cutoff, cursor: 'nope' }),
        (e): e is Error => e instanceof Error && /cursor/.test(e.message),
      );
    });
  });
}
