import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CreatePostInput } from '@relaypost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_APP_PASSWORD } from './fake-relaypost.js';
import { pngBytes, startTestApp, type TestApp, type TestClient } from './helpers.js';

/** HTTP-level tests of every route, against the in-memory SDK double. */

let app: TestApp;
let telegram: {
  server: Server;
  url: string;
  requests: Array<{ path: string; body: Record<string, unknown> }>;
};

beforeAll(async () => {
  const requests: Array<{ path: string; body: Record<string, unknown> }> = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => {
      data += c;
    });
    req.on('end', () => {
      const body = JSON.parse(data || '{}') as Record<string, unknown>;
      requests.push({ path: req.url ?? '', body });
      res.setHeader('content-type', 'application/json');
      if (body.chat_id === 999)
        res.end(JSON.stringify({ ok: false, description: 'Bad Request: chat not found' }));
      else res.end(JSON.stringify({ ok: true, result: { message_id: 1 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  telegram = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
  app = await startTestApp({ telegramApiRoot: telegram.url });
});

afterAll(async () => {
  await app?.close();
  await new Promise<void>((resolve) => telegram?.server.close(() => resolve()));
});

const workspaceOf = (a: TestApp) => [...a.fake.state.workspaces.values()].at(-1)!;

describe('sign-up, sign-in, sessions, CSRF, rate limit', () => {
  it('signs up: creates the user, a workspace in the SDK, an owner membership and a secure session cookie', async () => {
    const client = app.client();
    const page = await client.get('/sign-up');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<label for="email">Email</label>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const response = await client.post('/sign-up', {
      email: 'Owner@Example.com',
      password: 'correct horse battery',
      workspaceName: 'Acme Social',
      timeZone: 'Europe/Berlin',
    });
    expect(response.status).toBe(303);
    expect(response.location).toBe('/settings');
    const session = response.headers.getSetCookie().find((c) => c.startsWith('rp_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).not.toMatch(/Secure/); // plain http here; see the https test below
    const ws = workspaceOf(app);
    expect(ws).toMatchObject({ name: 'Acme Social', timeZone: 'Europe/Berlin' });
    const settings = await client.get('/settings');
    expect(settings.status).toBe(200);
    expect(settings.text).toContain('Welcome!');
    expect(settings.text).toContain('owner@example.com');
  });

  it('refuses a second account with the same email and weak passwords', async () => {
    const client = app.client();
    await client.get('/sign-up');
    const taken = await client.post('/sign-up', {
      email: 'owner@example.com',
      password: 'correct horse battery',
      workspaceName: 'X',
      timeZone: 'UTC',
    });
    expect(taken.status).toBe(422);
    expect(taken.text).toContain('An account with this email exists');
    const weak = await client.post('/sign-up', {
      email: 'new@example.com',
      password: 'short',
      workspaceName: '',
      timeZone: 'Nowhere/City',
    });
    expect(weak.status).toBe(422);
    expect(weak.text).toContain('at least 10 characters');
    expect(weak.text).toContain('Name your workspace');
    expect(weak.text).toContain('Choose a time zone');
  });

  it('refuses POSTs without a valid CSRF token or from another site', async () => {
    const client = app.client();
    await client.signUp();
    await client.get('/settings');
    expect(
      (await client.post('/settings/general', { name: 'X', timeZone: 'UTC' }, { csrf: null })).status,
    ).toBe(403);
    expect(
      (await client.post('/settings/general', { name: 'X', timeZone: 'UTC' }, { csrf: 'forged' })).status,
    ).toBe(403);
    const crossSite = await client.post(
      '/settings/general',
      { name: 'X', timeZone: 'UTC' },
      { headers: { origin: 'https://evil.example' } },
    );
    expect(crossSite.status).toBe(403);
    // A token from another browser (other cookie) does not work either.
    const other = app.client();
    await other.get('/sign-in');
    expect(
      (await client.post('/settings/general', { name: 'X', timeZone: 'UTC' }, { csrf: other.csrf() })).status,
    ).toBe(403);
    // JSON calls carry it in a header.
    const noHeader = await client.request('POST', '/api/count', {
      body: '{"text":"","targets":[]}',
      headers: { 'content-type': 'application/json' },
    });
    expect(noHeader.status).toBe(403);
  });

  it('sends signed-out visitors to sign in and back to where they were going', async () => {
    const client = app.client();
    const response = await client.get('/calendar?month=2026-03');
    expect(response.status).toBe(303);
    expect(response.location).toBe('/sign-in?next=%2Fcalendar%3Fmonth%3D2026-03');
    const { email, password } = await app.client().signUp();
    await client.get('/sign-in?next=%2Fcalendar');
    const signedIn = await client.post('/sign-in', { email, password, next: '/calendar' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/calendar');
    // No open redirect.
    await client.get('/sign-in');
    const evil = await (async () => {
      const c = app.client();
      await c.get('/sign-in');
      return c.post('/sign-in', { email, password, next: '//evil.example/' });
    })();
    expect(evil.location).toBe('/posts');
  });

  it('rotates the session at sign-in and ends it at sign-out', async () => {
    const client = app.client();
    const { email, password } = await client.signUp();
    const first = client.cookies.get('rp_session');
    await client.get('/posts');
    await client.post('/sign-in', { email, password });
    const second = client.cookies.get('rp_session');
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    await client.get('/posts');
    expect((await client.post('/sign-out')).location).toBe('/sign-in');
    expect((await client.get('/posts')).status).toBe(303);
  });

  it('rate-limits sign-in per IP and email: the 6th attempt in a minute gets 429', async () => {
    const { email, password } = await app.client().signUp();
    const client = app.client();
    await client.get('/sign-in');
    for (let i = 0; i < 5; i++) {
      const wrong = await client.post('/sign-in', { email, password: 'wrong password!' });
      expect(wrong.status).toBe(401);
      expect(wrong.text).toContain('The email or password is not right.');
    }
    const limited = await client.post('/sign-in', { email, password });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another email from the same address is not blocked.
    const other = await client.post('/sign-in', {
      email: 'someone-else@example.com',
      password: 'whatever123',
    });
    expect(other.status).toBe(401);
  });
});

async function signedIn(): Promise<{ client: TestClient; workspaceId: string }> {
  const client = app.client();
  await client.signUp(undefined, `WS ${Math.random().toString(36).slice(2, 7)}`);
  return { client, workspaceId: workspaceOf(app).id };
}

describe('workspace settings', () => {
  it('keeps the Anthropic key write-only: "set", never shown, kept when left empty', async () => {
    const { client, workspaceId } = await signedIn();
    await client.get('/settings');
    expect(client.lastHtml).toContain('not set');
    const saved = await client.post('/settings/ai', {
      anthropicApiKey: 'sk-ant-secret-123',
      model: 'claude-sonnet-5-5',
      tone: 'warm',
      samples: 'First sample\n---\nSecond sample',
    });
    expect(saved.status).toBe(303);
    const page = await client.get('/settings');
    expect(page.text).not.toContain('sk-ant-secret-123');
    expect(page.text).toMatch(/Anthropic API key <span class="status status-published">set<\/span>/);
    const ws = app.fake.state.workspaces.get(workspaceId)!;
    expect(ws.ai?.anthropicApiKey?.reveal()).toBe('sk-ant-secret-123');
    expect(ws.ai?.brandVoiceSamples).toEqual(['First sample', 'Second sample']);
    // Saving again without typing the key keeps it (the fake replaces the whole object, like a strict store).
    await client.post('/settings/ai', {
      anthropicApiKey: '',
      model: 'claude-sonnet-5-5',
      tone: 'dry',
      samples: '',
    });
    expect(ws.ai?.anthropicApiKey?.reveal()).toBe('sk-ant-secret-123');
    expect(ws.ai?.tone).toBe('dry');
  });

  it('saves Telegram approvers and sends a test message through TELEGRAM_API_ROOT', async () => {
    const { client, workspaceId } = await signedIn();
    await client.get('/settings');
    const bad = await client.post('/settings/telegram', {
      botToken: '123:abc',
      approverChatIds: '4242',
      approverUserIds: 'alice',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('is not a numeric Telegram user id');
    await client.post('/settings/telegram', {
      botToken: '123:abc',
      approverChatIds: '4242, 999, @team_channel',
      approverUserIds: '4242 7',
    });
    const ws = app.fake.state.workspaces.get(workspaceId)!;
    expect(ws.telegram).toMatchObject({
      approverChatIds: [4242, 999, '@team_channel'],
      approverUserIds: [4242, 7],
    });
    await client.get('/settings');
    expect(client.lastHtml).not.toContain('123:abc');
    const before = telegram.requests.length;
    const sentTest = await client.post('/settings/telegram/test');
    expect(sentTest.status).toBe(303);
    const test = await client.get('/settings');
    const sent = telegram.requests.slice(before);
    expect(sent.map((r) => r.path)).toEqual([
      '/bot123:abc/sendMessage',
      '/bot123:abc/sendMessage',
      '/bot123:abc/sendMessage',
    ]);
    expect(sent.map((r) => r.body.chat_id)).toEqual([4242, 999, '@team_channel']);
    expect(test.text).toContain('chat 4242: delivered');
    expect(test.text).toContain('chat 999: failed (Bad Request: chat not found)');
    expect(test.text).not.toContain('123:abc');
  });

  it('saves general settings and the webhook, and shows SDK validation errors', async () => {
    const { client, workspaceId } = await signedIn();
    await client.get('/settings');
    await client.post('/settings/general', { name: 'Renamed', timeZone: 'America/New_York' });
    expect(app.fake.state.workspaces.get(workspaceId)).toMatchObject({
      name: 'Renamed',
      timeZone: 'America/New_York',
    });
    await client.get('/settings');
    const refused = await client.post('/settings/webhook', { url: 'ftp://nope', secret: 's3cret' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('webhook.url: must be an http(s) URL');
    await client.post('/settings/webhook', { url: 'https://hooks.example.com/rp', secret: 's3cret' });
    expect(app.fake.state.workspaces.get(workspaceId)?.webhook?.secret?.reveal()).toBe('s3cret');
    await client.get('/settings');
    await client.post('/settings/webhook', { remove: '1' });
    expect(app.fake.state.workspaces.get(workspaceId)?.webhook).toBeNull();
  });
});

describe('connected accounts', () => {
  it('connects Bluesky with an app password, and shows a refused login', async () => {
    const { client, workspaceId } = await signedIn();
    await client.get('/accounts');
    expect(client.lastHtml).toContain('App password');
    const refused = await client.post('/accounts/password', {
      platform: 'bluesky',
      identifier: '@me.bsky.social',
      password: 'wrong',
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Bluesky refused the sign-in');
    expect(refused.text).toContain('value="me.bsky.social"');
    const ok = await client.post('/accounts/password', {
      platform: 'bluesky',
      identifier: 'me.bsky.social',
      password: FAKE_APP_PASSWORD,
    });
    expect(ok.status).toBe(303);
    const page = await client.get('/accounts');
    expect(page.text).toContain('@me.bsky.social');
    expect(page.text).toContain('Connected @me.bsky.social.');
    expect(
      [...app.fake.state.accounts.values()].some(
        (a) => a.workspaceId === workspaceId && a.platform === 'bluesky',
      ),
    ).toBe(true);
    expect(JSON.stringify(app.fake.calls)).not.toContain(FAKE_APP_PASSWORD);
  });

  it('connects through OAuth: redirect out, callback bound to this browser', async () => {
    const { client } = await signedIn();
    await client.get('/accounts');
    const start = await client.post('/accounts/connect', { platform: 'x' });
    expect(start.status).toBe(303);
    const url = new URL(start.location!);
    expect(url.host).toBe('auth.x.example');
    expect(url.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:1/oauth/callback');
    const state = url.searchParams.get('state')!;

    // Someone else's browser cannot finish this flow.
    const other = (await signedIn()).client;
    const stolen = await other.get(`/oauth/callback?state=${state}&code=abc`);
    expect(stolen.status).toBe(400);

    const denied = await client.get(`/oauth/callback?state=${state}&error=access_denied`);
    expect(denied.text).toContain('The platform did not grant access: access_denied.');

    await client.get('/accounts');
    const again = await client.post('/accounts/connect', { platform: 'x' });
    const state2 = new URL(again.location!).searchParams.get('state')!;
    const done = await client.get(`/oauth/callback?state=${state2}&code=the-code`);
    expect(done.status).toBe(303);
    const page = await client.get('/accounts');
    expect(page.text).toContain('@x-user');
    expect(page.text).toMatch(/expires in 3 days/);
  });

  it('warns before disconnecting, listing the scheduled posts that will change', async () => {
    const { client, workspaceId } = await signedIn();
    await client.get('/accounts');
    await client.post('/accounts/password', {
      platform: 'bluesky',
      identifier: 'warn.bsky.social',
      password: FAKE_APP_PASSWORD,
    });
    const account = [...app.fake.state.accounts.values()].find((a) => a.workspaceId === workspaceId)!;
    await app.fake.relaypost.posts.create(workspaceId, {
      content: { text: 'Scheduled for next week' },
      targets: [{ accountId: account.id }],
      publishAt: { at: new Date(Date.now() + 7 * 86_400_000).toISOString(), timeZone: 'Europe/Berlin' },
    });
    const warning = await client.get(`/accounts/${account.id}/disconnect`);
    expect(warning.status).toBe(200);
    expect(warning.text).toContain('1 scheduled post targets this account');
    expect(warning.text).toContain('Scheduled for next week');
    expect(warning.text).toContain('none: will be cancelled');
    const done = await client.post(`/accounts/${account.id}/disconnect`);
    expect(done.status).toBe(303);
    expect(account.status).toBe('disconnected');
    expect((await client.get('/accounts')).text).toContain('1 scheduled post(s) no longer publish to it.');
  });
});

async function withAccounts() {
  const { client, workspaceId } = await signedIn();
  await client.get('/accounts');
  await client.post('/accounts/password', {
    platform: 'bluesky',
    identifier: 'team.bsky.social',
    password: FAKE_APP_PASSWORD,
  });
  for (const platform of ['x', 'reddit', 'youtube']) {
    await client.get('/accounts');
    const start = await client.post('/accounts/connect', { platform });
    await client.get(`/oauth/callback?state=${new URL(start.location!).searchParams.get('state')}&code=c`);
  }
  const accounts = Object.fromEntries(
    [...app.fake.state.accounts.values()]
      .filter((a) => a.workspaceId === workspaceId)
      .map((a) => [a.platform, a.id]),
  ) as Record<string, string>;
  return { client, workspaceId, accounts };
}

const lastCreate = () =>
  app.fake.calls.filter((c) => c.method === 'posts.create').at(-1)!.args[1] as CreatePostInput;

describe('composer', () => {
  it('counts per platform through /api/count', async () => {
    const { client, accounts } = await withAccounts();
    await client.get('/compose');
    const response = await client.request('POST', '/api/count', {
      headers: { 'content-type': 'application/json', 'x-csrf-token': client.csrf() },
      body: JSON.stringify({
        text: 'hello 👋 https://example.com/some/long/path',
        targets: [
          { key: accounts.x, platform: 'x' },
          { key: accounts.bluesky, platform: 'bluesky' },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const { counts } = JSON.parse(response.text) as {
      counts: Array<{ key: string; count: number; max: number; countingLabel: string }>;
    };
    expect(counts.find((c) => c.key === accounts.x)).toMatchObject({ count: 6 + 2 + 1 + 23, max: 280 });
    expect(counts.find((c) => c.key === accounts.bluesky)).toMatchObject({ count: 6 + 1 + 1 + 34, max: 300 });
  });

  it('schedules in the workspace time zone, DST-safe, with approval and an AI caption', async () => {
    const { client, workspaceId, accounts } = await withAccounts();
    await client.get('/settings');
    await client.post('/settings/ai', {
      anthropicApiKey: 'sk-ant-x',
      model: 'claude-sonnet-5-5',
      samples: '',
    });
    const page = await client.get('/compose');
    expect(page.text).toContain('Generate the caption with AI');
    expect(page.text).toContain('Publish at (Europe/Berlin)');
    const form = new FormData();
    form.append('idempotencyKey', /name="idempotencyKey" value="([^"]+)"/.exec(page.text)![1]!);
    form.append('accountId', accounts.bluesky!);
    form.append('accountId', accounts.reddit!);
    form.append('text', '');
    form.append('caption', '1');
    form.append('brief', 'Our spring launch');
    form.append('when', 'later');
    form.append('publishAt', '2030-03-31T02:30'); // Berlin skips 02:00-03:00 that night
    form.append('approval', 'required');
    form.append('onDeadline', 'expire');
    form.append(`opt:${accounts.reddit}:subreddit`, 'r/typescript');
    form.append(`opt:${accounts.reddit}:title`, 'Spring launch');
    form.append(`text:${accounts.bluesky}`, '');
    form.append('intent', 'create');
    const created = await client.postMultipart('/compose', form);
    expect(created.status).toBe(303);
    const input = lastCreate();
    expect(input.publishAt).toEqual({ at: '2030-03-31T01:30:00.000Z', timeZone: 'Europe/Berlin' });
    expect(input.approval).toMatchObject({ mode: 'required', onDeadline: 'expire' });
    expect(input.caption).toEqual({ brief: 'Our spring launch', apply: true });
    expect(input.targets).toEqual([
      { accountId: accounts.bluesky, options: {} },
      { accountId: accounts.reddit, options: { subreddit: 'typescript', title: 'Spring launch' } },
    ]);
    const detail = await client.get(created.location!);
    expect(detail.text).toContain('does not exist in Europe/Berlin');
    expect(detail.text).toContain('AI caption about Our spring launch');
    expect(detail.text).toContain('awaiting approval');
    // The same form sent twice creates one post (idempotency key).
    const again = await client.postMultipart('/compose', form);
    expect(again.location).toBe(created.location);
    expect([...app.fake.state.posts.values()].filter((p) => p.workspaceId === workspaceId)).toHaveLength(1);
  });

  it('shows every problem with its platform, and keeps what was typed', async () => {
    const { client, accounts } = await withAccounts();
    const page = await client.get('/compose');
    const form = new FormData();
    form.append('idempotencyKey', /name="idempotencyKey" value="([^"]+)"/.exec(page.text)![1]!);
    form.append('accountId', accounts.x!);
    form.append('accountId', accounts.reddit!);
    form.append('text', 'y'.repeat(300));
    form.append('when', 'now');
    form.append('approval', 'none');
    form.append('intent', 'create');
    const response = await client.postMultipart('/compose', form);
    expect(response.status).toBe(422);
    expect(response.text).toContain('X @x-user (text): x: text is too long (limit 280, is 300)');
    expect(response.text).toContain('Reddit @reddit-user (options.subreddit): Required');
    expect(response.text).toContain('y'.repeat(300));
    expect(response.text).toContain('300</output> / <span data-max>280</span>');
    expect(response.text).toContain('20 over the limit');
  });

  it('uploads media checked against the selected platforms, and previews each target', async () => {
    const { client, accounts } = await withAccounts();
    const page = await client.get('/compose');
    const base = () => {
      const form = new FormData();
      form.append('idempotencyKey', /name="idempotencyKey" value="([^"]+)"/.exec(page.text)![1]!);
      form.append('text', 'Look at this');
      form.append('when', 'now');
      form.append('approval', 'none');
      return form;
    };
    const refused = base();
    refused.append('accountId', accounts.youtube!);
    refused.append('media', new Blob([pngBytes()], { type: 'image/png' }), 'photo.png');
    refused.append('intent', 'upload');
    const r1 = await client.postMultipart('/compose', refused);
    expect(r1.status).toBe(422);
    expect(r1.text).toContain('photo.png: youtube: youtube does not take image media');
    const upload = app.fake.calls.filter((c) => c.method === 'media.upload').at(-1)!.args[0] as {
      platforms: string[];
    };
    expect(upload.platforms).toEqual(['youtube']);

    const ok = base();
    ok.append('accountId', accounts.bluesky!);
    ok.append('accountId', accounts.x!);
    ok.append(`text:${accounts.x}`, 'Shorter for X');
    ok.append('altText', 'A photo');
    ok.append('media', new Blob([pngBytes(800, 600)], { type: 'image/png' }), 'photo.png');
    ok.append('intent', 'preview');
    const r2 = await client.postMultipart('/compose', ok);
    expect(r2.status).toBe(200);
    expect(r2.text).toContain('image/png 800×600');
    expect(r2.text).toContain('alt: “A photo”');
    expect(r2.text).toMatch(/name="mediaId" value="[0-9a-f-]{36}"/);
    expect(r2.text).toContain('aria-label="Preview on Bluesky"');
    expect(r2.text).toContain('aria-label="Preview on X"');
    expect(r2.text).toContain('Shorter for X');
  });
});

describe('posts: list, calendar, detail, approvals, analytics', () => {
  it('lists with filters, and places posts on the calendar in the workspace zone', async () => {
    const { client, workspaceId, accounts } = await withAccounts();
    const create = (text: string, at: string, accountId: string) =>
      app.fake.relaypost.posts.create(workspaceId, {
        content: { text },
        targets: [
          {
            accountId,
            options: accountId === accounts.reddit ? { subreddit: 'typescript', title: text } : {},
          },
        ],
        publishAt: { at, timeZone: 'Europe/Berlin' },
      });
    // 23:30 UTC on 14 June 2030 is already the 15th in Berlin.
    await create('Late night post', '2030-06-14T23:30:00.000Z', accounts.x!);
    await create('Reddit post', '2030-06-20T10:00:00.000Z', accounts.reddit!);
    const calendar = await client.get('/calendar?month=2030-06');
    expect(calendar.status).toBe(200);
    const cells = calendar.text.split('<td').slice(1);
    const cell15 = cells.find(
      (c) => /<div class="day-number">15<\/div>/.test(c) && !c.includes('other-month'),
    )!;
    expect(cell15).toContain('01:30');
    expect(cell15).toContain('Late night post');
    const filtered = await client.get(`/calendar?month=2030-06&platform=reddit`);
    expect(filtered.text).toContain('Reddit post');
    expect(filtered.text).not.toContain('Late night post');
    const list = await client.get('/posts?status=scheduled&from=2030-06-15&to=2030-06-15');
    expect(list.text).toContain('Late night post');
    expect(list.text).not.toContain('Reddit post');
    const byAccount = await client.get(`/posts?accountId=${accounts.reddit}`);
    expect(byAccount.text).toContain('Reddit post');
    expect(byAccount.text).not.toContain('Late night post');
  });

  it('approves and rejects (with a reason) from the queue; the detail shows results and history', async () => {
    const { client, workspaceId, accounts } = await withAccounts();
    const needs = (text: string) =>
      app.fake.relaypost.posts.create(workspaceId, {
        content: { text },
        targets: [{ accountId: accounts.bluesky! }, { accountId: accounts.x! }],
        approval: { mode: 'required' },
      });
    const a = await needs('Approve me');
    const b = await needs('Reject me');
    const queue = await client.get('/approvals');
    expect(queue.text).toContain('Approve me');
    expect(queue.text).toContain('Reject me');
    expect(queue.text).toMatch(/<span class="badge"[^>]*>2<\/span>/);
    const approved = await client.post(`/posts/${a.id}/approve`, { back: '/approvals' });
    expect(approved.location).toBe('/approvals');
    const rejectedResponse = await client.post(`/posts/${b.id}/reject`, {
      back: '/approvals',
      reason: 'Off-brand',
    });
    expect(rejectedResponse.status).toBe(303);
    expect(app.fake.calls.find((c) => c.method === 'posts.reject')?.args[2]).toBe('Off-brand');
    const actor = app.fake.calls.find((c) => c.method === 'posts.approve')?.args[2] as {
      kind: string;
      name: string;
    };
    expect(actor.kind).toBe('user');
    const detail = await client.get(`/posts/${a.id}`);
    expect(detail.text).toContain('View on Bluesky');
    expect(detail.text).toMatch(/href="https:\/\/bluesky\.example\/p\/[0-9a-f]{8}"/);
    expect(detail.text).toContain('Approved</strong>');
    expect(detail.text).toContain('Published</strong>');
    const rejected = await client.get(`/posts/${b.id}`);
    expect(rejected.text).toContain('Off-brand');
    // Deciding twice is refused politely.
    await client.get(`/posts/${b.id}`);
    await client.post(`/posts/${b.id}/approve`);
    expect((await client.get(`/posts/${b.id}`)).text).toContain('post is rejected, not awaiting approval');
  });

  it('shows retry as disabled with a reason for a failed target', async () => {
    const { client, workspaceId, accounts } = await withAccounts();
    const post = await app.fake.relaypost.posts.create(workspaceId, {
      content: { text: 'Will fail' },
      targets: [{ accountId: accounts.x! }],
    });
    app.fake.failTarget(post.id);
    const detail = await client.get(`/posts/${post.id}`);
    expect(detail.text).toContain('content_rejected: The platform refused the post');
    expect(detail.text).toMatch(
      /<button type="button" class="secondary small" disabled aria-describedby="retry-why-[^"]+">Retry<\/button>/,
    );
    expect(detail.text).toContain('Retrying a single target is not in the RelayPost SDK yet');
  });

  it('reschedules, regenerates the caption and cancels through the SDK', async () => {
    const { client, workspaceId, accounts } = await withAccounts();
    const post = await app.fake.relaypost.posts.create(workspaceId, {
      content: { text: 'Later' },
      targets: [{ accountId: accounts.x! }],
      publishAt: { at: '2030-01-01T10:00:00.000Z', timeZone: 'Europe/Berlin' },
    });
    const detail = await client.get(`/posts/${post.id}`);
    expect(detail.text).toContain('value="2030-01-01T11:00"');
    await client.post(`/posts/${post.id}/reschedule`, { at: '2030-07-01T09:00' });
    expect(app.fake.calls.find((c) => c.method === 'posts.reschedule')?.args[2]).toEqual({
      at: '2030-07-01T07:00:00.000Z',
      timeZone: 'Europe/Berlin',
    });
    await client.get(`/posts/${post.id}`);
    await client.post(`/posts/${post.id}/caption`, { brief: 'Make it fun' });
    expect(app.fake.state.posts.get(post.id)?.content.text).toBe('AI caption about Make it fun');
    await client.get(`/posts/${post.id}`);
    await client.post(`/posts/${post.id}/cancel`, { reason: 'Changed plans' });
    expect(app.fake.state.posts.get(post.id)?.status).toBe('cancelled');
  });

  it('renders analytics as SVG charts with a data table', async () => {
    const { client, workspaceId, accounts } = await withAccounts();
    await app.fake.relaypost.posts.create(workspaceId, {
      content: { text: 'Now' },
      targets: [{ accountId: accounts.x! }, { accountId: accounts.bluesky! }],
    });
    const page = await client.get('/analytics');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<svg class="chart"');
    expect(page.text).toContain('role="img"');
    expect(page.text).toContain('Success rate per platform');
    expect(page.text).toContain('<th scope="row">X</th>');
    expect(page.text).toContain('1.2 s');
  });
});

describe('data rights', () => {
  it('exports the workspace as a JSON download without secrets', async () => {
    const { client } = await signedIn();
    await client.get('/settings');
    await client.post('/settings/ai', {
      anthropicApiKey: 'sk-ant-export-test',
      model: 'claude-sonnet-5-5',
      samples: '',
    });
    await client.get('/data');
    const response = await client.post('/data/export');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="relaypost-ws-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    const document = JSON.parse(response.text) as {
      format: string;
      workspace: { ai: { hasApiKey: boolean } };
    };
    expect(document.format).toBe('relaypost.workspace-export');
    expect(document.workspace.ai.hasApiKey).toBe(true);
    expect(response.text).not.toContain('sk-ant-export-test');
  });

  it('erases the workspace only after the exact name is typed', async () => {
    const { client, workspaceId } = await signedIn();
    const name = app.fake.state.workspaces.get(workspaceId)!.name;
    await client.get('/data');
    const wrong = await client.post('/data/erase', { confirm: 'something else' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Nothing was deleted');
    expect(app.fake.state.workspaces.has(workspaceId)).toBe(true);
    const done = await client.post('/data/erase', { confirm: name });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/workspaces/new');
    expect(app.fake.state.workspaces.has(workspaceId)).toBe(false);
    expect((await client.get('/posts')).location).toBe('/workspaces/new');
  });
});

describe('workspaces', () => {
  it('creates a second workspace and switches between them', async () => {
    const { client, workspaceId } = await signedIn();
    await client.get('/workspaces/new');
    await client.post('/workspaces', { name: 'Second', timeZone: 'Asia/Tokyo' });
    const settings = await client.get('/settings');
    expect(settings.text).toContain('value="Second"');
    expect(settings.text).toContain('id="ws-switch"');
    await client.post('/workspaces/switch', { workspaceId });
    expect((await client.get('/settings')).text).not.toContain('value="Second"');
    // Not a member: refused.
    const stranger = (await signedIn()).client;
    await stranger.get('/posts');
    expect((await stranger.post('/workspaces/switch', { workspaceId })).status).toBe(403);
  });
});

describe('a workspace erased elsewhere', () => {
  it('is forgotten, and the user lands in their next workspace', async () => {
    const { client, workspaceId } = await signedIn();
    await client.get('/workspaces/new');
    await client.post('/workspaces', { name: 'Survivor', timeZone: 'UTC' });
    const survivor = workspaceOf(app).id;
    await client.get('/settings');
    await client.post('/workspaces/switch', { workspaceId });
    await app.fake.relaypost.workspaces.erase(workspaceId);
    const page = await client.get('/settings');
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="Survivor"');
    await app.fake.relaypost.workspaces.erase(survivor);
    expect((await client.get('/settings')).location).toBe('/workspaces/new');
  });
});

describe('https deployments and Google sign-in', () => {
  let secure: TestApp;
  const googleCalls: string[] = [];
  beforeAll(async () => {
    const fakeFetch: typeof fetch = async (input, init) => {
      const url = String(input);
      googleCalls.push(url);
      if (url === 'https://oauth2.test/token') {
        const body = new URLSearchParams(String(init?.body));
        if (body.get('code') !== 'good-code' || !body.get('code_verifier'))
          return new Response('{}', { status: 400 });
        return Response.json({ access_token: 'google-access' });
      }
      if (url === 'https://oauth2.test/userinfo')
        return Response.json({ sub: 'g-123', email: 'gina@example.com', email_verified: true });
      return new Response('not found', { status: 404 });
    };
    secure = await startTestApp({
      publicUrl: 'https://admin.example.com',
      google: {
        clientId: 'cid',
        clientSecret: 'csecret',
        tokenUrl: 'https://oauth2.test/token',
        userInfoUrl: 'https://oauth2.test/userinfo',
      },
      fetch: fakeFetch,
    });
  });
  afterAll(async () => {
    await secure?.close();
  });

  it('uses __Host- cookies with Secure behind https', async () => {
    const client = secure.client();
    const page = await client.get('/sign-in');
    const csrfCookie = page.headers.getSetCookie().find((c) => c.startsWith('__Host-rp_csrf='))!;
    expect(csrfCookie).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    expect(page.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('signs in with Google (state + PKCE) and creates the user and a workspace', async () => {
    const client = secure.client();
    const page = await client.get('/sign-in');
    expect(page.text).toContain('Continue with Google');
    const start = await client.post('/auth/google', { next: '/calendar' });
    const url = new URL(start.location!);
    expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(url.searchParams.get('client_id')).toBe('cid');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toBe('https://admin.example.com/auth/google/callback');
    const forged = await client.get('/auth/google/callback?state=forged&code=good-code');
    expect(forged.status).toBe(400);
    // The flow cookie is single-use; start again.
    await client.get('/sign-in');
    const again = await client.post('/auth/google', { next: '/calendar' });
    const state = new URL(again.location!).searchParams.get('state')!;
    const done = await client.get(`/auth/google/callback?state=${state}&code=good-code`);
    expect(done.status).toBe(303);
    expect(done.location).toBe('/settings');
    expect(googleCalls).toEqual(['https://oauth2.test/token', 'https://oauth2.test/userinfo']);
    expect((await client.get('/settings')).text).toContain('gina@example.com');
  });

  it('hides the Google button when it is not configured', async () => {
    const client = app.client();
    expect((await client.get('/sign-in')).text).not.toContain('Continue with Google');
  });
});
