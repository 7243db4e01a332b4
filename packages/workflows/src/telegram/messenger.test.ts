import { randomUUID } from 'node:crypto';
import {
  type MediaAsset,
  NeedsReconnectError,
  RateLimitedError,
  Secret,
  TransientError,
  type Workspace,
} from '@relaypost/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memoryStore, seedAccount, seedPost, seedWorkspace } from '../../test/seed.js';
import { createTelegramFake, type TelegramFake } from '../testing/telegram-fake.js';
import { deriveWorkspaceSecret, verifyCallbackData } from './callback-data.js';
import { createTelegramMessenger } from './messenger.js';

const SECRET = 'callback-secret';

describe('createTelegramMessenger', () => {
  let fake: TelegramFake;
  const store = memoryStore();
  let workspace: Workspace;
  beforeAll(async () => {
    fake = await createTelegramFake();
    workspace = await seedWorkspace(store, {
      timeZone: 'America/New_York',
      telegram: { botToken: fake.token, approverChatIds: [1001, -2002], approverUserIds: [7] },
    });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.server.clearFaults());
  const messenger = () => createTelegramMessenger({ apiRoot: `${fake.url}/`, callbackSecret: SECRET });

  async function post(text: string) {
    const x = await seedAccount(store, workspace.id, 'x', '@acme');
    const linkedin = await seedAccount(store, workspace.id, 'linkedin', 'Acme Inc');
    const created = await seedPost(store, workspace.id, {
      text,
      accounts: [x, linkedin],
      publishAt: '2026-03-03T14:00:00.000Z',
    });
    return { post: created, accounts: [x, linkedin] };
  }

  it('sends a text request with escaped HTML, targets, zoned time, deadline and signed buttons', async () => {
    const { post: p, accounts } = await post('Launch <today> & tomorrow');
    const sent = await messenger().sendApprovalRequest({
      workspace,
      post: p,
      accounts,
      firstImage: null,
      deadline: '2026-03-03T13:00:00.000Z',
      reminder: false,
    });
    expect(sent.map((m) => m.chatId)).toEqual([1001, -2002]);
    const message = fake.message(1001, sent[0]!.messageId)!;
    expect(message.kind).toBe('text');
    expect(message.parseMode).toBe('HTML');
    expect(message.plain).toContain('Launch <today> & tomorrow');
    expect(message.plain).toContain('X @acme, LinkedIn Acme Inc');
    expect(message.plain).toMatch(/Tue, 3 Mar 2026, 09:00 (EST|GMT-5)/);
    expect(message.plain).toMatch(/Decide by: Tue, 3 Mar 2026, 08:00/);
    const buttons = message.replyMarkup!.inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(['✅ Approve', '❌ Reject', '🔄 Regenerate caption']);
    const key = deriveWorkspaceSecret(SECRET, 'callback', workspace.id);
    expect(buttons.map((b) => verifyCallbackData(key, b.callback_data!))).toEqual([
      { postId: p.id, action: 'approve' },
      { postId: p.id, action: 'reject' },
      { postId: p.id, action: 'regenerate' },
    ]);
  });

  it('cuts a long post to fit 4096 characters, and sends a photo with a caption of at most 1024', async () => {
    const { post: p, accounts } = await post(`${'A long & winding <road> '.repeat(400)}THE END`);
    const [text] = await messenger().sendApprovalRequest({
      workspace,
      post: p,
      accounts,
      firstImage: null,
      deadline: null,
      reminder: true,
    });
    const message = fake.message(1001, text!.messageId)!;
    expect(message.plain.length).toBeLessThanOrEqual(4096);
    expect(message.plain).toContain('Reminder');
    expect(message.plain).not.toContain('THE END');
    expect(message.plain).toContain('…');

    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
    const asset = { id: randomUUID(), mimeType: 'image/png' } as MediaAsset;
    const [photo] = await messenger().sendApprovalRequest({
      workspace,
      post: p,
      accounts,
      firstImage: { asset, bytes },
      deadline: null,
      reminder: false,
    });
    const photoMessage = fake.message(1001, photo!.messageId)!;
    expect(photo!.kind).toBe('photo');
    expect(photoMessage.kind).toBe('photo');
    expect(photoMessage.photo).toEqual(Buffer.from(bytes));
    expect(photoMessage.plain.length).toBeLessThanOrEqual(1024);
    expect(photoMessage.replyMarkup?.inline_keyboard.length).toBeGreaterThan(0);
  });

  it('edits text and photo requests to show the decision and removes the buttons', async () => {
    const { post: p, accounts } = await post('Decide me');
    const asset = { id: randomUUID(), mimeType: 'image/jpeg' } as MediaAsset;
    const textMessages = await messenger().sendApprovalRequest({
      workspace,
      post: p,
      accounts,
      firstImage: null,
      deadline: null,
      reminder: false,
    });
    const photoMessages = await messenger().sendApprovalRequest({
      workspace,
      post: p,
      accounts,
      firstImage: { asset, bytes: new Uint8Array([1, 2, 3]) },
      deadline: null,
      reminder: false,
    });
    // Messages recorded without their kind (older history) are edited too.
    const messages = [
      ...textMessages,
      ...photoMessages.map(({ chatId, messageId }) => ({ chatId, messageId })),
    ];
    await messenger().announceDecision({
      workspace,
      post: p,
      messages,
      decision: 'rejected',
      actor: { kind: 'telegram', id: '7', name: 'Ada' },
      reason: 'Off-brand <tone>',
      accounts,
    });
    for (const m of messages) {
      const edited = fake.message(m.chatId, m.messageId)!;
      expect(edited.plain).toContain('Rejected by Ada (7)');
      expect(edited.plain).toContain('Reason: Off-brand <tone>');
      expect(edited.replyMarkup?.inline_keyboard ?? []).toEqual([]);
      expect(edited.edits).toBe(1);
    }
    // Announcing the same decision again is harmless ("message is not modified").
    await messenger().announceDecision({
      workspace,
      post: p,
      messages,
      decision: 'rejected',
      actor: { kind: 'telegram', id: '7', name: 'Ada' },
      reason: 'Off-brand <tone>',
      accounts,
    });
  });

  it('sends an outcome summary with links', async () => {
    const { post: p } = await post('Shipped');
    p.status = 'partially_published';
    p.targets[0]!.status = 'published';
    p.targets[0]!.result.url = 'https://x.com/acme/status/1?a=1&b=2';
    p.targets[1]!.status = 'failed';
    p.targets[1]!.result.error = { kind: 'content_rejected', message: 'too long' };
    const before = fake.messages(-2002).length;
    await messenger().notifyOutcome({ workspace, post: p });
    const summary = fake.messages(-2002).at(-1)!;
    expect(fake.messages(-2002).length).toBe(before + 1);
    expect(summary.plain).toContain('Partially published');
    expect(summary.text).toContain('<a href="https://x.com/acme/status/1?a=1&amp;b=2">X</a>');
    expect(summary.plain).toContain('LinkedIn: too long');
  });

  it('maps 429, a bad token and 5xx', async () => {
    const { post: p, accounts } = await post('Errors');
    const input = { workspace, post: p, accounts, firstImage: null, deadline: null, reminder: false };
    fake.rateLimitNext('sendMessage', 5, 2);
    const limited = await messenger()
      .sendApprovalRequest(input)
      .catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(limited) && limited.retryAfterMs).toBe(5000);

    const badToken = {
      ...workspace,
      telegram: { ...workspace.telegram!, botToken: new Secret('999:wrong-token') },
    };
    const rejected = await messenger()
      .sendApprovalRequest({ ...input, workspace: badToken })
      .catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(rejected)).toBe(true);
    expect(String((rejected as Error).message)).not.toContain('wrong-token');

    fake.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' }, 2);
    await expect(messenger().sendApprovalRequest(input)).rejects.toSatisfy((e) =>
      TransientError.isInstance(e),
    );

    const offline = createTelegramMessenger({ apiRoot: 'http://127.0.0.1:1', callbackSecret: SECRET });
    const network = await offline.sendApprovalRequest(input).catch((e: unknown) => e);
    expect(TransientError.isInstance(network)).toBe(true);
    expect(JSON.stringify((network as TransientError).toJSON())).not.toContain(fake.token);
  });

  it('keeps a partial delivery instead of failing (a retry would send duplicates)', async () => {
    const { post: p, accounts } = await post('Partial');
    fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const sent = await messenger().sendApprovalRequest({
      workspace,
      post: p,
      accounts,
      firstImage: null,
      deadline: null,
      reminder: false,
    });
    expect(sent.map((m) => m.chatId)).toEqual([-2002]);
  });
});
