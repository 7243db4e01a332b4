import { ContentRejectedError, NeedsReconnectError, RateLimitedError, TransientError } from '@relaypost/core';
import { describe, expect, it } from 'vitest';
import { appSecretProof } from './client.js';
import { graphErrorAction, mapGraphError, usageHeaderWait } from './errors.js';

const failure = (error: Record<string, unknown>, status = 400, headers: Record<string, string> = {}) => ({
  status,
  data: { error: { message: 'boom', type: 'OAuthException', fbtrace_id: 'abc', ...error } },
  headers: new Headers(headers),
});

describe('graph error mapping table', () => {
  const table: Array<[string, Record<string, unknown>, string]> = [
    ['190', { code: 190 }, 'needs_reconnect'],
    ['102', { code: 102 }, 'needs_reconnect'],
    ...[458, 459, 460, 463, 464, 467].map((subcode): [string, Record<string, unknown>, string] => [
      `190/${subcode}`,
      { code: 190, error_subcode: subcode },
      'needs_reconnect',
    ]),
    ['10 (permission)', { code: 10 }, 'needs_reconnect'],
    ['200 (permission)', { code: 200 }, 'needs_reconnect'],
    ['299 (permission)', { code: 299 }, 'needs_reconnect'],
    ['4', { code: 4 }, 'rate_limited'],
    ['17', { code: 17 }, 'rate_limited'],
    ['32', { code: 32 }, 'rate_limited'],
    ['341', { code: 341 }, 'rate_limited'],
    ['613', { code: 613 }, 'rate_limited'],
    ['80002', { code: 80002 }, 'rate_limited'],
    ['368', { code: 368 }, 'rate_limited'],
    ['1', { code: 1 }, 'transient'],
    ['2', { code: 2 }, 'transient'],
    ['is_transient', { code: 9999, is_transient: true }, 'transient'],
    // Instagram's error reference: "try again" / "generate a new container and try again".
    ...[
      [-2, 2207003],
      [-2, 2207020],
      [-1, 2207001],
      [-1, 2207032],
      [-1, 2207053],
    ].map(([code, subcode]): [string, Record<string, unknown>, string] => [
      `instagram ${code}/${subcode}`,
      { code, error_subcode: subcode },
      'transient',
    ]),
    ['instagram 9/2207042 (publishing quota)', { code: 9, error_subcode: 2207042 }, 'rate_limited'],
    ['instagram 4/2207051 (suspected spam)', { code: 4, error_subcode: 2207051 }, 'content_rejected'],
    ['video 1363037 (wrong start offset)', { code: 6000, error_subcode: 1363037 }, 'transient'],
    ['video 1363033 (partial chunk)', { code: 6000, error_subcode: 1363033 }, 'transient'],
    ['threads 100/10 (permission missing)', { code: 100, error_subcode: 10 }, 'needs_reconnect'],
    ['100/33 (object gone)', { code: 100, error_subcode: 33 }, 'content_rejected'],
    ['506', { code: 506 }, 'content_rejected'],
    ['100', { code: 100 }, 'content_rejected'],
    ['1609005', { code: 1609005 }, 'content_rejected'],
  ];
  for (const [name, error, kind] of table) {
    it(`maps ${name} to ${kind}`, () => {
      expect(mapGraphError('facebook', failure(error)).kind).toBe(kind);
    });
  }

  it('gives code 4 the app scope and the others the account scope', () => {
    expect((mapGraphError('facebook', failure({ code: 4 })) as RateLimitedError).scope).toBe('app');
    expect((mapGraphError('facebook', failure({ code: 17 })) as RateLimitedError).scope).toBe('account');
  });

  it('reads estimated_time_to_regain_access (minutes) from the usage headers', () => {
    const buc = JSON.stringify({ '123': [{ type: 'pages', estimated_time_to_regain_access: 7 }] });
    const error = mapGraphError('facebook', failure({ code: 32 }, 400, { 'x-business-use-case-usage': buc }));
    expect(RateLimitedError.isInstance(error) && error.retryAfterMs).toBe(7 * 60_000);
    const app = JSON.stringify({ call_count: 100, estimated_time_to_regain_access: 3 });
    const appError = mapGraphError('facebook', failure({ code: 4 }, 400, { 'x-app-usage': app }));
    expect((appError as RateLimitedError).retryAfterMs).toBe(3 * 60_000);
  });

  it('names the publishing quota and takes its wait from the usage headers', () => {
    const buc = JSON.stringify({ '1': [{ type: 'instagram', estimated_time_to_regain_access: 90 }] });
    const error = mapGraphError(
      'instagram',
      failure({ code: 9, error_subcode: 2207042 }, 400, { 'x-business-use-case-usage': buc }),
    );
    expect(RateLimitedError.isInstance(error) && error.scope).toBe('account');
    expect((error as RateLimitedError).retryAfterMs).toBe(90 * 60_000);
    expect(error.message).toMatch(/publishing quota/);
  });

  it('falls back to the configured waits', () => {
    const throttled = mapGraphError('facebook', failure({ code: 17 }), { defaultRateLimitWaitMs: 5000 });
    expect((throttled as RateLimitedError).retryAfterMs).toBe(5000);
    const blocked = mapGraphError('facebook', failure({ code: 368 }), { temporaryBlockWaitMs: 7_200_000 });
    expect((blocked as RateLimitedError).retryAfterMs).toBe(7_200_000);
  });

  it('ignores a malformed usage header', () => {
    expect(usageHeaderWait(new Headers({ 'x-app-usage': '{nope' }))).toBeUndefined();
  });

  it('keeps the code, subcode and the user message', () => {
    const error = mapGraphError(
      'facebook',
      failure({ code: 506, error_subcode: 1, error_user_msg: 'Duplicate status' }),
    );
    expect(ContentRejectedError.isInstance(error)).toBe(true);
    expect(error.platformCode).toBe('506/1');
    expect((error as ContentRejectedError).platformMessage).toBe('Duplicate status');
    expect((error as ContentRejectedError).field).toBe('text');
  });

  it('falls back to the HTTP status without an envelope', () => {
    const bare = (status: number) => ({ status, data: 'oops', headers: new Headers() });
    expect(TransientError.isInstance(mapGraphError('threads', bare(503)))).toBe(true);
    expect(NeedsReconnectError.isInstance(mapGraphError('threads', bare(401)))).toBe(true);
    expect(RateLimitedError.isInstance(mapGraphError('threads', bare(429)))).toBe(true);
    expect(ContentRejectedError.isInstance(mapGraphError('threads', bare(400)))).toBe(true);
  });

  it('names the action for a code', () => {
    expect(graphErrorAction(190, 463)).toBe('reconnect');
    expect(graphErrorAction(12345)).toBeUndefined();
  });
});

describe('appsecret_proof', () => {
  it('is the hex HMAC-SHA256 of the token keyed by the secret', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', 'secret').update('token').digest('hex');
    expect(await appSecretProof('token', 'secret')).toBe(expected);
  });
});
