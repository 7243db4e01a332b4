import type { KyInstance } from 'ky';
import { type HttpFailure, platformCall } from '../http/index.js';
import { mapPinterestError, type PinterestErrorOptions } from './errors.js';

const PLATFORM = 'pinterest';

/** One authenticated call to the Pinterest v5 API. */
export interface PinterestCall {
  token: string;
  signal?: AbortSignal | undefined;
}

/**
 * A thin client over ky for `https://api.pinterest.com/v5`: bearer auth, JSON bodies, and every
 * failure mapped to the platform error family. Writes that time out become unknown outcomes.
 *
 * @example
 * ```ts
 * const api = createPinterestApi({ apiBaseUrl: 'https://api.pinterest.com/v5', http, errors: {} });
 * const account = await api.get('/user_account', { token });
 * ```
 */
export function createPinterestApi(config: {
  apiBaseUrl: string;
  http: KyInstance;
  errors: PinterestErrorOptions;
}) {
  const mapError = (failure: HttpFailure) => mapPinterestError(failure, config.errors);
  const headers = (token: string) => ({ authorization: `Bearer ${token}` });
  const abort = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

  return {
    mapError,
    get(path: string, call: PinterestCall, searchParams: Record<string, string> = {}): Promise<unknown> {
      return platformCall({ platform: PLATFORM, mutating: false, mapError }, () =>
        config.http
          .get(`${config.apiBaseUrl}${path}`, {
            headers: headers(call.token),
            searchParams,
            ...abort(call.signal),
          })
          .json(),
      );
    },
    post(path: string, call: PinterestCall, json: unknown, mutating: boolean): Promise<unknown> {
      return platformCall({ platform: PLATFORM, mutating, mapError }, () =>
        config.http
          .post(`${config.apiBaseUrl}${path}`, { headers: headers(call.token), json, ...abort(call.signal) })
          .json(),
      );
    },
    async delete(path: string, call: PinterestCall): Promise<void> {
      await platformCall({ platform: PLATFORM, mutating: false, mapError }, () =>
        config.http.delete(`${config.apiBaseUrl}${path}`, {
          headers: headers(call.token),
          ...abort(call.signal),
        }),
      );
    },
  };
}

export type PinterestApi = ReturnType<typeof createPinterestApi>;
