import { randomUUID } from 'node:crypto';
import type { PlatformAdapter, PlatformId, TextCounting } from '@relaypost/core';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyOf, memoryStore, seedAccount, seedPost, seedWorkspace } from '../../test/seed.js';
import { createAnthropicCaptionService } from '../caption/anthropic.js';
import { FAILURE_TYPES } from '../names.js';
import { type AnthropicFake, createAnthropicFake } from '../testing/anthropic-fake.js';
import { createCaptionActivities } from './caption.js';
import type { ActivityDeps } from './deps.js';

function adapter(platform: PlatformId, maxLength: number, counting: TextCounting): PlatformAdapter {
  return {
    platform,
    capabilities: { text: { maxLength, counting, required: true } },
  } as unknown as PlatformAdapter;
}

describe('generateCaption activity', () => {
  let fake: AnthropicFake;
  const store = memoryStore();
  let deps: ActivityDeps;
  beforeAll(async () => {
    fake = await createAnthropicFake();
    deps = {
      store,
      adapters: {
        x: adapter('x', 280, 'weighted'),
        bluesky: adapter('bluesky', 300, 'graphemes'),
        linkedin: adapter('linkedin', 3000, 'characters'),
        facebook: adapter('facebook', 3000, 'characters'),
      },
      media: { read: async () => new Uint8Array(), readRange: async () => new Uint8Array(), urls: null },
      captions: createAnthropicCaptionService({ baseURL: fake.url }),
    };
  });
  afterAll(() => fake.close());
  const actor = { kind: 'workflow' as const };

  it('writes one shared caption into the post text when every target has the same limit', async () => {
    const workspace = await seedWorkspace(store);
    const accounts = [
      await seedAccount(store, workspace.id, 'linkedin', 'Acme'),
      await seedAccount(store, workspace.id, 'facebook', 'Acme'),
    ];
    const post = await seedPost(store, workspace.id, {
      text: 'draft',
      accounts,
      caption: { brief: 'Spring sale starts', apply: true },
      status: 'draft',
    });
    const eventId = randomUUID();
    const { version } = await createCaptionActivities(deps).generateCaption({
      workspaceId: workspace.id,
      postId: post.id,
      eventId,
      actor,
    });
    const stored = await store.posts.get(workspace.id, post.id);
    expect(version).toBe(2);
    expect(stored.content.text).toContain('Spring sale starts');
    expect(stored.targets.every((t) => t.text === null)).toBe(true);
    const event = (await historyOf(store, workspace.id, post.id)).find((e) => e.id === eventId)!;
    expect(event.type).toBe('post.caption_generated');
    expect(event.data).toMatchObject({
      model: 'claude-caption-test',
      platforms: 'linkedin,facebook',
      applied: true,
    });
    expect(JSON.stringify(event)).not.toContain('sk-ant-test-key');
  });

  it('writes per-target captions when limits differ', async () => {
    const workspace = await seedWorkspace(store);
    const accounts = [
      await seedAccount(store, workspace.id, 'x', '@acme'),
      await seedAccount(store, workspace.id, 'bluesky', 'acme.bsky.social'),
    ];
    const post = await seedPost(store, workspace.id, {
      text: 'We ship RelayPost 2.0 today',
      accounts,
      caption: { apply: true },
      status: 'draft',
    });
    await createCaptionActivities(deps).generateCaption({
      workspaceId: workspace.id,
      postId: post.id,
      eventId: randomUUID(),
      actor,
      brief: 'Version two is out',
    });
    const stored = await store.posts.get(workspace.id, post.id);
    expect(stored.content.text).toBe('We ship RelayPost 2.0 today');
    expect(stored.targets.map((t) => t.text)).toEqual([
      expect.stringMatching(/^x: Version two/),
      expect.stringMatching(/^bluesky: Version two/),
    ]);
  });

  it('fails for good, with a clear message, on a refused key or a missing key', async () => {
    const refused = await seedWorkspace(store, { ai: { anthropicApiKey: 'sk-ant-revoked', model: 'm' } });
    const post = await seedPost(store, refused.id, {
      text: 'x',
      accounts: [await seedAccount(store, refused.id, 'x', '@a')],
    });
    const error = await createCaptionActivities(deps)
      .generateCaption({ workspaceId: refused.id, postId: post.id, eventId: randomUUID(), actor })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({
      type: FAILURE_TYPES.configuration,
      nonRetryable: true,
      details: [{ setting: 'ai.anthropicApiKey' }],
    });
    expect((error as Error).message).toMatch(/^The workspace's Anthropic API key was refused/);
    expect((error as Error).message).not.toContain('sk-ant-revoked');

    const keyless = await seedWorkspace(store, { ai: null });
    const other = await seedPost(store, keyless.id, {
      text: 'x',
      accounts: [await seedAccount(store, keyless.id, 'x', '@a')],
    });
    await expect(
      createCaptionActivities(deps).generateCaption({
        workspaceId: keyless.id,
        postId: other.id,
        eventId: randomUUID(),
        actor,
      }),
    ).rejects.toMatchObject({
      type: FAILURE_TYPES.configuration,
      nonRetryable: true,
      message: expect.stringMatching(/no Anthropic API key/),
    });
  });

  it('hands rate limits to Temporal with the retry delay', async () => {
    const workspace = await seedWorkspace(store);
    const post = await seedPost(store, workspace.id, {
      text: 'x',
      accounts: [await seedAccount(store, workspace.id, 'x', '@a')],
    });
    fake.failNext({ status: 429, type: 'rate_limit_error', retryAfterSeconds: 12 });
    await expect(
      createCaptionActivities(deps).generateCaption({
        workspaceId: workspace.id,
        postId: post.id,
        eventId: randomUUID(),
        actor,
      }),
    ).rejects.toMatchObject({ type: FAILURE_TYPES.rateLimited, nonRetryable: false, nextRetryDelay: 12_000 });
  });
});
