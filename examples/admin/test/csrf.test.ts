import { describe, expect, it } from 'vitest';
import { createCsrf, sameOrigin } from '../src/auth/csrf.js';

describe('CSRF tokens (signed double-submit, bound to the session)', () => {
  const csrf = createCsrf('a-session-secret-of-enough-length');

  it('accepts the token made for this cookie and session', () => {
    const cookie = csrf.newCookieValue();
    const token = csrf.tokenFor(cookie, 'session-1');
    expect(csrf.verify(cookie, 'session-1', token)).toBe(true);
  });

  it('refuses a token for another cookie, another session, or none', () => {
    const cookie = csrf.newCookieValue();
    const token = csrf.tokenFor(cookie, 'session-1');
    expect(csrf.verify(csrf.newCookieValue(), 'session-1', token)).toBe(false);
    expect(csrf.verify(cookie, 'session-2', token)).toBe(false);
    expect(csrf.verify(cookie, null, token)).toBe(false);
    expect(csrf.verify(cookie, 'session-1', undefined)).toBe(false);
    expect(csrf.verify(undefined, 'session-1', token)).toBe(false);
    expect(csrf.verify(cookie, 'session-1', `${token.slice(0, -1)}x`)).toBe(false);
  });

  it('a token from before sign-in stops working after it (no fixation)', () => {
    const cookie = csrf.newCookieValue();
    const anonymous = csrf.tokenFor(cookie, null);
    expect(csrf.verify(cookie, null, anonymous)).toBe(true);
    expect(csrf.verify(cookie, 'new-session', anonymous)).toBe(false);
  });

  it('another secret makes other tokens', () => {
    const other = createCsrf('another-secret-of-enough-length!');
    const cookie = csrf.newCookieValue();
    expect(other.verify(cookie, null, csrf.tokenFor(cookie, null))).toBe(false);
  });

  it('refuses short secrets', () => {
    expect(() => createCsrf('short')).toThrow(/16 characters/);
  });
});

describe('same-origin check', () => {
  const publicUrl = 'https://admin.example.com';
  it('passes this site, the request host, and requests without Origin or Referer', () => {
    expect(sameOrigin({ origin: 'https://admin.example.com' }, publicUrl)).toBe(true);
    expect(sameOrigin({ referer: 'https://admin.example.com/settings' }, publicUrl)).toBe(true);
    expect(
      sameOrigin({ origin: 'http://localhost:3000', host: 'localhost:3000' }, 'http://127.0.0.1:3000'),
    ).toBe(true);
    expect(sameOrigin({}, publicUrl)).toBe(true);
  });
  it('refuses other sites and opaque origins', () => {
    expect(sameOrigin({ origin: 'https://evil.example' }, publicUrl)).toBe(false);
    expect(sameOrigin({ origin: 'https://evil.example', host: 'admin.example.com' }, publicUrl)).toBe(false);
    expect(sameOrigin({ referer: 'https://evil.example/x' }, publicUrl)).toBe(false);
    expect(sameOrigin({ origin: 'null' }, publicUrl)).toBe(false);
  });
});
