import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Workspace } from '@relaypost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyOf, memoryStore, seedAccount, seedPost, seedWorkspace } from '../../test/seed.js';
import { createWebhookNotifier, verifyWebhookSignature } from '../notify/webhook.js';
import { createTelegramMessenger } from '../telegram/messenger.js';
import { createTelegramFake, type TelegramFake } from '../testing/telegram-fake.js';
import { createApprovalActivities, createOutcomeNotifier } from './approval.js';
import type { ActivityDeps } from './deps.js';
import { deriveId } from './derive-id.js';
import { createActivities } from './index.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe('approval activities', () => {
  let fake: TelegramFake;
  let hookServer: Server;
  let hookUrl: string;
  const hooks: Array<{ headers: Record<string, unknown>; body: string }> = [];
  const store = memoryStore();
  let deps: ActivityDeps;
  let workspace: Workspace;

  beforeAll(async () => {
    fake = await createTelegramFake();
    hookServer = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      hooks.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`;
    workspace = await seedWorkspace(store, {
      telegram: { botToken: fake.token, approverChatIds: [1001, 1002], approverUserIds: [7] },
      webhook: { url: hookUrl, secret: 'whsec_1' },
    });
    deps = {
      store,
      adapters: {},
      media: { read: async () => PNG, readRange: async () => PNG, urls: null },
      telegram: createTelegramMessenger({ apiRoot: fake.url, callbackSecret: 's' }),
      webhooks: createWebhookNotifier(),
    };
  });
  afterAll(async () => {
    hookServer.closeAllConnections();
    await new Promise((resolve) => hookServer.close(resolve));
    await fake.close();
  });

  it('sends the request once per event id, with the first image, and records the messages', async () => {
    const account = await seedAccount(store, workspace.id, 'instagram', 'acme');
    const imageId = randomUUID();
    await store.media.add(workspace.id, {
      id: imageId,
      mimeType: 'image/png',
      sizeBytes: PNG.length,
      width: 1,
      height: 1,
      checksumSha256: 'a'.repeat(64),
      storageKey: 'k',
    });
    const post = await seedPost(store, workspace.id, {
      text: 'With a picture',
      accounts: [account],
      mediaIds: [imageId],
    });
    const activities = createApprovalActivities(deps);
    const eventId = randomUUID();
    const input = { workspaceId: workspace.id, postId: post.id, eventId, reminder: false, deadline: null };
    expect(await activities.requestApproval(input)).toEqual({ sent: 2 });
    expect(await activities.requestApproval(input)).toEqual({ sent: 2 }); // a retry sends nothing new
    expect(fake.messages(1001).filter((m) => m.plain.includes('With a picture'))).toHaveLength(1);
    expect(fake.messages(1001).at(-1)!.kind).toBe('photo');
    const event = (await historyOf(store, workspace.id, post.id)).find((e) => e.id === eventId)!;
    expect(event.type).toBe('post.approval_requested');
    expect(JSON.parse(event.data.messages as string)).toEqual([
      { chatId: 1001, messageId: expect.any(Number), kind: 'photo' },
      { chatId: 1002, messageId: expect.any(Number), kind: 'photo' },
    ]);
    expect(event.data.reminder).toBe(false);

    // A reminder is a second request; the decision edits both.
    await activities.requestApproval({ ...input, eventId: randomUUID(), reminder: true });
    await store.history.append(workspace.id, {
      type: 'post.status_changed',
      postId: post.id,
      actor: { kind: 'workflow' },
      data: { from: 'draft', to: 'awaiting_approval' },
      occurredAt: new Date(Date.now() - 90_000).toISOString(),
    });
    const waits: Array<{ decision: string; waitMs: number }> = [];
    const observed = createApprovalActivities({
      ...deps,
      observer: { approvalDecided: (e) => waits.push(e) },
    });
    await observed.announceDecision({
      workspaceId: workspace.id,
      postId: post.id,
      eventId: randomUUID(),
      decision: 'approved',
      actor: { kind: 'api', id: 'key_1', name: 'CMS' },
    });
    expect(waits).toEqual([{ decision: 'approved', waitMs: expect.any(Number) }]);
    expect(waits[0]!.waitMs).toBeGreaterThanOrEqual(90_000);
    const requests = fake.messages().filter((m) => m.plain.includes('With a picture'));
    expect(requests).toHaveLength(4);
    for (const m of requests) {
      expect(m.plain).toContain('Approved by CMS (key_1) via api');
      expect(m.replyMarkup?.inline_keyboard ?? []).toEqual([]);
    }
  });

  it('returns sent: 0 without Telegram settings, and gives up (recorded) on a revoked bot token', async () => {
    const plain = await seedWorkspace(store);
    const post = await seedPost(store, plain.id, {
      text: 'No bot',
      accounts: [await seedAccount(store, plain.id, 'x', '@a')],
    });
    const activities = createApprovalActivities(deps);
    expect(
      await activities.requestApproval({
        workspaceId: plain.id,
        postId: post.id,
        eventId: randomUUID(),
        reminder: false,
        deadline: null,
      }),
    ).toEqual({ sent: 0 });

    const revoked = await seedWorkspace(store, {
      telegram: { botToken: '1:revoked', approverChatIds: [1], approverUserIds: [] },
    });
    const other = await seedPost(store, revoked.id, {
      text: 'Bad bot',
      accounts: [await seedAccount(store, revoked.id, 'x', '@a')],
    });
    const eventId = randomUUID();
    expect(
      await activities.requestApproval({
        workspaceId: revoked.id,
        postId: other.id,
        eventId,
        reminder: false,
        deadline: null,
      }),
    ).toEqual({ sent: 0 });
    const recorded = (await historyOf(store, revoked.id, other.id)).find((e) => e.id === eventId)!;
    expect(recorded.data.error).toMatch(/bot token was rejected/);
  });

  it('notifies Telegram and the signed webhook once each', async () => {
    const account = await seedAccount(store, workspace.id, 'x', '@acme');
    const post = await seedPost(store, workspace.id, { text: 'Done', accounts: [account] });
    await store.posts.setTargetStatus(workspace.id, post.id, post.targets[0]!.id, 'published', {
      externalId: '9',
      url: 'https://x.com/acme/status/9',
    });
    await store.posts.setStatus(workspace.id, post.id, 'published');
    const eventId = randomUUID();
    const input = {
      workspaceId: workspace.id,
      postId: post.id,
      eventId,
      status: 'published' as const,
      targets: [
        {
          targetId: post.targets[0]!.id,
          platform: 'x' as const,
          status: 'published' as const,
          url: 'https://x.com/acme/status/9',
        },
      ],
    };
    hooks.length = 0;
    const before = fake.messages(1001).length;
    fake.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' }, 2);
    const notify = createOutcomeNotifier(deps);
    await expect(notify(input)).rejects.toThrow(/Telegram server error/);
    await notify(input); // the retry
    await notify(input); // a duplicate retry sends nothing
    expect(fake.messages(1001).length).toBe(before + 1);
    expect(fake.messages(1001).at(-1)!.plain).toContain('Published');
    expect(hooks).toHaveLength(1);
    const [hook] = hooks;
    expect(hook!.headers['x-relaypost-event']).toBe('post.published');
    expect(hook!.headers['x-relaypost-delivery']).toBe(deriveId(eventId, 'webhook-event'));
    expect(
      verifyWebhookSignature({
        secret: 'whsec_1',
        header: hook!.headers['x-relaypost-signature'] as string,
        body: hook!.body,
      }),
    ).toBe(true);
    expect(JSON.parse(hook!.body).data.targets[0]).toMatchObject({
      platform: 'x',
      url: 'https://x.com/acme/status/9',
    });
    const notices = (await historyOf(store, workspace.id, post.id)).filter(
      (e) => e.type === 'notification.sent',
    );
    expect(notices.map((e) => e.data.channel).sort()).toEqual(['telegram', 'webhook']);
    expect(notices.every((e) => e.data.ok === true)).toBe(true);
  });

  it('finishes a post in one activity: the final status once, then each notice once, across a retry', async () => {
    const account = await seedAccount(store, workspace.id, 'x', '@finish');
    const post = await seedPost(store, workspace.id, {
      text: 'Finished in one go',
      accounts: [account],
      status: 'publishing',
    });
    const recorded = { workspaceId: workspace.id, postId: post.id, eventId: randomUUID() };
    const input = {
      ...recorded,
      status: 'published' as const,
      transition: { ...recorded, from: 'publishing' as const, to: 'published' as const },
      outcomes: [{ targetId: post.targets[0]!.id, platform: 'x' as const, status: 'published' as const }],
    };
    hooks.length = 0;
    const before = fake.messages(1001).length;
    const { finishPost, deliverNotices } = createActivities(deps).lifecycle;
    fake.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' }, 2);
    // The status lands; the notice that failed comes back to be retried outside the workflow task.
    const first = await finishPost(input);
    expect((await store.posts.get(workspace.id, post.id)).status).toBe('published');
    expect(first.notice).toMatchObject({ postId: post.id, status: 'published' });
    // Retried as Temporal would, until it goes through (the fake fails twice in all).
    let tries = 0;
    for (; tries < 3; tries++)
      if (
        await deliverNotices(first.notice!).then(
          () => true,
          () => false,
        )
      )
        break;
    expect(tries).toBeLessThan(3);
    await deliverNotices(first.notice!); // a duplicate retry sends nothing
    // A retried finish writes nothing twice and finds nothing left to send.
    expect((await finishPost(input)).notice).toBeNull();
    const events = await historyOf(store, workspace.id, post.id);
    expect(events.filter((e) => e.type === 'post.status_changed').map((e) => e.data)).toEqual([
      { from: 'publishing', to: 'published' },
    ]);
    expect(events.filter((e) => e.type === 'notification.sent').map((e) => e.data.channel)).toEqual([
      'telegram',
      'webhook',
    ]);
    expect(fake.messages(1001).length).toBe(before + 1);
    expect(hooks.map((h) => h.headers['x-relaypost-event'])).toEqual(['post.published']);
  });
});
