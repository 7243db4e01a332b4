import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Workspace } from '@relaypost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStore, seedAccount, seedPost, seedWorkspace } from '../../test/seed.js';
import { createTelegramFake, type TelegramFake } from '../testing/telegram-fake.js';
import { createTelegramBridge, type TelegramDecision } from './bridge.js';
import { signCallbackData } from './callback-data.js';
import { createTelegramMessenger } from './messenger.js';

const SECRET = 'callback-secret';
const APPROVER = 7;

describe('createTelegramBridge', () => {
  let fake: TelegramFake;
  let server: Server;
  let webhookUrl: string;
  const store = memoryStore();
  let workspace: Workspace;
  const decisions: TelegramDecision[] = [];
  let refuse: string | null = null;
  const bridge = () =>
    createTelegramBridge({
      store,
      callbackSecret: SECRET,
      apiRoot: fake.url,
      onDecision: async (decision) => {
        if (refuse) throw new Error('Workflow Update failed', { cause: new Error(refuse) });
        decisions.push(decision);
      },
    });

  beforeAll(async () => {
    fake = await createTelegramFake({ maxPollSeconds: 1 });
    workspace = await seedWorkspace(store, {
      telegram: { botToken: fake.token, approverChatIds: [1001], approverUserIds: [APPROVER] },
    });
    server = createServer((req, res) => void bridge().webhookHandler(workspace.id)(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/${workspace.id}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await fake.close();
  });

  async function requestFor() {
    const account = await seedAccount(store, workspace.id, 'bluesky', 'acme.bsky.social');
    const post = await seedPost(store, workspace.id, { text: 'Approve me', accounts: [account] });
    const [message] = await createTelegramMessenger({
      apiRoot: fake.url,
      callbackSecret: SECRET,
    }).sendApprovalRequest({
      workspace,
      post,
      accounts: [account],
      firstImage: null,
      deadline: null,
      reminder: false,
    });
    return { post, message: message! };
  }

  it('takes a decision through the webhook, with the secret token checked', async () => {
    await bridge().setWebhook(workspace.id, webhookUrl);
    expect(fake.webhook).toEqual({ url: webhookUrl, secretToken: bridge().webhookSecret(workspace.id) });
    const { post, message } = await requestFor();
    decisions.length = 0;
    const press = await fake.pressButton({
      chatId: 1001,
      messageId: message.messageId,
      fromUserId: APPROVER,
      fromName: 'Ada',
      button: '❌ Reject',
    });
    expect(press).toMatchObject({ delivered: 'webhook', status: 200 });
    expect(decisions).toEqual([
      {
        workspaceId: workspace.id,
        postId: post.id,
        action: 'reject',
        actor: { kind: 'telegram', id: String(APPROVER), name: 'Ada' },
      },
    ]);
    expect(await fake.waitForAnswer(press.callbackQueryId)).toEqual({ text: '❌ Rejected' });

    const forged = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wrong' },
      body: '{}',
    });
    expect(forged.status).toBe(401);
  });

  it('answers "not allowed" to strangers and does nothing else', async () => {
    const { message } = await requestFor();
    decisions.length = 0;
    const press = await fake.pressButton({ chatId: 1001, messageId: message.messageId, fromUserId: 666 });
    expect(await fake.waitForAnswer(press.callbackQueryId)).toEqual({
      text: 'You are not allowed to approve posts in this workspace.',
      showAlert: true,
    });
    expect(decisions).toEqual([]);
  });

  it('answers with the workflow’s reason when the decision is refused, and refuses forged data', async () => {
    const { message, post } = await requestFor();
    refuse = 'post is published, not awaiting approval';
    const press = await fake.pressButton({
      chatId: 1001,
      messageId: message.messageId,
      fromUserId: APPROVER,
    });
    expect((await fake.waitForAnswer(press.callbackQueryId)).text).toBe(
      'post is published, not awaiting approval',
    );
    refuse = null;

    const forged = signCallbackData('someone-elses-secret', post.id, 'approve');
    const bad = await fake.pressButton({
      chatId: 1001,
      messageId: message.messageId,
      fromUserId: APPROVER,
      data: forged,
    });
    expect((await fake.waitForAnswer(bad.callbackQueryId)).text).toBe('This button is not valid any more.');
  });

  it('polls getUpdates when no webhook is set, and stops cleanly', async () => {
    const { post, message } = await requestFor();
    const polling = await bridge().startLongPolling(workspace.id);
    expect(fake.webhook).toBeNull(); // grammY deletes the webhook before polling
    try {
      decisions.length = 0;
      const press = await fake.pressButton({
        chatId: 1001,
        messageId: message.messageId,
        fromUserId: APPROVER,
        button: '✅ Approve',
      });
      expect(press.delivered).toBe('polling');
      expect(await fake.waitForAnswer(press.callbackQueryId)).toEqual({ text: '✅ Approved' });
      expect(decisions.map((d) => [d.postId, d.action])).toEqual([[post.id, 'approve']]);
    } finally {
      await polling.stop();
    }
  });
});
