import { ConflictError, createMemoryStore, type RelayPostStore } from '@relaypost/core';
import { createBluesky } from '@relaypost/platforms';
import { type BlueskyFake, createBlueskyFake, memoryMediaAccess } from '@relaypost/platforms/testing';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAccount, type PlatformUnderTest, testKeyring } from '../../test/harness.js';
import { FAILURE_TYPES } from '../names.js';
import type { TargetOutcome } from '../types.js';
import { createPublishActivities } from './publish.js';

const LOGIN = { identifier: 'holds.test', password: 'app-pass-word-1234' };
const CREATE_RECORD = '/xrpc/com.atproto.repo.createRecord';

// The publish activity on its own, with the store as the only arbiter: these cases cover the
// moments the workflow cannot reach in time (a cancellation still on its way to the activity).
describe('publishTarget with a hold', () => {
  let fake: BlueskyFake;
  let store: RelayPostStore;
  let bluesky: PlatformUnderTest;
  let workspaceId: string;
  let accountId: string;

  beforeAll(async () => {
    fake = await createBlueskyFake(LOGIN);
    bluesky = { platform: 'bluesky', fake, adapter: createBluesky(fake.adapterOptions()), login: LOGIN };
    store = createMemoryStore({ keyring: testKeyring() });
    workspaceId = (await store.workspaces.create({ name: 'Holds', timeZone: 'UTC' })).id;
    accountId = (await connectAccount(store, workspaceId, bluesky)).id;
  });
  afterAll(() => fake.close());

  const activities = (claimLeadMs?: number) =>
    createPublishActivities({
      store,
      adapters: { bluesky: bluesky.adapter },
      media: memoryMediaAccess([]),
      ...(claimLeadMs === undefined ? {} : { publishClaimLeadMs: claimLeadMs }),
    });

  async function armedPost(text: string, hold: string) {
    const { post } = await store.posts.create(workspaceId, { content: { text }, targets: [{ accountId }] });
    await store.posts.setStatus(workspaceId, post.id, 'scheduled');
    await store.posts.armPublish(workspaceId, post.id, hold);
    return { postId: post.id, targetId: post.targets[0]!.id };
  }
  const sent = (text: string) =>
    fake.server.requests.filter(
      (r) => r.path === CREATE_RECORD && (r.json as { record?: { text?: string } })?.record?.text === text,
    );

  it('waits for its second, claims the post and sends once', async () => {
    const { postId, targetId } = await armedPost('Sent on its second', 'h1');
    const notBefore = new Date(Date.now() + 400).toISOString();
    const outcome = await (new MockActivityEnvironment().run(activities().publishTarget, {
      workspaceId,
      postId,
      targetId,
      hold: { name: 'h1', notBefore },
    }) as Promise<TargetOutcome>);
    expect(outcome.status).toBe('published');
    expect(sent('Sent on its second')).toHaveLength(1);
    expect(sent('Sent on its second')[0]!.receivedAt).toBeGreaterThanOrEqual(Date.parse(notBefore));
    const events = await store.history.list(workspaceId, { postId });
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['post.status_changed', 'target.publishing', 'target.published']),
    );
    expect((await store.posts.get(workspaceId, postId)).targets[0]!.status).toBe('published');
  });

  it('claims the post a moment before its second, and sends only on the second', async () => {
    const text = 'Claimed ahead, sent on time';
    const { postId, targetId } = await armedPost(text, 'h1');
    const notBefore = Date.now() + 900;
    const running = new MockActivityEnvironment().run(activities(600).publishTarget, {
      workspaceId,
      postId,
      targetId,
      hold: { name: 'h1', notBefore: new Date(notBefore).toISOString() },
    }) as Promise<TargetOutcome>;
    await new Promise((resolve) => setTimeout(resolve, notBefore - 150 - Date.now()));
    // Past the claim, before the second: publishing (edits are refused), nothing sent yet.
    expect((await store.posts.get(workspaceId, postId)).status).toBe('publishing');
    await expect(
      store.posts.update(workspaceId, postId, { content: { text: 'Too late' } }),
    ).rejects.toSatisfy(ConflictError.isInstance);
    expect(sent(text)).toHaveLength(0);
    expect((await running).status).toBe('published');
    expect(sent(text)).toHaveLength(1);
    expect(sent(text)[0]!.receivedAt).toBeGreaterThanOrEqual(notBefore);
  });

  it('sends nothing when the post changed while it was held', async () => {
    const { postId, targetId } = await armedPost('Edited while held', 'h1');
    const env = new MockActivityEnvironment();
    const running = env.run(activities().publishTarget, {
      workspaceId,
      postId,
      targetId,
      hold: { name: 'h1', notBefore: new Date(Date.now() + 300).toISOString() },
    });
    // The edit disarms the hold; the activity never hears of it before its second.
    await store.posts.update(workspaceId, postId, { content: { text: 'The edited text' } });
    const failure = await running.then(
      () => null,
      (error: unknown) => error,
    );
    const cause = failure instanceof ActivityFailure ? failure.cause : failure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe(FAILURE_TYPES.holdSuperseded);
    expect((cause as ApplicationFailure).nonRetryable).toBe(true);
    expect(sent('Edited while held')).toHaveLength(0);
    expect(sent('The edited text')).toHaveLength(0);
    expect((await store.posts.get(workspaceId, postId)).status).toBe('scheduled');
  });

  it('reports a target cancelled while it was held as cancelled, and sends nothing', async () => {
    const { postId, targetId } = await armedPost('Target cancelled while held', 'h1');
    await store.posts.setTargetStatus(workspaceId, postId, targetId, 'cancelled');
    const outcome = await (new MockActivityEnvironment().run(activities().publishTarget, {
      workspaceId,
      postId,
      targetId,
      hold: { name: 'h1', notBefore: null },
    }) as Promise<TargetOutcome>);
    expect(outcome.status).toBe('cancelled');
    expect(sent('Target cancelled while held')).toHaveLength(0);
  });

  it('a retry of a claimed hold looks the post up before sending again', async () => {
    const text = 'Sent, then the answer was lost';
    const { postId, targetId } = await armedPost(text, 'h1');
    fake.server.scriptFault((r) => r.path === CREATE_RECORD, { kind: 'drop-after-apply' });
    const input = { workspaceId, postId, targetId, hold: { name: 'h1', notBefore: null } };
    const first = await (
      new MockActivityEnvironment().run(activities().publishTarget, input) as Promise<TargetOutcome>
    ).then(
      (outcome) => outcome.status,
      () => 'retry',
    );
    // The adapter's own look-up may already settle it; otherwise the retry must find the record.
    const outcome =
      first === 'retry'
        ? await (new MockActivityEnvironment().run(
            activities().publishTarget,
            input,
          ) as Promise<TargetOutcome>)
        : null;
    expect(first === 'published' || outcome?.status === 'published').toBe(true);
    expect(sent(text)).toHaveLength(1);
    expect(fake.records().filter((r) => (r.value as { text?: string }).text === text)).toHaveLength(1);
  });

  it('gives up its wait when the activity is cancelled', async () => {
    const { postId, targetId } = await armedPost('Cancelled in its wait', 'h1');
    const env = new MockActivityEnvironment();
    const running = env.run(activities().publishTarget, {
      workspaceId,
      postId,
      targetId,
      hold: { name: 'h1', notBefore: new Date(Date.now() + 60_000).toISOString() },
    });
    setTimeout(() => env.cancel(), 50);
    await expect(running).rejects.toBeTruthy();
    expect(sent('Cancelled in its wait')).toHaveLength(0);
    expect((await store.posts.get(workspaceId, postId)).targets[0]!.status).toBe('pending');
  });
});
