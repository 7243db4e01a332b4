import {
  credentialsFromInput,
  NeedsReconnectError,
  type PlatformError,
  RateLimitedError,
  TransientError,
} from '@relaypost/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createHttp,
  createNodeFetch,
  defaultHttpError,
  type HttpFailure,
  httpErrorInit,
} from '../http/index.js';
import { type FakeResponse, FakeServer } from '../testing/fake-server.js';
import { clientAuth } from './client-auth.js';
import { type TokenEndpointConfig, tokenEndpoint } from './token-endpoint.js';

let server: FakeServer;
let answers: FakeResponse[] = [];
const seen: HttpFailure[] = [];
/** What a platform mapper does: outages and throttling stay retryable, the rest is a refusal. */
const mapError = (failure: HttpFailure): PlatformError => {
  seen.push(failure);
  if (failure.status >= 500 || failure.status === 429) return defaultHttpError('test', failure);
  return new NeedsReconnectError(
    httpErrorInit('test', failure, { code: String((failure.data as { error?: unknown })?.error) }),
  );
};
const token = (extra: Record<string, unknown> = {}): FakeResponse => ({
  status: 200,
  body: { access_token: 'at-1', token_type: 'bearer', expires_in: 3600, ...extra },
});

beforeAll(async () => {
  server = await FakeServer.start('oauth');
  server.route('POST', '/token', () => answers.shift() ?? token());
});
afterAll(() => server.close());
beforeEach(() => {
  answers = [];
  seen.length = 0;
  server.requests.length = 0;
});

function endpoint(overrides: Partial<TokenEndpointConfig> = {}) {
  return tokenEndpoint({
    platform: 'test',
    url: `${server.url}/token`,
    clientId: 'app-id',
    clientAuth: clientAuth.post('app-secret'),
    http: createHttp({ timeoutMs: 1000 }),
    mapError,
    ...overrides,
  });
}
const grant = { code: 'the-code', redirectUri: 'https://app.example.test/cb', codeVerifier: 'v'.repeat(43) };
const stored = (refreshToken?: string) =>
  credentialsFromInput({ accessToken: 'old', ...(refreshToken ? { refreshToken } : {}) });

describe('token requests', () => {
  it("go through the adapter's fetch and headers, with the grant in the form", async () => {
    const urls: string[] = [];
    const transport = createNodeFetch();
    const http = createHttp({
      headers: { 'user-agent': 'relaypost-test/1.0' },
      fetch: (input, init) => {
        urls.push(input instanceof Request ? input.url : String(input));
        return transport(input, init);
      },
    });
    const tokens = await endpoint({ http }).exchange(grant);
    expect(tokens).toMatchObject({ accessToken: 'at-1', tokenType: 'bearer', refreshToken: undefined });
    expect(urls).toEqual([`${server.url}/token`]);
    const [request] = server.requests;
    // The adapter's user-agent (Reddit requires its own), not the library's.
    expect(request?.headers['user-agent']).toBe('relaypost-test/1.0');
    expect(request?.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(request?.form).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'https://app.example.test/cb',
      code_verifier: grant.codeVerifier,
      client_id: 'app-id',
      client_secret: 'app-secret',
    });
  });

  it('send HTTP Basic as base64(id:secret), without form-encoding - _ . ~', async () => {
    await endpoint({ clientId: 'my-app_1.x', clientAuth: clientAuth.basic('se-cr_et.~') }).exchange(grant);
    const [request] = server.requests;
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from('my-app_1.x:se-cr_et.~').toString('base64')}`,
    );
    expect(request?.form?.client_id).toBeUndefined();
  });

  it("send a platform's own client fields, and parameters it adds to every grant", async () => {
    const tiktokLike = endpoint({
      clientAuth: clientAuth.fields({ client_key: 'key', client_secret: 'secret' }),
      extraParams: { continuous_refresh: 'true' },
    });
    await tiktokLike.refresh(stored('rt-1'));
    expect(server.requests[0]?.form).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-1',
      client_key: 'key',
      client_secret: 'secret',
      continuous_refresh: 'true',
    });
  });

  it('send no verifier where none was used', async () => {
    await endpoint().exchange({ code: 'c', redirectUri: grant.redirectUri });
    expect(server.requests[0]?.form).not.toHaveProperty('code_verifier');
  });
});

describe('token answers', () => {
  it('read expiry, refresh token, its lifetime and comma- or space-separated scopes', async () => {
    answers.push(token({ refresh_token: 'rt-2', refresh_token_expires_in: 7200, scope: 'a,b c' }));
    const before = Date.now();
    const tokens = await endpoint().exchange(grant);
    expect(tokens.refreshToken).toBe('rt-2');
    expect(tokens.scopes).toEqual(['a', 'b', 'c']);
    expect(tokens.expiresAt! - before).toBeGreaterThanOrEqual(3_600_000);
    expect(tokens.refreshTokenExpiresAt! - before).toBeGreaterThanOrEqual(7_200_000);
    expect(tokens.refreshTokenExpiresAt! - before).toBeLessThan(7_300_000);
  });

  it("take the platform's reading of the refresh token's lifetime", async () => {
    answers.push(token({ refresh_token: 'rt', refresh_expires_in: 60 }));
    const tokens = await endpoint({
      refreshTokenExpiry: (answer, now) =>
        typeof answer.refresh_expires_in === 'number' ? now + answer.refresh_expires_in * 1000 : undefined,
    }).exchange(grant);
    expect(tokens.refreshTokenExpiresAt! - Date.now()).toBeLessThanOrEqual(60_000);
    expect(tokens.answer.refresh_expires_in).toBe(60);
  });

  it('accept an answer without token_type, and leave an id_token unread', async () => {
    answers.push({ status: 200, body: { access_token: 'at-3', expires_in: 60, id_token: 'not.a.jwt' } });
    const tokens = await endpoint().exchange(grant);
    expect(tokens.accessToken).toBe('at-3');
    expect(tokens.tokenType).toBe('bearer');
    expect(tokens.answer).not.toHaveProperty('id_token');
  });

  it('need a reconnect when there is no usable access token, keeping the body without its secrets', async () => {
    answers.push({ status: 200, body: { refresh_token: 'rt-secret-value', token_type: 'bearer' } });
    const error = await endpoint()
      .exchange(grant)
      .catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error), String(error)).toBe(true);
    expect((error as NeedsReconnectError).message).toContain('without a usable token');
    expect(JSON.stringify((error as NeedsReconnectError).responseBody)).not.toContain('rt-secret-value');
  });

  it('need a reconnect when the answer is not JSON at all', async () => {
    answers.push({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>signed out</html>' });
    const error = await endpoint()
      .refresh(stored('rt'))
      .catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error), String(error)).toBe(true);
  });
});

describe('token endpoint errors', () => {
  it("go through the platform's mapping: a refused grant, a rate limit with its wait, an outage", async () => {
    answers.push({ status: 400, body: { error: 'invalid_grant', error_description: 'used code' } });
    const refused = await endpoint()
      .exchange(grant)
      .catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(refused)).toBe(true);
    expect((refused as NeedsReconnectError).platformCode).toBe('invalid_grant');
    expect(seen[0]).toMatchObject({ status: 400, data: { error: 'invalid_grant' } });

    answers.push({ status: 429, headers: { 'retry-after': '42' }, body: { error: 'slow_down' } });
    const limited = await endpoint()
      .refresh(stored('rt'))
      .catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(limited)).toBe(true);
    expect((limited as RateLimitedError).retryAfterMs).toBe(42_000);

    answers.push({ status: 503, body: 'down' });
    expect(
      TransientError.isInstance(
        await endpoint()
          .exchange(grant)
          .catch((e: unknown) => e),
      ),
    ).toBe(true);
  });

  it('map an OAuth error sent with HTTP 200 (Reddit, TikTok) like an error answer', async () => {
    answers.push({ status: 200, body: { error: 'invalid_grant' } });
    const error = await endpoint()
      .exchange(grant)
      .catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error)).toBe(true);
    expect(seen[0]).toMatchObject({ status: 200, data: { error: 'invalid_grant' } });
  });

  it('make a dropped connection a transient error (nothing is published by a token request)', async () => {
    server.scriptFault((r) => r.path === '/token', { kind: 'drop-before-apply' });
    const error = await endpoint()
      .exchange(grant)
      .catch((e: unknown) => e);
    expect(TransientError.isInstance(error), String(error)).toBe(true);
  });

  it('ask for a reconnect, saying why, when a credential has no refresh token', async () => {
    const error = await endpoint({ missingRefreshToken: 'was offline.access granted?' })
      .refresh(stored())
      .catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('(was offline.access granted?)');
    expect(server.requests).toHaveLength(0);
  });
});
