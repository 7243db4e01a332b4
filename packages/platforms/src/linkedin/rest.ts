import { isHTTPError, type KyInstance } from 'ky';
import { type HttpErrorMapper, type HttpFailure, toPlatformError } from '../http/index.js';
import { linkedInVersionError, mapLinkedInError } from './errors.js';

/** What every versioned (`/rest`) call needs. */
export interface LinkedInRestConfig {
  apiBaseUrl: string;
  /** `LinkedIn-Version`, `YYYYMM`. */
  apiVersion: string;
  http: KyInstance;
  mapError: HttpErrorMapper;
}

/**
 * The headers of a versioned call: the bearer token, `LinkedIn-Version: YYYYMM` and
 * `X-Restli-Protocol-Version: 2.0.0` (both required on every `/rest` call).
 *
 * @example
 * ```ts
 * http.get(url, { headers: restHeaders(token, '202606') });
 * ```
 */
export function restHeaders(token: string, apiVersion: string): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    'linkedin-version': apiVersion,
    'x-restli-protocol-version': '2.0.0',
  };
}

const URN = /^urn:li:[A-Za-z]+:.+$/;

/**
 * The URN of a created entity from the `x-restli-id` header. Rest.li may send it URL-encoded
 * (`urn%3Ali%3Ashare%3A1`); undefined when the header is missing or holds no URN.
 *
 * @example
 * ```ts
 * restliIdOf(new Headers({ 'x-restli-id': 'urn%3Ali%3Ashare%3A7' })) // 'urn:li:share:7'
 * ```
 */
export function restliIdOf(headers: Headers): string | undefined {
  const raw = headers.get('x-restli-id')?.trim();
  if (!raw) return undefined;
  let value = raw;
  if (value.includes('%')) {
    try {
      value = decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return URN.test(value) ? value : undefined;
}

/** The kind of author a URN names. */
export type LinkedInAuthorType = 'person' | 'organization';

/**
 * Splits an author URN (`urn:li:person:{sub}` or `urn:li:organization:{id}`); undefined otherwise.
 *
 * @example
 * ```ts
 * authorOf('urn:li:organization:2414183') // { type: 'organization', id: '2414183', urn: '...' }
 * ```
 */
export function authorOf(urn: string): { type: LinkedInAuthorType; id: string; urn: string } | undefined {
  const match = /^urn:li:(person|organization):([^:]+)$/.exec(urn);
  if (!match) return undefined;
  return { type: match[1] as LinkedInAuthorType, id: match[2] ?? '', urn };
}

/** A URN as a path segment: LinkedIn wants it URL-encoded (`urn%3Ali%3Ashare%3A1`). */
export const encodeUrn = (urn: string) => encodeURIComponent(urn);

/**
 * Runs one LinkedIn call and turns every failure into RelayPost's error family, as
 * `platformCall` does, except a sunset `LinkedIn-Version` (426), which becomes a
 * `ConfigurationError` naming the setting to raise.
 *
 * @example
 * ```ts
 * await linkedInCall({ mutating: true, apiVersion: '202606' }, () => http.post(url, { json }));
 * ```
 */
export async function linkedInCall<T>(
  options: { mutating: boolean; apiVersion: string; mapError?: HttpErrorMapper },
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isHTTPError(error)) {
      const failure: HttpFailure = {
        status: error.response.status,
        data: error.data,
        headers: error.response.headers,
      };
      const sunset = linkedInVersionError(failure, options.apiVersion);
      if (sunset) throw sunset;
    }
    throw toPlatformError(error, {
      platform: 'linkedin',
      mutating: options.mutating,
      mapError: options.mapError ?? ((failure) => mapLinkedInError(failure)),
    });
  }
}
