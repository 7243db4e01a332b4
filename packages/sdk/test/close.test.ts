import { ConfigurationError } from '@relaypost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLUESKY_LOGIN, type Stack, startStack } from './support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

describe('closing the SDK', () => {
  it('answers calls made after close with a typed error, and nothing it started reaches the host process', async () => {
    const { relaypost } = stack;
    const workspaceId = (await relaypost.workspaces.create({ name: 'Closing' })).id;
    const accountId = (
      await relaypost.accounts.connectWithPassword({ workspaceId, platform: 'bluesky', ...BLUESKY_LOGIN })
    ).id;
    const post = await relaypost.posts.create(workspaceId, {
      content: { text: 'Waiting while the app shuts down' },
      targets: [{ accountId }],
      publishAt: { at: new Date(Date.now() + 3_600_000).toISOString(), timeZone: 'UTC' },
    });
    const stray: unknown[] = [];
    const onStray = (error: unknown) => stray.push(error);
    process.on('uncaughtException', onStray);
    process.on('unhandledRejection', onStray);
    try {
      // A long wait in flight, and calls racing the close.
      const waiting = relaypost.posts.waitForResult(workspaceId, post.id).then(
        () => 'ended',
        (error: unknown) => error,
      );
      const racing = [relaypost.posts.get(workspaceId, post.id), relaypost.workspaces.get(workspaceId)].map(
        (p) => p.catch((error: unknown) => error),
      );
      await relaypost.close();
      const after = await relaypost.posts.get(workspaceId, post.id).catch((error: unknown) => error);
      expect(ConfigurationError.isInstance(after), String(after)).toBe(true);
      expect((after as Error).message).toMatch(/closed/);
      const ended = await waiting;
      expect(ConfigurationError.isInstance(ended), String(ended)).toBe(true);
      await Promise.all(racing);
      await relaypost.close(); // a second close is fine
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(stray.map(String)).toEqual([]);
    } finally {
      process.off('uncaughtException', onStray);
      process.off('unhandledRejection', onStray);
    }
  });
});
