import { randomUUID } from 'node:crypto';
import {
  createKeyring,
  generateEncryptionKey,
  NotFoundError,
  RelayPostError,
  ValidationError,
} from '@relaypost/core';
import { makePng } from '@relaypost/platforms/testing';
import { postWorkflowId } from '@relaypost/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealOAuthState } from '../src/oauth-state.js';
import { authorize, connectX, REDIRECT_URI } from './support/oauth.js';
import { BLUESKY_LOGIN, eventually, type Stack, startStack } from './support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

const inHours = (hours: number) => ({
  at: new Date(Date.now() + hours * 3_600_000).toISOString(),
  timeZone: 'Europe/Berlin',
});

/** The Temporal status of a post's workflow (`RUNNING`, `COMPLETED`, `TERMINATED`...). */
async function workflowStatus(post: { workspaceId: string; id: string }): Promise<string> {
  const description = await stack.client.workflow
    .getHandle(postWorkflowId(post.workspaceId, post.id))
    .describe();
  return description.status.name;
}

/** Runs `run` and returns what it threw (failing the test when it did not throw). */
async function thrown(run: () => Promise<unknown>): Promise<RelayPostError> {
  try {
    await run();
  } catch (error) {
    // Only RelayPost's own errors may come out of the SDK, never a Temporal or zod one.
    expect(RelayPostError.isInstance(error), `not a RelayPost error: ${String(error)}`).toBe(true);
    return error as RelayPostError;
  }
  throw new Error('expected the call to throw');
}

describe('workspaces', () => {
  it('creates a workspace, updates its settings and keeps secrets out of sight', async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Acme', timeZone: 'Europe/Berlin' });
    expect(ws).toMatchObject({ name: 'Acme', timeZone: 'Europe/Berlin', ai: null, telegram: null });
    expect(await relaypost.workspaces.get(ws.id)).toMatchObject({ id: ws.id, name: 'Acme' });

    const updated = await relaypost.workspaces.update(ws.id, {
      name: 'Acme Inc.',
      timeZone: 'America/New_York',
      ai: { anthropicApiKey: 'sk-ant-secret-value-123', tone: 'friendly' },
      telegram: { botToken: '123456:telegram-secret', approverChatIds: [42], approverUserIds: [42] },
      webhook: { url: 'https://hooks.example.com/relaypost', secret: 'webhook-secret-value' },
    });
    expect(updated).toMatchObject({
      name: 'Acme Inc.',
      timeZone: 'America/New_York',
      ai: { tone: 'friendly', brandVoiceSamples: [] },
      telegram: { approverChatIds: [42], approverUserIds: [42] },
      webhook: { url: 'https://hooks.example.com/relaypost' },
    });
    const reread = await relaypost.workspaces.get(ws.id);
    expect(reread.ai?.anthropicApiKey).not.toBeNull();
    const printed = JSON.stringify(reread) + String(reread.ai?.anthropicApiKey);
    for (const secret of ['sk-ant-secret-value-123', 'telegram-secret', 'webhook-secret-value'])
      expect(printed).not.toContain(secret);

    const cleared = await relaypost.workspaces.update(ws.id, { ai: null });
    expect(cleared.ai).toBeNull();
    expect(cleared.telegram).not.toBeNull();

    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await relaypost.workspaces.list({ limit: 2, ...(cursor ? { cursor } : {}) });
      listed.push(...page.items.map((w) => w.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(listed).toContain(ws.id);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('refuses bad settings with a ValidationError naming the field', async () => {
    const { relaypost } = stack;
    const bad = await thrown(() => relaypost.workspaces.create({ name: ' ', timeZone: 'Mars/Olympus' }));
    expect(ValidationError.isInstance(bad)).toBe(true);
    const paths = (bad as ValidationError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'timeZone']));

    const ws = await relaypost.workspaces.create({ name: 'Strict' });
    const webhook = await thrown(() =>
      relaypost.workspaces.update(ws.id, { webhook: { url: 'hooks.example.com/no-scheme' } }),
    );
    expect((webhook as ValidationError).issues[0]?.path).toBe('webhook.url');
    const missing = await thrown(() => relaypost.workspaces.get(randomUUID()));
    expect(NotFoundError.isInstance(missing)).toBe(true);
  });

  it('checks an Anthropic key with Anthropic when it is saved: a refused key or unknown model saves nothing', async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Keys' });
    const refused = await relaypost.workspaces
      .update(ws.id, { ai: { anthropicApiKey: 'sk-ant-revoked-999' } })
      .catch((e: unknown) => e);
    expect(ValidationError.isInstance(refused)).toBe(true);
    expect((refused as ValidationError).issues).toEqual([
      { path: 'ai.anthropicApiKey', message: 'was refused by Anthropic (invalid x-api-key)' },
    ]);
    expect(String(refused)).not.toContain('sk-ant-revoked-999');
    expect((await relaypost.workspaces.get(ws.id)).ai).toBeNull();
    const unknownModel = await relaypost.workspaces
      .create({ name: 'Model', ai: { anthropicApiKey: 'sk-ant-test-key', model: 'gpt-4o' } })
      .catch((e: unknown) => e);
    expect((unknownModel as ValidationError).issues?.[0]).toMatchObject({
      path: 'ai.model',
      actual: 'gpt-4o',
    });
    const saved = await relaypost.workspaces.update(ws.id, { ai: { anthropicApiKey: 'sk-ant-test-key' } });
    expect(saved.ai?.anthropicApiKey).not.toBeNull();
  });

  it('exports everything the workspace holds, without secrets', async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({
      name: 'Exported',
      ai: { anthropicApiKey: 'sk-ant-export-secret' },
    });
    const account = await relaypost.accounts.connectWithPassword({
      workspaceId: ws.id,
      platform: 'bluesky',
      ...BLUESKY_LOGIN,
    });
    const media = await relaypost.media.upload({ workspaceId: ws.id, data: makePng(10, 10) });
    const post = await relaypost.posts.create(ws.id, {
      content: { text: 'exported post', mediaIds: [media.id] },
      targets: [{ accountId: account.id }],
      publishAt: inHours(2),
    });

    const exported = await relaypost.workspaces.export(ws.id);
    expect(exported).toMatchObject({
      format: 'relaypost.workspace-export',
      version: 1,
      workspace: { id: ws.id, name: 'Exported', ai: { hasApiKey: true } },
    });
    expect(exported.accounts.map((a) => a.id)).toEqual([account.id]);
    expect(exported.posts.map((p) => p.id)).toEqual([post.id]);
    expect(exported.media.map((m) => m.id)).toEqual([media.id]);
    expect(exported.history.map((e) => e.type)).toEqual(
      expect.arrayContaining(['account.connected', 'media.added', 'post.created']),
    );
    const json = JSON.stringify(exported);
    expect(json).not.toContain('sk-ant-export-secret');
    const credentials = await stack.store.accounts.getCredentials(ws.id, account.id);
    expect(json).not.toContain(credentials.accessToken.reveal());
  });

  it('erases a workspace: data gone, its pending workflows stopped, others untouched', async () => {
    const { relaypost } = stack;
    const doomed = await relaypost.workspaces.create({ name: 'Doomed' });
    const kept = await relaypost.workspaces.create({ name: 'Kept' });
    const connect = (workspaceId: string) =>
      relaypost.accounts.connectWithPassword({ workspaceId, platform: 'bluesky', ...BLUESKY_LOGIN });
    const doomedAccount = await connect(doomed.id);
    const keptAccount = await connect(kept.id);
    const create = (workspaceId: string, accountId: string, text: string) =>
      relaypost.posts.create(workspaceId, {
        content: { text },
        targets: [{ accountId }],
        publishAt: inHours(3),
      });
    const first = await create(doomed.id, doomedAccount.id, 'one');
    const second = await create(doomed.id, doomedAccount.id, 'two');
    const other = await create(kept.id, keptAccount.id, 'kept');
    for (const post of [first, second, other]) {
      await eventually(
        () => relaypost.posts.get(post.workspaceId, post.id),
        (p) => p.live?.status === 'scheduled',
      );
    }

    const result = await relaypost.workspaces.erase(doomed.id);
    expect(result.stoppedWorkflows).toBe(2);
    expect(await workflowStatus(first)).toBe('TERMINATED');
    expect(await workflowStatus(second)).toBe('TERMINATED');
    expect(await workflowStatus(other)).toBe('RUNNING');
    expect(NotFoundError.isInstance(await thrown(() => relaypost.workspaces.get(doomed.id)))).toBe(true);
    expect(NotFoundError.isInstance(await thrown(() => relaypost.posts.get(doomed.id, first.id)))).toBe(true);
    expect(
      NotFoundError.isInstance(
        await thrown(() => stack.store.accounts.getCredentials(doomed.id, doomedAccount.id)),
      ),
    ).toBe(true);
    expect((await relaypost.posts.get(kept.id, other.id)).status).toBe('scheduled');
  });
});

describe('accounts', () => {
  it('connects X through OAuth: URL and sealed state, then the callback', async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({ name: 'OAuth' });
    const { url, state } = await relaypost.accounts.beginOAuth({
      workspaceId: ws.id,
      platform: 'x',
      redirectUri: REDIRECT_URI,
    });
    const authorizeUrl = new URL(url);
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(stack.x.adapterOptions().authorizeUrl);
    expect(authorizeUrl.searchParams.get('state')).toBe(state);
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    // The state is opaque: nothing of the workspace or the PKCE verifier shows.
    expect(Buffer.from(state, 'base64url').toString('utf8')).not.toContain(ws.id);

    const callback = await authorize(url);
    expect(callback.state).toBe(state);
    const [account, ...more] = await relaypost.accounts.completeOAuth(callback);
    expect(more).toHaveLength(0);
    expect(account).toMatchObject({
      workspaceId: ws.id,
      platform: 'x',
      externalId: stack.x.userId,
      handle: 'relaypost_test',
      status: 'connected',
    });
    expect(JSON.stringify(account)).not.toMatch(/at_[A-Za-z0-9_-]{20}/);
    const credentials = await stack.store.accounts.getCredentials(ws.id, account!.id);
    expect(stack.x.oauth.check(credentials.accessToken.reveal())).toMatchObject({ ok: true });
    expect((await relaypost.accounts.list(ws.id)).map((a) => a.id)).toEqual([account!.id]);
    const history = await stack.store.history.list(ws.id, { accountId: account!.id });
    expect(history.map((e) => e.type)).toContain('account.connected');
  });

  it('refuses a tampered, foreign or expired state with a ValidationError and connects nothing', async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Tamper' });
    const { url } = await relaypost.accounts.beginOAuth({
      workspaceId: ws.id,
      platform: 'x',
      redirectUri: REDIRECT_URI,
    });
    const { code, state } = await authorize(url);
    const bytes = Buffer.from(state, 'base64url');
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0x01;
    const tampered = bytes.toString('base64url');
    const foreign = sealOAuthState(createKeyring({ keys: [{ id: 'k1', key: generateEncryptionKey() }] }), {
      workspaceId: ws.id,
      platform: 'x',
      redirectUri: REDIRECT_URI,
      ttlSeconds: 600,
    });
    const expired = sealOAuthState(createKeyring({ keys: stack.keys }), {
      workspaceId: ws.id,
      platform: 'x',
      redirectUri: REDIRECT_URI,
      codeVerifier: 'v'.repeat(43),
      ttlSeconds: -1,
    });
    for (const [bad, message] of [
      [tampered, /not a state this app issued/],
      [foreign, /not a state this app issued/],
      ['', /not a state this app issued/],
      [expired, /expired/],
    ] as const) {
      const error = await thrown(() => relaypost.accounts.completeOAuth({ code, state: bad }));
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).issues[0]).toMatchObject({ path: 'state', message });
    }
    expect(await relaypost.accounts.list(ws.id)).toEqual([]);

    // The untouched state still completes: the refusals above did not use up the code.
    const [account] = await relaypost.accounts.completeOAuth({ code, state });
    expect(account?.platform).toBe('x');
    // A code cannot be used twice; the platform's refusal comes back as a RelayPost error.
    const replay = await thrown(() => relaypost.accounts.completeOAuth({ code, state }));
    expect(replay.code).not.toBe('validation');
    expect(await relaypost.accounts.list(ws.id)).toHaveLength(1);
  });

  it('refuses OAuth for unknown workspaces, app-password platforms and unconfigured platforms', async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Refusals' });
    const begin = (workspaceId: string, platform: 'x' | 'bluesky' | 'linkedin') =>
      relaypost.accounts.beginOAuth({ workspaceId, platform, redirectUri: REDIRECT_URI });
    expect(NotFoundError.isInstance(await thrown(() => begin(randomUUID(), 'x')))).toBe(true);
    const password = await thrown(() => begin(ws.id, 'bluesky'));
    expect((password as ValidationError).issues[0]).toMatchObject({ path: 'platform' });
    const unconfigured = await thrown(() => begin(ws.id, 'linkedin'));
    expect((unconfigured as ValidationError).issues[0]?.message).toMatch(/not configured/);
    const badUri = await thrown(() =>
      relaypost.accounts.beginOAuth({ workspaceId: ws.id, platform: 'x', redirectUri: 'not a url' }),
    );
    expect((badUri as ValidationError).issues[0]?.path).toBe('redirectUri');
    const noCode = await thrown(() => relaypost.accounts.completeOAuth({ code: '', state: 'x' }));
    expect((noCode as ValidationError).issues[0]?.path).toBe('code');
  });

  it('connects Bluesky with an app password and refuses a wrong one', async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Bluesky' });
    const wrong = await thrown(() =>
      relaypost.accounts.connectWithPassword({
        workspaceId: ws.id,
        platform: 'bluesky',
        identifier: BLUESKY_LOGIN.identifier,
        password: 'wrong-pass-word-0000',
      }),
    );
    expect(wrong.code).not.toBe('validation');
    expect(await relaypost.accounts.list(ws.id)).toEqual([]);
    const viaOAuthPlatform = await thrown(() =>
      relaypost.accounts.connectWithPassword({ workspaceId: ws.id, platform: 'x', ...BLUESKY_LOGIN }),
    );
    expect((viaOAuthPlatform as ValidationError).issues[0]?.path).toBe('platform');

    const account = await relaypost.accounts.connectWithPassword({
      workspaceId: ws.id,
      platform: 'bluesky',
      ...BLUESKY_LOGIN,
    });
    expect(account).toMatchObject({ platform: 'bluesky', handle: 'alice.test', status: 'connected' });
    expect(JSON.stringify(account)).not.toContain(BLUESKY_LOGIN.password);
    const x = await connectX(relaypost, ws.id);
    expect((await relaypost.accounts.list(ws.id)).map((a) => a.id).sort()).toEqual([account.id, x.id].sort());
    expect((await relaypost.accounts.list(ws.id, { platform: 'bluesky' })).map((a) => a.id)).toEqual([
      account.id,
    ]);
    // Connecting the same Bluesky account again updates it in place.
    const again = await relaypost.accounts.connectWithPassword({
      workspaceId: ws.id,
      platform: 'bluesky',
      ...BLUESKY_LOGIN,
    });
    expect(again.id).toBe(account.id);
    expect(await relaypost.accounts.list(ws.id)).toHaveLength(2);
  });

  it('disconnects: tokens gone, pending targets cancelled, a post left without targets cancelled', async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Disconnect' });
    const x = await connectX(relaypost, ws.id);
    const bluesky = await relaypost.accounts.connectWithPassword({
      workspaceId: ws.id,
      platform: 'bluesky',
      ...BLUESKY_LOGIN,
    });
    const create = (accountIds: string[]) =>
      relaypost.posts.create(ws.id, {
        content: { text: 'soon' },
        targets: accountIds.map((accountId) => ({ accountId })),
        publishAt: inHours(1),
      });
    const both = await create([x.id, bluesky.id]);
    const xOnly = await create([x.id]);
    const blueskyOnly = await create([bluesky.id]);
    for (const post of [both, xOnly, blueskyOnly])
      await eventually(
        () => relaypost.posts.get(ws.id, post.id),
        (p) => p.live?.status === 'scheduled',
      );

    const { affectedPostIds } = await relaypost.accounts.disconnect(ws.id, x.id);
    expect([...affectedPostIds].sort()).toEqual([both.id, xOnly.id].sort());
    expect((await relaypost.accounts.get(ws.id, x.id)).status).toBe('disconnected');
    await expect(stack.store.accounts.getCredentials(ws.id, x.id)).rejects.toThrow();

    const mixed = await relaypost.posts.get(ws.id, both.id);
    expect(mixed.status).toBe('scheduled');
    expect(mixed.targets.map((t) => [t.platform, t.status])).toEqual([
      ['x', 'cancelled'],
      ['bluesky', 'pending'],
    ]);
    expect((await relaypost.posts.waitForResult(ws.id, xOnly.id)).status).toBe('cancelled');
    expect((await relaypost.posts.get(ws.id, blueskyOnly.id)).targets[0]?.status).toBe('pending');
    // A disconnected account cannot be a target of a new post.
    const refused = await thrown(() => create([x.id]));
    expect(ValidationError.isInstance(refused)).toBe(true);
  });

  it('reconnects an OAuth account in place and refuses reconnect for app passwords', async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Reconnect' });
    const x = await connectX(relaypost, ws.id);
    await relaypost.accounts.disconnect(ws.id, x.id);

    const { url, state } = await relaypost.accounts.reconnect({
      workspaceId: ws.id,
      accountId: x.id,
      redirectUri: REDIRECT_URI,
    });
    expect(new URL(url).searchParams.get('state')).toBe(state);
    const [again] = await relaypost.accounts.completeOAuth(await authorize(url));
    expect(again).toMatchObject({ id: x.id, status: 'connected' });
    const credentials = await stack.store.accounts.getCredentials(ws.id, x.id);
    expect(stack.x.oauth.check(credentials.accessToken.reveal())).toMatchObject({ ok: true });
    expect(await relaypost.accounts.list(ws.id)).toHaveLength(1);

    const bluesky = await relaypost.accounts.connectWithPassword({
      workspaceId: ws.id,
      platform: 'bluesky',
      ...BLUESKY_LOGIN,
    });
    const refused = await thrown(() =>
      relaypost.accounts.reconnect({ workspaceId: ws.id, accountId: bluesky.id, redirectUri: REDIRECT_URI }),
    );
    expect((refused as ValidationError).issues[0]?.path).toBe('accountId');
    expect(
      NotFoundError.isInstance(
        await thrown(() =>
          relaypost.accounts.reconnect({
            workspaceId: ws.id,
            accountId: randomUUID(),
            redirectUri: REDIRECT_URI,
          }),
        ),
      ),
    ).toBe(true);
  });
});
