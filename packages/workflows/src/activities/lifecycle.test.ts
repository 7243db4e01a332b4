import { randomBytes, randomUUID } from 'node:crypto';
import { createKeyring, createMemoryStore, type RelayPostStore } from '@relaypost/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLifecycleActivities } from './lifecycle.js';

describe('loadPlan with schedule (lifecycle-v3)', () => {
  let store: RelayPostStore;
  let workspaceId: string;
  let accountId: string;

  beforeEach(async () => {
    store = createMemoryStore({
      keyring: createKeyring({ keys: [{ id: 'k', key: randomBytes(32).toString('base64') }] }),
    });
    workspaceId = (await store.workspaces.create({ name: 'Acme' })).id;
    accountId = (
      await store.accounts.connect(workspaceId, {
        platform: 'bluesky',
        externalId: 'did:plc:acme',
        handle: 'acme.test',
        credentials: { accessToken: 'access' },
      })
    ).id;
  });

  const createPost = async (extra: { approval?: { mode: 'required' } } = {}) =>
    (
      await store.posts.create(workspaceId, {
        content: { text: 'Straight to the timer' },
        targets: [{ accountId }],
        ...extra,
      })
    ).post;
  const statusEvents = async (postId: string) =>
    (await store.history.list(workspaceId, { postId })).filter((e) => e.type === 'post.status_changed');

  it('schedules and arms a draft that needs nothing else, and records it once across a retry', async () => {
    const post = await createPost();
    const { loadPlan } = createLifecycleActivities({ store, adapters: {}, media: {} as never });
    const schedule = { eventId: randomUUID(), arm: randomUUID() };

    const plan = await loadPlan({ workspaceId, postId: post.id, schedule });
    expect(plan).toMatchObject({ status: 'scheduled', armed: schedule.arm });
    // A retry (the first answer was lost) finds the post scheduled: it returns it unarmed, for
    // the workflow to arm, and writes no second event.
    const again = await loadPlan({ workspaceId, postId: post.id, schedule });
    expect(again.status).toBe('scheduled');
    expect(again.armed).toBeUndefined();
    expect((await statusEvents(post.id)).map((e) => [e.id, e.data])).toEqual([
      [schedule.eventId, { from: 'draft', to: 'scheduled' }],
    ]);
    // Armed with the load's hold: a publish holding it may claim the post.
    const target = post.targets[0]!;
    expect(await store.posts.claimTarget(workspaceId, post.id, target.id, schedule.arm)).toBe('claimed');
  });

  it('leaves a post that waits for approval (or any post, without schedule) as it is', async () => {
    const { loadPlan } = createLifecycleActivities({ store, adapters: {}, media: {} as never });
    const needsApproval = await createPost({ approval: { mode: 'required' } });
    const schedule = { eventId: randomUUID(), arm: randomUUID() };
    const plan = await loadPlan({ workspaceId, postId: needsApproval.id, schedule });
    expect(plan.status).toBe('draft');
    expect(plan.armed).toBeUndefined();
    const plain = await createPost();
    expect((await loadPlan({ workspaceId, postId: plain.id })).status).toBe('draft');
    expect(await statusEvents(needsApproval.id)).toEqual([]);
    expect(await statusEvents(plain.id)).toEqual([]);
  });
});
