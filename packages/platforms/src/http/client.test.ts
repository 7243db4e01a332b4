import {
  ContentRejectedError,
  NeedsReconnectError,
  RateLimitedError,
  TransientError,
  UnknownOutcomeError,
} from '@relaypost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeServer } from '../testing/fake-server.js';
import { createHttp, platformCall } from './client.js';
import { retryAfterFromHeaders } from './retry-after.js';

describe('retryAfterFromHeaders', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads seconds, HTTP dates and reset headers', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '30' }), now)).toBe(30_000);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:01:00 GMT' }), now)).toBe(
      60_000,
    );
    expect(retryAfterFromHeaders(new Headers({ 'x-rate-limit-reset': String(now / 1000 + 90) }), now)).toBe(
      90_000,
    );
    expect(retryAfterFromHeaders(new Headers({ 'x-ratelimit-reset': '12' }), now)).toBe(12_000);
    expect(retryAfterFromHeaders(new Headers(), now)).toBeUndefined();
  });
});

describe('platformCall', () => {
  let server: FakeServer;
  const http = createHttp({ timeoutMs: 500 });
  beforeAll(async () => {
    server = await FakeServer.start('http');
    server.route('GET', '/status/:code', (_req, { code }) => ({
      status: Number(code),
      headers: { 'retry-after': '7' },
      body: { error: 'x', access_token: 'sekret-token-value' },
    }));
    server.route('POST', '/slow', async () => {
      await new Promise((r) => setTimeout(r, 2000));
      return { status: 201 };
    });
    server.route('POST', '/drop', () => ({ status: 201 }));
  });
  afterAll(() => server.close());

  const call = (path: string, mutating = false, method: 'get' | 'post' = 'get') =>
    platformCall({ platform: 'test', mutating }, () => http[method](`${server.url}${path}`).json()).catch(
      (e: unknown) => e,
    );

  it('maps statuses to the error family by default', async () => {
    const limited = await call('/status/429');
    expect(RateLimitedError.isInstance(limited)).toBe(true);
    expect((limited as RateLimitedError).retryAfterMs).toBe(7000);
    expect(NeedsReconnectError.isInstance(await call('/status/401'))).toBe(true);
    expect(TransientError.isInstance(await call('/status/502'))).toBe(true);
    const rejected = await call('/status/400');
    expect(ContentRejectedError.isInstance(rejected)).toBe(true);
    expect((rejected as ContentRejectedError).status).toBe(400);
    expect((rejected as ContentRejectedError).responseBody).not.toContain('sekret-token-value');
  });

  it('turns a timed-out write into an unknown outcome and a timed-out read into a transient error', async () => {
    expect(UnknownOutcomeError.isInstance(await call('/slow', true, 'post'))).toBe(true);
    expect(TransientError.isInstance(await call('/slow', false, 'post'))).toBe(true);
  });

  it('turns a dropped connection on a write into an unknown outcome', async () => {
    server.scriptFault((r) => r.path === '/drop', { kind: 'drop-after-apply' });
    expect(UnknownOutcomeError.isInstance(await call('/drop', true, 'post'))).toBe(true);
  });

  it('uses the platform mapper first', async () => {
    const error = await platformCall(
      {
        platform: 'test',
        mutating: false,
        mapError: (f) =>
          f.status === 400 ? new NeedsReconnectError({ platform: 'test', message: 'custom' }) : undefined,
      },
      () => http.get(`${server.url}/status/400`).json(),
    ).catch((e: unknown) => e);
    expect(NeedsReconnectError.isInstance(error)).toBe(true);
  });
});
