import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { redactText, Secret } from '../index.js';
import { isSecretKey, redact } from './redact.js';

describe('redact', () => {
  it('scrubs tokens from free text', () => {
    expect(redactText('Authorization: Bearer abcdefgh12345')).toBe('Authorization: Bearer [redacted]');
    expect(redactText('GET /bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0/getMe')).toBe(
      'GET /[redacted]/getMe',
    );
    expect(redactText('?code=abc&access_token=xyz&state=1')).toBe(
      '?code=[redacted]&access_token=[redacted]&state=1',
    );
    expect(redactText('{"refresh_token": "r-123", "ok": true}')).toBe(
      '{"refresh_token":"[redacted]", "ok": true}',
    );
    expect(redactText('key sk-ant-api03-abcdefghijkl')).toBe('key [redacted]');
    expect(redactText('nothing secret here')).toBe('nothing secret here');
  });

  it('replaces values under secret keys in nested objects and handles cycles', () => {
    const input: Record<string, unknown> = {
      user: 'ann',
      nested: { Access_Token: 'a', list: [{ botToken: 'b' }, 'Bearer abcdefghijk'] },
      error: new Error('failed with password=hunter2'),
      empty: { secret: null },
    };
    input.self = input;
    expect(redact(input)).toEqual({
      user: 'ann',
      nested: { Access_Token: '[redacted]', list: [{ botToken: '[redacted]' }, 'Bearer [redacted]'] },
      error: { name: 'Error', message: 'failed with password=[redacted]' },
      empty: { secret: null },
      self: '[circular]',
    });
    expect(input.user).toBe('ann');
  });

  it('knows secret keys regardless of case, _ and -', () => {
    expect(isSecretKey('X-API-KEY')).toBe(true);
    expect(isSecretKey('client_secret')).toBe(true);
    expect(isSecretKey('handle')).toBe(false);
  });

  it('never prints a Secret', () => {
    const secret = new Secret('s3cr3t-value');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[redacted]"}');
    expect(`${secret}`).toBe('[redacted]');
    expect(inspect({ secret })).not.toContain('s3cr3t');
    expect(redact({ wrapped: secret })).toEqual({ wrapped: '[redacted]' });
    expect(secret.reveal()).toBe('s3cr3t-value');
  });
});
