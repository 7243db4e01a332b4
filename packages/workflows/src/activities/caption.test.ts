import { randomUUID } from 'node:crypto';
import type { PlatformAdapter, PlatformId, TextCounting } from '@relaypost/core';
import { Secret } from '@relaypost/core';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMiniStore } from '../../test/mini-store.js';
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
  const mini = createMiniStore();
  let deps: ActivityDeps;
  beforeAll(async () => {
    fake = await createAnthropicFake();
    deps = {
      store: mini.store,
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
    const workspace = mini.addWorkspace();
    const accounts = [
      mini.addAccount(workspace.id, 'linkedin', 'Acme'),
      mini.addAccount(workspace.id, 'facebook', 'Acme'),
    ];
    const post = mini.addPost(workspace.id, {
      text: 'draft',
      accounts,
      caption: { brief: 'Spring sale starts', apply: true },
    });
    const eventId = randomUUID();
    const { version } = await createCaptionActivities(deps).generateCaption({
      workspaceId: workspace.id,
      postId: post.id,
      eventId,
      actor,
    });
    const stored = mini.posts.get(post.id)!;
    expect(version).toBe(2);
    expect(stored.content.text).toContain('Spring sale starts');
    expect(stored.targets.every((t) => t.text === null)).toBe(true);
    const event = mini.events.find((e) => e.id === eventId)!;
    expect(event.type).toBe('post.caption_generated');
    expect(event.data).toMatchObject({
      model: 'claude-caption-test',
      platforms: 'linkedin,facebook',
      applied: true,
    });
    expect(JSON.stringify(event)).not.toContain('sk-ant-test-key');
  });

  it('writes per-target captions when limits differ', async () => {
    const workspace = mini.addWorkspace();
    const accounts = [
      mini.addAccount(workspace.id, 'x', '@acme'),
      mini.addAccount(workspace.id, 'bluesky', 'acme.bsky.social'),
    ];
    const post = mini.addPost(workspace.id, {
      text: 'We ship RelayPost 2.0 today',
      accounts,
      caption: { apply: true },
    });
    await createCaptionActivities(deps).generateCaption({
      workspaceId: workspace.id,
      postId: post.id,
      eventId: randomUUID(),
      actor,
      brief: 'Version two is out',
    });
    const stored = mini.posts.get(post.id)!;
    expect(stored.content.text).toBe('We ship RelayPost 2.0 today');
    expect(stored.targets.map((t) => t.text)).toEqual([
      expect.stringMatching(/^x: Version two/),
      expect.stringMatching(/^bluesky: Version two/),
    ]);
  });

  it('fails for good, with a clear message, on a refused key or a missing key', async () => {
    const refused = mini.addWorkspace({
      ai: { anthropicApiKey: new Secret('sk-ant-revoked'), model: 'm', brandVoiceSamples: [], tone: null },
    });
    const post = mini.addPost(refused.id, { text: 'x', accounts: [mini.addAccount(refused.id, 'x', '@a')] });
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

    const keyless = mini.addWorkspace({ ai: null });
    const other = mini.addPost(keyless.id, { text: 'x', accounts: [mini.addAccount(keyless.id, 'x', '@a')] });
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
    const workspace = mini.addWorkspace();
    const post = mini.addPost(workspace.id, {
      text: 'x',
      accounts: [mini.addAccount(workspace.id, 'x', '@a')],
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
