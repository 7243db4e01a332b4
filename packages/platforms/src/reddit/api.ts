import { RateLimitedError, TransientError, UnknownOutcomeError } from '@relaypost/core';
import type { KyInstance } from 'ky';
import { platformCall } from '../http/index.js';
import { mapRedditError, type RedditErrorOptions, redditBudget } from './errors.js';
import type { RedditPostKind } from './options.js';

const PLATFORM = 'reddit';

/** One authenticated call. `kind` tells the error mapping which post kind a refusal is about. */
export interface RedditCall {
  token: string;
  signal?: AbortSignal | undefined;
  kind?: RedditPostKind | undefined;
}

/**
 * A thin client over ky for `https://oauth.reddit.com`: bearer auth, form bodies, and every
 * failure mapped to the platform error family. It remembers each token's `X-Ratelimit-*`
 * budget: once Reddit says none is left, the next call fails at once with the wait until the
 * reset instead of being sent.
 *
 * @example
 * ```ts
 * const api = createRedditApi({ apiBaseUrl: 'https://oauth.reddit.com', http, errors: {} });
 * const me = await api.get('/api/v1/me', { token });
 * ```
 */
export function createRedditApi(config: {
  apiBaseUrl: string;
  http: KyInstance;
  errors: RedditErrorOptions;
}) {
  const budgets = new Map<string, { remaining: number; resetAt: number }>();

  function checkBudget(call: RedditCall): void {
    const budget = budgets.get(call.token);
    if (!budget) return;
    const wait = budget.resetAt - Date.now();
    if (wait <= 0) {
      budgets.delete(call.token);
      return;
    }
    if (budget.remaining < 1) {
      throw new RateLimitedError({
        platform: PLATFORM,
        scope: config.errors.rateLimitScope ?? 'app',
        retryAfterMs: wait,
        message: 'no requests left in the X-Ratelimit window',
      });
    }
  }

  async function send(call: RedditCall, mutating: boolean, run: () => Promise<Response>): Promise<unknown> {
    checkBudget(call);
    return platformCall(
      {
        platform: PLATFORM,
        mutating,
        mapError: (failure) => mapRedditError(failure, config.errors, call.kind),
      },
      async () => {
        const response = await run();
        const budget = redditBudget(response.headers);
        if (budget)
          budgets.set(call.token, { remaining: budget.remaining, resetAt: Date.now() + budget.resetMs });
        const text = await response.text();
        try {
          return text ? (JSON.parse(text) as unknown) : {};
        } catch (cause) {
          // A 200 that is not JSON (a proxy page, a truncated body): a write may have landed.
          const init = { platform: PLATFORM, responseBody: text, cause, message: 'the answer was not JSON' };
          throw mutating ? new UnknownOutcomeError(init) : new TransientError(init);
        }
      },
    );
  }

  const options = (call: RedditCall) => ({
    headers: { authorization: `bearer ${call.token}` },
    ...(call.signal ? { signal: call.signal } : {}),
  });

  return {
    get(path: string, call: RedditCall, searchParams: Record<string, string> = {}): Promise<unknown> {
      return send(call, false, () =>
        config.http.get(`${config.apiBaseUrl}${path}`, { ...options(call), searchParams }),
      );
    },
    /** A form-encoded POST (Reddit's API takes forms, not JSON). */
    post(path: string, call: RedditCall, form: Record<string, string>, mutating: boolean): Promise<unknown> {
      return send(call, mutating, () =>
        config.http.post(`${config.apiBaseUrl}${path}`, {
          ...options(call),
          body: new URLSearchParams(form),
        }),
      );
    },
  };
}

export type RedditApi = ReturnType<typeof createRedditApi>;
