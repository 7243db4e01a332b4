import type { createBlueskyFake } from '@relaypost/platforms/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxStack, startSandboxStack } from '../src/dev/sandbox-stack.js';

type BlueskyFake = Awaited<ReturnType<typeof createBlueskyFake>>;
const APPROVER = 4242;

/**
 * The end-to-end path on real parts: the Temporal dev server, Postgres, the worker process's
 * workers and Telegram poller, and the SDK, with the platforms, Telegram and Anthropic as fakes.
 */
describe('dev stack in sandbox mode (Temporal dev server)', () => {
  let sandbox: SandboxStack;

  beforeAll(async () => {
    sandbox = await startSandboxStack({ admin: false, env: { TELEGRAM_RESCAN_SECONDS: '1' } });
  }, 180_000);
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('captions a post with AI, waits for approval on Telegram, publishes it on time once', async () => {
    const { relaypost } = sandbox.stack;
    const fakes = sandbox.stack.sandbox!;
    const bluesky = fakes.fakes.find((f) => f.platform === 'bluesky') as BlueskyFake;
    const workspace = await relaypost.workspaces.create({
      name: 'E2E',
      timeZone: 'Europe/Berlin',
      ai: { anthropicApiKey: fakes.credentials.anthropicApiKey, tone: 'calm' },
      telegram: {
        botToken: fakes.credentials.telegramBotToken,
        approverChatIds: [APPROVER],
        approverUserIds: [APPROVER],
      },
    });
    const account = await relaypost.accounts.connectWithPassword({
      workspaceId: workspace.id,
      platform: 'bluesky',
      identifier: fakes.credentials.bluesky.identifier,
      password: fakes.credentials.bluesky.appPassword,
    });
    const publishAt = new Date(Date.now() + 8_000).toISOString();
    const post = await relaypost.posts.create(workspace.id, {
      content: { text: 'We ship exactly-once publishing today.' },
      targets: [{ accountId: account.id }],
      publishAt: { at: publishAt, timeZone: 'Europe/Berlin' },
      approval: { mode: 'required' },
      caption: { brief: 'Announce exactly-once publishing' },
    });

    await sandbox.telegramFake.pressButton({ chatId: APPROVER, button: 'Approve', fromUserId: APPROVER });
    const done = await relaypost.posts.waitForResult(workspace.id, post.id);

    expect(done.status).toBe('published');
    const [target] = done.targets;
    expect(target?.status).toBe('published');
    expect(target?.result?.url).toMatch(/^https:\/\/bsky\.app\/profile\//);
    expect(Date.parse(target?.result?.publishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(publishAt));
    // The caption came from the Anthropic fake and is what landed on Bluesky, once.
    expect(fakes.anthropic.fake.calls.length).toBeGreaterThanOrEqual(1);
    const records = bluesky.records();
    expect(records).toHaveLength(1);
    expect((records[0]?.value as { text?: string } | undefined)?.text).toBe(done.content.text);
    expect(done.content.text).not.toBe('We ship exactly-once publishing today.');
    // The approval message was edited to show the decision.
    const messages = sandbox.telegramFake.messages(APPROVER);
    expect(messages.some((m) => /Approved/.test(m.text))).toBe(true);
    const types = (await relaypost.posts.history(workspace.id, post.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['post.caption_generated', 'post.approved']));
  }, 120_000);
});
