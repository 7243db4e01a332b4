import { ConfigurationError, ValidationError } from '@relaypost/core';
import { makePng } from '@relaypost/platforms/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLUESKY_LOGIN, eventually, type Stack, startStack } from './support/stack.js';

/** What a host app's own pages need beyond posting: who did what, media it shows, policy changes. */

let stack: Stack;
const ada = { kind: 'user' as const, id: 'u-ada', name: 'Ada' };

beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

describe('calls a host app makes for its users', () => {
  it('names the acting user in the history of every change it makes', async () => {
    const { relaypost } = stack;
    const workspace = await relaypost.workspaces.create({ name: 'Actors' });
    await relaypost.workspaces.update(workspace.id, { timeZone: 'Europe/Paris' }, ada);
    const account = await relaypost.accounts.connectWithPassword(
      { workspaceId: workspace.id, platform: 'bluesky', ...BLUESKY_LOGIN },
      ada,
    );
    const media = await relaypost.media.upload({ workspaceId: workspace.id, data: makePng(40, 40) }, ada);
    const post = await relaypost.posts.create(
      workspace.id,
      {
        content: { text: 'Made by Ada', mediaIds: [media.id] },
        targets: [{ accountId: account.id }],
        publishAt: { at: new Date(Date.now() + 3_600_000).toISOString() },
      },
      ada,
    );
    await relaypost.accounts.disconnect(workspace.id, account.id, ada);
    const events = await stack.store.history.list(workspace.id, { limit: 100 });
    const byAda = (type: string) => events.find((e) => e.type === type)?.actor;
    for (const type of [
      'workspace.updated',
      'account.connected',
      'media.added',
      'post.created',
      'account.disconnected',
    ])
      expect(byAda(type), type).toEqual(ada);
    expect(events.find((e) => e.type === 'workspace.updated')?.data).toEqual({ fields: 'timeZone' });
    const cancelled = await relaypost.posts.waitForResult(workspace.id, post.id);
    expect(cancelled.status).toBe('cancelled');
    expect(
      (await relaypost.posts.history(workspace.id, post.id)).find((e) => e.type === 'post.cancelled')?.actor,
    ).toEqual(ada);
    await expect(
      relaypost.posts.create(workspace.id, { content: { text: 'x' }, targets: [] }, {
        kind: 'nobody',
      } as never),
    ).rejects.toSatisfy(ValidationError.isInstance);
  });

  it('corrects alt text, reads the bytes back, and says when it cannot hand out a URL', async () => {
    const { relaypost } = stack;
    const workspace = await relaypost.workspaces.create({ name: 'Media' });
    const png = makePng(32, 32);
    const media = await relaypost.media.upload({ workspaceId: workspace.id, data: png, altText: 'a square' });
    const described = await relaypost.media.update(
      workspace.id,
      media.id,
      { altText: 'a small grey square' },
      ada,
    );
    expect(described.altText).toBe('a small grey square');
    expect((await relaypost.media.get(workspace.id, media.id)).altText).toBe('a small grey square');
    expect(Buffer.from(await relaypost.media.read(workspace.id, media.id))).toEqual(Buffer.from(png));
    // The test stack's local disk store signs no URLs and no mediaUrls provider is configured.
    const error = await relaypost.media.url(workspace.id, media.id).catch((e: unknown) => e);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).setting).toBe('mediaUrls');
    const refused = await relaypost.media
      .update(workspace.id, media.id, { altText: 'a'.repeat(2001) })
      .catch((e: unknown) => e);
    expect((refused as ValidationError).issues[0]).toMatchObject({ path: 'patch.altText' });
  });

  it('changes a post’s approval policy: requiring approval sends it to the approvers, lifting it schedules it', async () => {
    const { relaypost } = stack;
    const workspace = await relaypost.workspaces.create({ name: 'Policy' });
    const account = await relaypost.accounts.connectWithPassword({
      workspaceId: workspace.id,
      platform: 'bluesky',
      ...BLUESKY_LOGIN,
    });
    const post = await relaypost.posts.create(workspace.id, {
      content: { text: 'Needs a second look after all' },
      targets: [{ accountId: account.id }],
      publishAt: { at: new Date(Date.now() + 3_600_000).toISOString() },
    });
    const until = (status: string) =>
      eventually(
        () => relaypost.posts.get(workspace.id, post.id),
        (p) => p.live?.status === status,
      );
    await until('scheduled');
    await relaypost.posts.edit(workspace.id, post.id, { approval: { mode: 'required' } }, ada);
    await until('awaiting_approval');
    expect((await relaypost.posts.get(workspace.id, post.id)).approval.mode).toBe('required');
    await relaypost.posts.edit(workspace.id, post.id, { approval: { mode: 'none' } }, ada);
    await until('scheduled');
    await relaypost.posts.cancel(workspace.id, post.id);
  });
});
