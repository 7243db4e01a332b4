import {
  type ConfigurationError,
  ContentRejectedError,
  NeedsReconnectError,
  type PlatformError,
  PlatformError as PlatformErrorClass,
  RateLimitedError,
  TransientError,
  UnknownOutcomeError,
} from '@relaypost/core';
import ky, { isHTTPError, isNetworkError, isTimeoutError, type KyInstance } from 'ky';
import { createNodeFetch } from './node-fetch.js';
import { retryAfterFromHeaders } from './retry-after.js';

let sharedFetch: typeof globalThis.fetch | undefined;

/** One transport (and its keep-alive sockets) for every adapter in the process. */
function defaultFetch(): typeof globalThis.fetch {
  sharedFetch ??= createNodeFetch();
  return sharedFetch;
}

/** Options every adapter factory accepts for its HTTP layer. */
export interface HttpOptions {
  /**
   * A custom fetch (proxies, instrumentation, tests). Default: {@link createNodeFetch}, Node's
   * `http`/`https` with keep-alive sockets (the global fetch when a proxy is set in the environment).
   */
  fetch?: typeof globalThis.fetch;
  /** Per-request timeout; a timed-out write is an unknown outcome. Default 30 s. */
  timeoutMs?: number;
  /** Extra headers on every request (e.g. a required User-Agent). */
  headers?: Record<string, string>;
}

/**
 * A ky instance with retries off: retries happen in one place only, the Temporal activity,
 * which reads `retryAfterMs` from the errors this layer throws.
 */
export function createHttp(options: HttpOptions = {}): KyInstance {
  return ky.create({
    retry: 0,
    timeout: options.timeoutMs ?? 30_000,
    throwHttpErrors: true,
    fetch: options.fetch ?? defaultFetch(),
    ...(options.headers ? { headers: options.headers } : {}),
  });
}

/** An HTTP error answer, for a platform's error mapping. */
export interface HttpFailure {
  status: number;
  /** Parsed JSON, or text, or undefined. */
  data: unknown;
  headers: Headers;
}

/**
 * Maps an error answer to the platform error family (or to a `ConfigurationError` when only a
 * change of settings or billing can help); return undefined to use the defaults.
 */
export type HttpErrorMapper = (failure: HttpFailure) => PlatformError | ConfigurationError | undefined;

export interface CallOptions {
  platform: string;
  /**
   * The call changes state on the platform (creates a post). A timeout or a dropped
   * connection then means the change may have happened: an unknown outcome, not a retry.
   */
  mutating: boolean;
  mapError?: HttpErrorMapper;
}

/**
 * Runs one platform call and turns every failure into the platform error family.
 *
 * @example
 * ```ts
 * const post = await platformCall({ platform: 'x', mutating: true, mapError: mapXError }, () =>
 *   http.post(url, { json }).json());
 * ```
 */
export async function platformCall<T>(options: CallOptions, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toPlatformError(error, options);
  }
}

/** Converts ky, network and timeout errors into the platform error family. */
export function toPlatformError(error: unknown, options: CallOptions): unknown {
  if (PlatformErrorClass.isInstance(error)) return error;
  if (isHTTPError(error)) {
    const failure: HttpFailure = {
      status: error.response.status,
      data: error.data,
      headers: error.response.headers,
    };
    return options.mapError?.(failure) ?? defaultHttpError(options.platform, failure);
  }
  if (isTimeoutError(error) || isNetworkError(error) || isAbortLike(error)) {
    const reason = error instanceof Error ? error.message : String(error);
    return options.mutating
      ? new UnknownOutcomeError({
          platform: options.platform,
          message: `no answer to a write (${reason}); it may have been applied`,
          cause: error,
        })
      : new TransientError({
          platform: options.platform,
          message: `network failure (${reason})`,
          cause: error,
        });
  }
  return error;
}

function isAbortLike(error: unknown): boolean {
  return error instanceof TypeError && /fetch failed|terminated|socket/i.test(error.message);
}

/**
 * What every error for an HTTP answer carries: the platform, status and body, and the platform's
 * own code and words when its error envelope gave them.
 *
 * @example
 * ```ts
 * new NeedsReconnectError(httpErrorInit('x', failure, { code: 'unauthorized', message: 'bad token' }));
 * ```
 */
export function httpErrorInit(
  platform: string,
  failure: HttpFailure,
  said: { code?: string | undefined; message?: string | undefined } = {},
) {
  return {
    platform,
    status: failure.status,
    responseBody: failure.data,
    platformCode: said.code,
    message: `HTTP ${failure.status}${said.message ? `: ${said.message}` : ''}`,
  };
}

/** The mapping for platforms that say nothing more specific. */
export function defaultHttpError(platform: string, failure: HttpFailure): PlatformError {
  const { status } = failure;
  const init = httpErrorInit(platform, failure);
  if (status === 429)
    return new RateLimitedError({ ...init, retryAfterMs: retryAfterFromHeaders(failure.headers) });
  if (status === 401) return new NeedsReconnectError(init);
  if (status >= 500 || status === 408)
    return new TransientError({ ...init, retryAfterMs: retryAfterFromHeaders(failure.headers) });
  return new ContentRejectedError(init);
}
