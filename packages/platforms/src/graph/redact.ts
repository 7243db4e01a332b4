import { isNetworkError, isTimeoutError, NetworkError, TimeoutError } from 'ky';

const REDACTED = '[redacted]';

function redactText(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    out = out.split(secret).join(REDACTED).split(encodeURIComponent(secret)).join(REDACTED);
  }
  return out;
}

function redactedRequest(request: Request, secrets: readonly (string | undefined)[]): Request {
  return new Request(redactText(request.url, secrets), { method: request.method });
}

/**
 * Runs one HTTP call whose URL carries secrets (`access_token`, `client_secret` in the query, as
 * graph.threads.net and Meta's token endpoints take them) and, when it fails, rebuilds ky's
 * timeout and network errors around a redacted URL: their messages and `request` name the full
 * URL, and the error family keeps them as `cause`, so the token would reach logs and histories.
 *
 * @example
 * ```ts
 * const body = await withSecretsRedacted([token], () => http.get(url, { searchParams: { access_token: token } }).json());
 * ```
 */
export async function withSecretsRedacted<T>(
  secrets: readonly (string | undefined)[],
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isTimeoutError(error)) throw new TimeoutError(redactedRequest(error.request, secrets));
    if (isNetworkError(error)) {
      const cause =
        error.cause instanceof Error ? new Error(redactText(error.cause.message, secrets)) : undefined;
      throw new NetworkError(redactedRequest(error.request, secrets), cause ? { cause } : undefined);
    }
    if (error instanceof TypeError) throw new TypeError(redactText(error.message, secrets));
    throw error;
  }
}
