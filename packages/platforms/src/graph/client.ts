import type { KyInstance } from 'ky';
import { type HttpFailure, platformCall } from '../http/index.js';
import { type GraphErrorOptions, mapGraphError } from './errors.js';
import { withSecretsRedacted } from './redact.js';

/** The Graph API version RelayPost is built against (Facebook and Instagram). */
export const GRAPH_DEFAULT_VERSION = 'v25.0';
/** The Threads API version (graph.threads.net has its own numbering). */
export const THREADS_DEFAULT_VERSION = 'v1.0';

/** Where and how one Graph API is reached. */
export interface GraphClientConfig {
  platform: string;
  /** `https://graph.facebook.com`, `https://graph.instagram.com` or `https://graph.threads.net`. */
  baseUrl: string;
  /** `v25.0`; an empty string sends unversioned paths. */
  version: string;
  /** When set, every call carries `appsecret_proof` (documented for graph.facebook.com only). */
  appSecret?: string | undefined;
  /**
   * How the access token travels: `header` (`Authorization: Bearer`, as graph.facebook.com and
   * graph.instagram.com accept it) or `query` (`access_token`, the only way Meta documents for
   * graph.threads.net). Default `header`, which keeps the token out of URLs.
   */
  tokenIn?: 'header' | 'query';
  http: KyInstance;
  errors?: GraphErrorOptions;
}

/** Parameters of one call. */
export interface GraphCallOptions {
  token: string;
  /** Query parameters (GET, DELETE, and `creation_id` on publish calls). */
  query?: Record<string, string | undefined>;
  /** Form fields (POST); files go in `multipart`. */
  form?: Record<string, string | undefined>;
  multipart?: FormData;
  signal?: AbortSignal | undefined;
  /** A POST that creates something: a lost answer is an unknown outcome. Default true for POST. */
  mutating?: boolean;
  /** Another host than `baseUrl` (e.g. graph-video.facebook.com for video uploads). */
  baseUrl?: string;
}

/** A thin Graph API client: versioned paths, token and proof on every call, Graph error mapping. */
export interface GraphClient {
  readonly platform: string;
  get(path: string, options: GraphCallOptions): Promise<unknown>;
  post(path: string, options: GraphCallOptions): Promise<unknown>;
  delete(path: string, options: GraphCallOptions): Promise<unknown>;
  /** The error mapper this client uses, for calls made outside it. */
  mapError(failure: HttpFailure): ReturnType<typeof mapGraphError>;
}

/**
 * `appsecret_proof`: hex HMAC-SHA256 of the access token keyed by the app secret, so a stolen
 * token is useless without the secret (developers.facebook.com/docs/graph-api/securing-requests).
 *
 * @example
 * ```ts
 * await appSecretProof('EAAB...', 'app-secret') // '3f1c…' (64 hex characters)
 * ```
 */
export async function appSecretProof(token: string, appSecret: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(appSecret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(token)));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

function defined(values: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values ?? {})) if (value !== undefined) out[key] = value;
  return out;
}

/**
 * Builds a Graph API client. The token goes in the `Authorization` header, or in the
 * `access_token` query parameter for hosts that document only that (a failed call's error then
 * names a redacted URL, so the token stays out of logs); `appsecret_proof` goes in the query
 * when an app secret is configured.
 *
 * @example
 * ```ts
 * const graph = createGraphClient({ platform: 'facebook', baseUrl: 'https://graph.facebook.com', version: 'v25.0', http });
 * const me = await graph.get('me', { token, query: { fields: 'id,name' } });
 * ```
 */
export function createGraphClient(config: GraphClientConfig): GraphClient {
  const mapError = (failure: HttpFailure) => mapGraphError(config.platform, failure, config.errors);
  const urlOf = (path: string, baseUrl = config.baseUrl) => {
    const version = config.version ? `/${config.version}` : '';
    return `${trimSlash(baseUrl)}${version}/${path.replace(/^\/+/, '')}`;
  };

  async function call(
    method: 'get' | 'post' | 'delete',
    path: string,
    options: GraphCallOptions,
  ): Promise<unknown> {
    const searchParams = defined(options.query);
    const inQuery = config.tokenIn === 'query';
    if (inQuery) searchParams.access_token = options.token;
    if (config.appSecret)
      searchParams.appsecret_proof = await appSecretProof(options.token, config.appSecret);
    const mutating = options.mutating ?? method === 'post';
    let body: FormData | URLSearchParams | undefined;
    if (options.multipart) {
      for (const [key, value] of Object.entries(defined(options.form))) options.multipart.set(key, value);
      body = options.multipart;
    } else if (options.form) {
      body = new URLSearchParams(defined(options.form));
    }
    const send = () =>
      config
        .http(urlOf(path, options.baseUrl), {
          method,
          ...(inQuery ? {} : { headers: { authorization: `Bearer ${options.token}` } }),
          searchParams,
          ...(body ? { body } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        })
        .json<unknown>();
    return platformCall({ platform: config.platform, mutating, mapError }, () =>
      inQuery ? withSecretsRedacted([options.token], send) : send(),
    );
  }

  return {
    platform: config.platform,
    get: (path, options) => call('get', path, options),
    post: (path, options) => call('post', path, options),
    delete: (path, options) => call('delete', path, options),
    mapError,
  };
}
