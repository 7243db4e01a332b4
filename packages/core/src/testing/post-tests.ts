import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../errors/relaypost-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { PostTarget } from '../schemas/post.js';
import type { ConformanceContext } from './context.js';
import { accountInput, mediaInput, postInput, rejection, seedWorkspace } from './fixtures.js';

export function postTests(ctx: () => ConformanceContext): void {
  describe('posts', () => {
    it('creates a draft with one target per account, platform taken from the account', async () => {
      const { store } = ctx();
      const { workspace, account } = await seedWorkspace(store);
      const x = await store.accounts.connect(workspace.id, accountInput({ platform: 'x' }));
      const media = await store.media.add(workspace.id, mediaInput());
      const { post, created } = await store.posts.create(
        workspace.id,
        postInput([account.id, x.id], {
          content: { text: 'Hi', mediaIds: [media.id] },
          publishAt: { at: '2030-05-01T09:00:00+02:00', timeZone: 'Europe/Berlin' },
          caption: { brief: 'launch' },
        }),
      );
      expect(created).toBe(true);
      expect(post).toMatchObject({
        workspaceId: workspace.id,
        status: 'draft',
        version: 1,
        content: { text: 'Hi', mediaIds: [media.id], thread: false },
        publishAt: { at: '2030-05-01T07:00:00.000Z', timeZone: 'Europe/Berlin' },
        approval: { mode: 'none', onDeadline: 'expire', reapproveOnEdit: true, remindMinutesBefore: [60] },
        caption: { brief: 'launch', apply: true },
        idempotencyKey: null,
      });
      expect(post.targets.map((t) => [t.accountId, t.platform, t.status])).toEqual([
        [account.id, 'bluesky', 'pending'],
        [x.id, 'x', 'pending'],
      ]);
      for (const target of post.targets) {
        expect(target.idempotencyKey).toBe(`${post.id}:${target.id}`);
        expect(target.result).toEqual({ externalId: null, url: null, publishedAt: null, error: null });
      }
      expect(await store.posts.get(workspace.id, post.id)).toEqual(post);
    });

    it('names every bad reference and writes nothing', async () => {
      const { store } = ctx();
      const { workspace, account } = await seedWorkspace(store);
      const broken = await store.accounts.connect(workspace.id, accountInput({ platform: 'x' }));
      await store.accounts.setStatus(workspace.id, broken.id, 'needs_reconnect');
      const error = await rejection(
        store.posts.create(workspace.id, {
          content: { text: 'Hi', mediaIds: [randomUUID()] },
          targets: [
            { accountId: account.id, mediaIds: [randomUUID()] },
            { accountId: broken.id },
            { accountId: randomUUID() },
          ],
        }),
        ValidationError.isInstance,
      );
      expect(error.issues.map((i) => i.path)).toEqual([
        'targets.0.mediaIds.0',
        'targets.1.accountId',
        'targets.2.accountId',
        'content.mediaIds.0',
      ]);
      expect(error.issues[1]?.message).toMatch(/needs_reconnect/);
      const schema = await rejection(
        store.posts.create(workspace.id, { content: { text: 'x'.repeat(100_001) }, targets: [] }),
        ValidationError.isInstance,
      );
      expect(schema.issues.map((i) => i.path).sort()).toEqual(['content.text', 'targets']);
      expect((await store.posts.list(workspace.id)).items).toEqual([]);
    });

    it('is idempotent with an idempotency key, per workspace', async () => {
      const { store } = ctx();
      const { workspace, account } = await seedWorkspace(store);
      const input = postInput([account.id], { idempotencyKey: 'req-1' });
      const first = await store.posts.create(workspace.id, input);
      const second = await store.posts.create(workspace.id, { ...input, content: { text: 'different' } });
      expect(second).toEqual({ post: first.post, created: false });
      expect((await store.posts.list(workspace.id)).items).toHaveLength(1);

      const other = await seedWorkspace(store, 'Other');
      const elsewhere = await store.posts.create(
        other.workspace.id,
        postInput([other.account.id], { idempotencyKey: 'req-1' }),
      );
      expect(elsewhere.created).toBe(true);
      expect(elsewhere.post.id).not.toBe(first.post.id);
      await rejection(
        store.posts.create(workspace.id, postInput([account.id], { id: first.post.id })),
        ConflictError.isInstance,
      );
    });

    it('updates with optimistic concurrency and keeps targets that stay', async () => {
      const { store } = ctx();
      const { workspace, account } = await seedWorkspace(store);
      const x = await store.accounts.connect(workspace.id, accountInput({ platform: 'x' }));
      const linkedin = await store.accounts.connect(workspace.id, accountInput({ platform: 'linkedin' }));
      const { post } = await store.posts.create(workspace.id, postInput([account.id, x.id]));
      const kept = post.targets[0]!;

      const updated = await store.posts.update(
        workspace.id,
        post.id,
        {
          content: { text: 'Edited' },
          targets: [{ accountId: account.id, text: 'Bluesky only' }, { accountId: linkedin.id }],
          publishAt: { at: '2030-01-01T00:00:00Z', timeZone: 'UTC' },
        },
        { expectedVersion: 1 },
      );
      expect(updated.version).toBe(2);
      expect(updated.content.text).toBe('Edited');
      expect(updated.targets[0]).toMatchObject({
        id: kept.id,
        idempotencyKey: kept.idempotencyKey,
        text: 'Bluesky only',
      });
      expect(updated.targets[1]).toMatchObject({
        accountId: linkedin.id,
        platform: 'linkedin',
        status: 'pending',
      });
      expect(updated.targets).toHaveLength(2);
      expect(await store.posts.get(workspace.id, post.id)).toEqual(updated);

      const stale = await rejection(
        store.posts.update(workspace.id, post.id, { content: { text: 'Lost' } }, { expectedVersion: 1 }),
        ConflictError.isInstance,
      );
      expect(stale.message).toMatch(/version 2/);
      const cleared = await store.posts.update(workspace.id, post.id, { publishAt: null, caption: null });
      expect(cleared).toMatchObject({
        publishAt: null,
        caption: null,
        version: 3,
        content: { text: 'Edited' },
      });
      const bad = await rejection(
        store.posts.update(workspace.id, post.id, { targets: [{ accountId: randomUUID() }] }),
        ValidationError.isInstance,
      );
      expect(bad.issues.map((i) => i.path)).toEqual(['targets.0.accountId']);
      await rejection(store.posts.update(workspace.id, randomUUID(), {}), NotFoundError.isInstance);
    });

    describe('publish holds', () => {
      const scheduledPost = async (accounts = 1) => {
        const { store } = ctx();
        const { workspace, account } = await seedWorkspace(store);
        const ids = [account.id];
        if (accounts > 1)
          ids.push((await store.accounts.connect(workspace.id, accountInput({ platform: 'x' }))).id);
        const { post } = await store.posts.create(workspace.id, postInput(ids));
        await store.posts.setStatus(workspace.id, post.id, 'scheduled');
        return { store, ws: workspace.id, post };
      };

      it('of claims made together for one target, only the armed hold wins', async () => {
        const { store, ws, post } = await scheduledPost();
        const targetId = post.targets[0]!.id;
        await store.posts.armPublish(ws, post.id, 'before-the-edit');
        await store.posts.armPublish(ws, post.id, 'after-the-edit');
        // Both publishes wake for the same second, the stale one first.
        const [stale, current] = await Promise.all([
          store.posts.claimTarget(ws, post.id, targetId, 'before-the-edit'),
          store.posts.claimTarget(ws, post.id, targetId, 'after-the-edit'),
        ]);
        expect(stale).toBe('superseded');
        expect(current).toBe('claimed');
      });

      it('a claim wins only for the armed hold; every target of the post joins it once', async () => {
        const { store, ws, post } = await scheduledPost(2);
        const [first, second] = post.targets;
        expect(await store.posts.claimTarget(ws, post.id, first!.id, 'h1')).toBe('superseded');
        await store.posts.armPublish(ws, post.id, 'h1');
        expect(await store.posts.claimTarget(ws, post.id, first!.id, 'h0')).toBe('superseded');
        expect(await store.posts.claimTarget(ws, post.id, first!.id, 'h1')).toBe('claimed');
        const claimed = await store.posts.get(ws, post.id);
        expect(claimed.status).toBe('publishing');
        expect(claimed.targets.map((t) => t.status)).toEqual(['publishing', 'pending']);
        expect(await store.posts.claimTarget(ws, post.id, first!.id, 'h1')).toBe('resumed');
        expect(await store.posts.claimTarget(ws, post.id, second!.id, 'h1')).toBe('claimed');
        expect(await store.posts.claimTarget(ws, post.id, second!.id, 'h2')).toBe('superseded');
        await rejection(store.posts.claimTarget(ws, post.id, randomUUID(), 'h1'), NotFoundError.isInstance);
      });

      it('a claimed post refuses edits and an expected-status cancel', async () => {
        const { store, ws, post } = await scheduledPost();
        await store.posts.armPublish(ws, post.id, 'h1');
        await store.posts.claimTarget(ws, post.id, post.targets[0]!.id, 'h1');
        await rejection(
          store.posts.update(ws, post.id, { content: { text: 'late' } }),
          ConflictError.isInstance,
        );
        await rejection(
          store.posts.setStatus(ws, post.id, 'cancelled', { expected: 'scheduled' }),
          ConflictError.isInstance,
        );
        await rejection(store.posts.armPublish(ws, post.id, 'h2'), ConflictError.isInstance);
        expect((await store.posts.get(ws, post.id)).status).toBe('publishing');
      });

      it('any change disarms: a hold prepared before it can no longer claim', async () => {
        const { store, ws, post } = await scheduledPost();
        const target = post.targets[0]!.id;
        await store.posts.armPublish(ws, post.id, 'h1');
        await store.posts.update(ws, post.id, { content: { text: 'edited' } });
        expect(await store.posts.claimTarget(ws, post.id, target, 'h1')).toBe('superseded');

        await store.posts.armPublish(ws, post.id, 'h2');
        await store.posts.setStatus(ws, post.id, 'cancelled', { expected: 'scheduled' });
        expect(await store.posts.claimTarget(ws, post.id, target, 'h2')).toBe('superseded');
        // Ended with its post, never sent.
        expect((await store.posts.get(ws, post.id)).targets[0]!.status).toBe('cancelled');
      });

      it('re-arming replaces the hold, and a cancelled target is never claimed', async () => {
        const { store, ws, post } = await scheduledPost(2);
        const [first, second] = post.targets;
        await store.posts.armPublish(ws, post.id, 'h1');
        await store.posts.armPublish(ws, post.id, 'h2');
        expect(await store.posts.claimTarget(ws, post.id, first!.id, 'h1')).toBe('superseded');
        await store.posts.setTargetStatus(ws, post.id, second!.id, 'cancelled');
        expect(await store.posts.claimTarget(ws, post.id, second!.id, 'h2')).toBe('superseded');
        expect(await store.posts.claimTarget(ws, post.id, first!.id, 'h2')).toBe('claimed');
      });

      it('a move to scheduled can arm in the same write; any other move disarms', async () => {
        const { store } = ctx();
        const { workspace, account } = await seedWorkspace(store);
        const { post } = await store.posts.create(workspace.id, postInput([account.id]));
        const target = post.targets[0]!.id;
        await store.posts.setStatus(workspace.id, post.id, 'scheduled', { expected: 'draft', arm: 'h1' });
        await store.posts.setStatus(workspace.id, post.id, 'awaiting_approval', { expected: 'scheduled' });
        await store.posts.setStatus(workspace.id, post.id, 'scheduled');
        expect(await store.posts.claimTarget(workspace.id, post.id, target, 'h1')).toBe('superseded');
        await store.posts.setStatus(workspace.id, post.id, 'scheduled', { arm: 'h2' });
        expect(await store.posts.claimTarget(workspace.id, post.id, target, 'h2')).toBe('claimed');
      });

      it('claims made at the same moment each win once', async () => {
        const { store } = ctx();
        const { workspace, account } = await seedWorkspace(store);
        const x = await store.accounts.connect(workspace.id, accountInput({ platform: 'x' }));
        const posts = [];
        for (let i = 0; i < 12; i++) {
          const { post } = await store.posts.create(workspace.id, postInput([account.id, x.id]));
          await store.posts.setStatus(workspace.id, post.id, 'scheduled', { arm: `h${i}` });
          posts.push({ post, hold: `h${i}` });
        }
        const attempts = posts.flatMap(({ post, hold }) =>
          post.targets.flatMap((t) => [t.id, t.id].map((id) => ({ postId: post.id, id, hold }))),
        );
        const results = await Promise.all(
          attempts.map((a) => store.posts.claimTarget(workspace.id, a.postId, a.id, a.hold)),
        );
        for (const { post } of posts) {
          for (const target of post.targets) {
            const mine = results.filter((_, i) => attempts[i]!.id === target.id).sort();
            expect(mine).toEqual(['claimed', 'resumed']);
          }
          const stored = await store.posts.get(workspace.id, post.id);
          expect(stored.status).toBe('publishing');
          expect(stored.targets.map((t) => t.status)).toEqual(['publishing', 'publishing']);
        }
      });

      it('only a scheduled post can be armed', async () => {
        const { store } = ctx();
        const { workspace, account } = await seedWorkspace(store);
        const { post } = await store.posts.create(workspace.id, postInput([account.id]));
        await rejection(store.posts.armPublish(workspace.id, post.id, 'h1'), ConflictError.isInstance);
        const bad = await rejection(
          store.posts.armPublish(workspace.id, post.id, ''),
          ValidationError.isInstance,
        );
        expect(bad.issues[0]?.path).toBe('hold');
      });
    });

    it('changes post and target status; a final post never changes again', async () => {
      const { store } = ctx();
      const { workspace, account } = await seedWorkspace(store);
      const { post } = await store.posts.create(workspace.id, postInput([account.id]));
      const target = post.targets[0]!;
      const scheduled = await store.posts.setStatus(workspace.id, post.id, 'scheduled');
      expect(scheduled).toMatchObject({ status: 'scheduled', version: 2 });
      expect(scheduled.targets).toEqual(post.targets);

      const published = await store.posts.setTargetStatus(workspace.id, post.id, target.id, 'published', {
        externalId: 'at://post/1',
        url: 'https://bsky.app/post/1',
        publishedAt: '2030-01-01T00:00:00Z',
      });
      expect(published).toMatchObject({
        id: target.id,
        status: 'published',
        result: {
          externalId: 'at://post/1',
          url: 'https://bsky.app/post/1',
          publishedAt: '2030-01-01T00:00:00.000Z',
          error: null,
        },
      });
      const failed = await store.posts.setTargetStatus(workspace.id, post.id, target.id, 'failed', {
        error: { kind: 'transient', message: 'timeout' },
      });
      expect(failed.result).toEqual({
        externalId: 'at://post/1',
        url: 'https://bsky.app/post/1',
        publishedAt: '2030-01-01T00:00:00.000Z',
        error: { kind: 'transient', message: 'timeout' },
      });
      const stored = await store.posts.get(workspace.id, post.id);
      expect(stored.targets[0]).toEqual(failed);
      expect(stored.version).toBe(4);
      await rejection(
        store.posts.setTargetStatus(workspace.id, post.id, randomUUID(), 'failed'),
        NotFoundError.isInstance,
      );
      // Nothing half-written: the post is as it was.
      expect(await store.posts.get(workspace.id, post.id)).toEqual(stored);
      const badStatus = await rejection(
        store.posts.setTargetStatus(workspace.id, post.id, target.id, 'done' as 'failed'),
        ValidationError.isInstance,
      );
      expect(badStatus.issues[0]?.path).toBe('status');

      await store.posts.setStatus(workspace.id, post.id, 'published');
      await rejection(store.posts.setStatus(workspace.id, post.id, 'scheduled'), ConflictError.isInstance);
      await rejection(
        store.posts.update(workspace.id, post.id, { content: { text: 'late' } }),
        ConflictError.isInstance,
      );
      expect((await store.posts.get(workspace.id, post.id)).status).toBe('published');
    });

    it('ends every open target with the post: pending ones cancelled, one being sent uncertain', async () => {
      const { store } = ctx();
      const { workspace, account } = await seedWorkspace(store);
      const other = await store.accounts.connect(workspace.id, accountInput({ platform: 'x' }));
      const third = await store.accounts.connect(workspace.id, accountInput({ platform: 'linkedin' }));
      const { post } = await store.posts.create(workspace.id, postInput([account.id, other.id, third.id]));
      const [sent, claimed, pending] = post.targets as [PostTarget, PostTarget, PostTarget];
      await store.posts.setStatus(workspace.id, post.id, 'scheduled', { arm: 'hold-1' });
      await store.posts.setTargetStatus(workspace.id, post.id, sent.id, 'published', { externalId: 'x1' });
      expect(await store.posts.claimTarget(workspace.id, post.id, claimed.id, 'hold-1')).toBe('claimed');

      const ended = await store.posts.setStatus(workspace.id, post.id, 'partially_published');
      const statuses = (p: { targets: PostTarget[] }) => p.targets.map((t) => t.status);
      expect(statuses(ended)).toEqual(['published', 'uncertain', 'cancelled']);
      const stored = await store.posts.get(workspace.id, post.id);
      expect(statuses(stored)).toEqual(['published', 'uncertain', 'cancelled']);
      expect(stored.targets[1]?.result.error?.kind).toBe('unknown_outcome');
      expect(stored.targets[0]?.result.externalId).toBe('x1');
      expect(stored.targets[2]?.id).toBe(pending.id);

      for (const final of ['cancelled', 'rejected', 'failed'] as const) {
        const { post: draft } = await store.posts.create(workspace.id, postInput([account.id, other.id]));
        const done = await store.posts.setStatus(workspace.id, draft.id, final);
        expect(statuses(done)).toEqual(['cancelled', 'cancelled']);
        expect(statuses(await store.posts.get(workspace.id, draft.id))).toEqual(['cancelled', 'cancelled']);
      }
    });

    it('keeps a problem on the post until its next status change', async () => {
      const { store } = ctx();
      const { workspace, account } = await seedWorkspace(store);
      const { post } = await store.posts.create(workspace.id, postInput([account.id]));
      expect(post.problem).toBeNull();
      await store.posts.setStatus(workspace.id, post.id, 'captioning');
      const problem = { kind: 'caption_failed' as const, message: 'the Anthropic API key was refused' };
      const blocked = await store.posts.setStatus(workspace.id, post.id, 'draft', { problem });
      expect(blocked.problem).toMatchObject(problem);
      expect(Number.isNaN(Date.parse(blocked.problem?.at ?? ''))).toBe(false);
      expect((await store.posts.get(workspace.id, post.id)).problem).toEqual(blocked.problem);
      expect((await store.posts.list(workspace.id)).items[0]?.problem).toEqual(blocked.problem);
      const bad = await rejection(
        store.posts.setStatus(workspace.id, post.id, 'draft', {
          problem: { kind: 'oops' as 'caption_failed', message: '' },
        }),
        ValidationError.isInstance,
      );
      expect(bad.issues.map((i) => i.path).sort()).toEqual(['problem.kind', 'problem.message']);
      expect((await store.posts.setStatus(workspace.id, post.id, 'scheduled')).problem).toBeNull();
      expect((await store.posts.get(workspace.id, post.id)).problem).toBeNull();
    });

    it('filters and pages posts in publish-time order', async () => {
      const { store } = ctx();
      const { workspace, account } = await seedWorkspace(store);
      const x = await store.accounts.connect(workspace.id, accountInput({ platform: 'x' }));
      const at = (day: number) => ({ at: `2030-01-0${day}T12:00:00Z`, timeZone: 'UTC' });
      const p3 = (await store.posts.create(workspace.id, postInput([account.id], { publishAt: at(3) }))).post;
      const p1 = (await store.posts.create(workspace.id, postInput([x.id], { publishAt: at(1) }))).post;
      const p2 = (await store.posts.create(workspace.id, postInput([account.id, x.id], { publishAt: at(2) })))
        .post;
      const unscheduled = (await store.posts.create(workspace.id, postInput([account.id]))).post;
      await store.posts.setStatus(workspace.id, p2.id, 'scheduled');

      const ids = async (filter: Parameters<typeof store.posts.list>[1]) =>
        (await store.posts.list(workspace.id, filter)).items.map((p) => p.id);
      // An unscheduled post sorts by its creation time (now), before the 2030 ones.
      expect(await ids({})).toEqual([unscheduled.id, p1.id, p2.id, p3.id]);
      expect(await ids({ status: 'scheduled' })).toEqual([p2.id]);
      expect(await ids({ status: ['draft', 'scheduled'] })).toEqual([unscheduled.id, p1.id, p2.id, p3.id]);
      expect(await ids({ accountId: x.id })).toEqual([p1.id, p2.id]);
      expect(await ids({ platform: 'bluesky' })).toEqual([unscheduled.id, p2.id, p3.id]);
      expect(await ids({ from: '2030-01-02T12:00:00Z' })).toEqual([p2.id, p3.id]);
      expect(await ids({ from: '2030-01-01T00:00:00Z', to: '2030-01-03T12:00:00Z' })).toEqual([p1.id, p2.id]);

      const first = await store.posts.list(workspace.id, { limit: 3 });
      expect(first.items.map((p) => p.id)).toEqual([unscheduled.id, p1.id, p2.id]);
      const second = await store.posts.list(workspace.id, { limit: 3, cursor: first.nextCursor! });
      expect(second).toEqual({ items: [p3], nextCursor: null });
      const filtered = await store.posts.list(workspace.id, { platform: 'bluesky', limit: 1 });
      const next = await store.posts.list(workspace.id, {
        platform: 'bluesky',
        limit: 1,
        cursor: filtered.nextCursor!,
      });
      expect(next.items.map((p) => p.id)).toEqual([p2.id]);
      const bad = await rejection(
        store.posts.list(workspace.id, { status: 'nope' as 'draft' }),
        ValidationError.isInstance,
      );
      expect(bad.issues[0]?.path).toMatch(/^status/);
    });

    it('deletes posts', async () => {
      const { store } = ctx();
      const { workspace, account } = await seedWorkspace(store);
      const { post } = await store.posts.create(workspace.id, postInput([account.id]));
      await store.posts.delete(workspace.id, post.id);
      await rejection(store.posts.get(workspace.id, post.id), NotFoundError.isInstance);
      await rejection(store.posts.delete(workspace.id, post.id), NotFoundError.isInstance);
    });
  });
}
