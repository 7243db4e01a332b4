import { isNetworkError, isTimeoutError, NetworkError, TimeoutError } from 'ky';
import { describe, expect, it } from 'vitest';
import { withSecretsRedacted } from './redact.js';

const token = 'THAAB+secret/token';
const url = `https://graph.threads.net/v1.0/me?access_token=${encodeURIComponent(token)}&fields=id`;
const fail = (error: unknown) => () => Promise.reject(error);

describe('withSecretsRedacted', () => {
  it('rebuilds a timeout around a redacted URL', async () => {
    const error = await withSecretsRedacted([token], fail(new TimeoutError(new Request(url)))).catch(
      (e) => e,
    );
    expect(isTimeoutError(error)).toBe(true);
    expect(error.message).not.toContain(encodeURIComponent(token));
    expect(error.request.url).toContain('redacted');
    expect(error.request.url).toContain('fields=id');
  });

  it('rebuilds a network error and its cause', async () => {
    const original = new NetworkError(new Request(url, { method: 'POST' }), {
      cause: new TypeError(`connect failed for ${url}`),
    });
    const error = await withSecretsRedacted([token], fail(original)).catch((e) => e);
    expect(isNetworkError(error)).toBe(true);
    expect(error.request.method).toBe('POST');
    const seen = `${error.message} ${error.request.url} ${(error.cause as Error).message}`;
    expect(seen).not.toContain(token);
    expect(seen).not.toContain(encodeURIComponent(token));
  });

  it('redacts a bare fetch TypeError and leaves other errors and answers alone', async () => {
    const typeError = await withSecretsRedacted([token], fail(new TypeError(`fetch failed: ${token}`))).catch(
      (e) => e,
    );
    expect(typeError).toBeInstanceOf(TypeError);
    expect(typeError.message).toBe('fetch failed: [redacted]');
    const other = new Error('other');
    await expect(withSecretsRedacted([token], fail(other))).rejects.toBe(other);
    await expect(withSecretsRedacted([token, undefined], async () => 42)).resolves.toBe(42);
  });
});
