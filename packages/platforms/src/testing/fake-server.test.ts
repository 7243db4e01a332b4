import { afterEach, describe, expect, it } from 'vitest';
import { FakeOAuthAuthority } from './fake-oauth.js';
import { FakeServer } from './fake-server.js';
import { MediaHost, makePng, memoryMediaAccess, testMedia } from './media-fixtures.js';

describe('FakeServer', () => {
  let server: FakeServer;
  afterEach(async () => server?.close());

  it('routes with params and records requests with parsed bodies', async () => {
    server = await FakeServer.start('t');
    server.route('POST', '/v1/items/:id', (req, { id }) => ({ status: 201, body: { id, got: req.json } }));
    const res = await fetch(`${server.url}/v1/items/a%20b?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 1 }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 'a b', got: { n: 1 } });
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/v1/items/a%20b', query: { x: '1' } });
  });

  it('parses form and multipart bodies', async () => {
    server = await FakeServer.start('t');
    server.route('POST', '/form', () => ({ status: 200 }));
    await fetch(`${server.url}/form`, { method: 'POST', body: new URLSearchParams({ a: '1' }) });
    const form = new FormData();
    form.set('segment_index', '0');
    form.set('media', new Blob([new Uint8Array([1, 2, 3])]), 'f.bin');
    await fetch(`${server.url}/form`, { method: 'POST', body: form });
    expect(server.requests[0]?.form).toEqual({ a: '1' });
    expect(server.requests[1]?.multipart?.segment_index).toBe('0');
    expect([...((server.requests[1]?.multipart?.media ?? Buffer.alloc(0)) as Buffer)]).toEqual([1, 2, 3]);
  });

  it('answers 404 for unknown routes', async () => {
    server = await FakeServer.start('t');
    const res = await fetch(`${server.url}/nope`);
    expect(res.status).toBe(404);
  });

  it('applies scripted faults the given number of times', async () => {
    server = await FakeServer.start('t');
    server.route('GET', '/x', () => ({ status: 200, body: 'ok' }));
    server.scriptFault(
      (r) => r.path === '/x',
      { kind: 'respond', response: { status: 503, body: 'down' } },
      2,
    );
    expect((await fetch(`${server.url}/x`)).status).toBe(503);
    expect((await fetch(`${server.url}/x`)).status).toBe(503);
    expect((await fetch(`${server.url}/x`)).status).toBe(200);
  });

  it('drops the connection after applying the request', async () => {
    server = await FakeServer.start('t');
    let applied = 0;
    server.route('POST', '/create', () => {
      applied++;
      return { status: 201 };
    });
    server.scriptFault(() => true, { kind: 'drop-after-apply' });
    await expect(fetch(`${server.url}/create`, { method: 'POST' })).rejects.toThrow();
    expect(applied).toBe(1);
    server.scriptFault(() => true, { kind: 'drop-before-apply' });
    await expect(fetch(`${server.url}/create`, { method: 'POST' })).rejects.toThrow();
    expect(applied).toBe(1);
    server.scriptFault(() => true, { kind: 'delay-after-apply', ms: 5_000 });
    const aborted = fetch(`${server.url}/create`, { method: 'POST', signal: AbortSignal.timeout(200) });
    await expect(aborted).rejects.toThrow();
    expect(applied).toBe(2); // applied before the answer was held back
  });
});

describe('FakeOAuthAuthority', () => {
  const options = {
    clientId: 'client',
    clientSecret: 'secret',
    accessTokenTtlSeconds: 60,
    issueRefreshTokens: true,
    rotateRefreshTokens: true,
    requirePkce: true,
    subject: 'user-1',
  };

  it('redirects with a code bound to the PKCE challenge', async () => {
    const authority = new FakeOAuthAuthority(options);
    const verifier = 'v'.repeat(50);
    const { createHash } = await import('node:crypto');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const res = authority.authorize({
      client_id: 'client',
      redirect_uri: 'https://app.test/cb',
      state: 's1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(res.status).toBe(302);
    const location = new URL(res.headers?.location ?? '');
    expect(location.searchParams.get('state')).toBe('s1');
    const code = location.searchParams.get('code')!;
    expect(
      authority.exchangeCode({ code, redirectUri: 'https://app.test/cb', codeVerifier: 'wrong'.repeat(10) }),
    ).toBeNull();
  });

  it('refuses authorize without PKCE when it is required', () => {
    const authority = new FakeOAuthAuthority(options);
    expect(
      authority.authorize({ client_id: 'client', redirect_uri: 'https://a.test/cb', state: 's' }).status,
    ).toBe(400);
  });

  it('rotates refresh tokens and retires the old one', () => {
    const authority = new FakeOAuthAuthority(options);
    const first = authority.issue('scope');
    const second = authority.refresh(first.refresh_token!);
    expect(second?.refresh_token).toBeDefined();
    expect(second?.refresh_token).not.toBe(first.refresh_token);
    expect(authority.refresh(first.refresh_token!)).toBeNull();
    expect(authority.check(`Bearer ${second!.access_token}`)).toMatchObject({ ok: true, subject: 'user-1' });
  });

  it('expires and revokes access tokens', () => {
    const authority = new FakeOAuthAuthority({ ...options, rotateRefreshTokens: false });
    const issued = authority.issue('s');
    authority.expireAll();
    expect(authority.check(`Bearer ${issued.access_token}`)).toEqual({ ok: false, reason: 'expired' });
    authority.revokeAll();
    expect(authority.check(`Bearer ${issued.access_token}`)).toEqual({ ok: false, reason: 'revoked' });
    expect(authority.refresh(issued.refresh_token!)).toBeNull();
    expect(authority.check(undefined)).toEqual({ ok: false, reason: 'missing' });
  });

  it('checks client credentials from the form or Basic auth', () => {
    const authority = new FakeOAuthAuthority(options);
    expect(authority.checkClient({ client_id: 'client', client_secret: 'secret' }, undefined)).toBe(true);
    expect(authority.checkClient(undefined, `Basic ${Buffer.from('client:secret').toString('base64')}`)).toBe(
      true,
    );
    expect(authority.checkClient({ client_id: 'client', client_secret: 'nope' }, undefined)).toBe(false);
  });
});

describe('media fixtures', () => {
  it('makes a PNG with the right signature and size header', () => {
    const png = makePng(3, 2);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBe(3);
    expect(png.readUInt32BE(20)).toBe(2);
  });

  it('serves media by expiring URLs and reads ranges', async () => {
    const host = await MediaHost.start();
    try {
      const item = testMedia(makePng(4, 4), { mimeType: 'image/png', width: 4, height: 4 });
      const access = memoryMediaAccess([item], host);
      const url = await access.urls!.urlFor(item.asset, { expiresInSeconds: 60 });
      const res = await fetch(url);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer()).equals(item.bytes)).toBe(true);
      const expired = await access.urls!.urlFor(item.asset, { expiresInSeconds: -1 });
      expect((await fetch(expired)).status).toBe(403);
      expect((await access.readRange(item.asset, 1, 3)).length).toBe(3);
    } finally {
      await host.close();
    }
  });
});
