import { createHmac } from 'node:crypto';
import { FakeOAuthAuthority, missingScopes } from '../../testing/fake-oauth.js';
import { type FakeResponse, FakeServer, type RecordedRequest } from '../../testing/fake-server.js';
import type { PlatformFault } from '../../testing/platform-fake.js';

/** Options shared by the Graph fakes. */
export interface GraphFakeBaseOptions {
  name: string;
  /** Path prefix, e.g. `v25.0`; empty for unversioned paths. */
  version: string;
  clientId: string;
  clientSecret: string;
  /** Refuse calls without a valid `appsecret_proof` (the app's "Require App Secret" setting). */
  requireAppSecretProof: boolean;
  /**
   * How this host takes the token, as Meta documents it: graph.facebook.com reads the
   * `Authorization` header (`Bearer` or `OAuth`) and the `access_token` parameter;
   * graph.instagram.com `Bearer` and the parameter; graph.threads.net only the parameter.
   * A token sent any other way is not seen, as the real host would not see it. Default:
   * graph.facebook.com's.
   */
  tokenIn?: { header: readonly ('Bearer' | 'OAuth')[]; parameter: boolean };
  /**
   * Whether this host checks `appsecret_proof` (graph.facebook.com documents it). Elsewhere the
   * parameter is not part of the documented API and is not looked at. Default true.
   */
  checksAppSecretProof?: boolean;
  /** The `type` of error envelopes (`OAuthException`; Threads answers `THApiException`). */
  errorType?: string;
  accessTokenTtlSeconds: number;
  /** The Graph code a scripted rate limit answers with (4 app, 17 user, 32 page, 613). */
  rateLimitCode: number;
}

/** Who a token belongs to, once checked. */
export interface GraphCaller {
  token: string;
  /** The user, page or IG user id the token acts for. */
  owner: string;
  /** The permissions granted with the token, comma- or space-separated. */
  scope: string;
}

/**
 * A Graph error answer in the official envelope.
 *
 * @example
 * ```ts
 * graphError(400, 100, 'Invalid parameter', { type: 'OAuthException' })
 * ```
 */
export function graphError(
  status: number,
  code: number,
  message: string,
  extra: {
    subcode?: number;
    type?: string;
    userMessage?: string;
    headers?: Record<string, string>;
    /** `error_data`, e.g. the offsets a video upload must resume from. */
    data?: unknown;
  } = {},
): FakeResponse {
  return {
    status,
    ...(extra.headers ? { headers: extra.headers } : {}),
    body: {
      error: {
        message,
        type: extra.type ?? 'OAuthException',
        code,
        ...(extra.subcode !== undefined ? { error_subcode: extra.subcode } : {}),
        ...(extra.userMessage ? { error_user_title: 'Error', error_user_msg: extra.userMessage } : {}),
        ...(extra.data !== undefined ? { error_data: extra.data } : {}),
        fbtrace_id: `Fake${Math.random().toString(36).slice(2, 12)}`,
      },
    },
  };
}

/** Every parameter of a Graph call: query, form or multipart fields (Graph takes them anywhere). */
export function paramsOf(request: RecordedRequest): Record<string, string> {
  const params: Record<string, string> = { ...request.query };
  for (const [key, value] of Object.entries(request.form ?? {})) params[key] = value;
  for (const [key, value] of Object.entries(request.multipart ?? {}))
    if (typeof value === 'string') params[key] = value;
  return params;
}

/**
 * The shared half of the Facebook, Instagram and Threads fakes: one loopback server, token
 * issuing and checking (read only where the host documents it: header or `access_token`
 * parameter), the permissions each token was granted, `appsecret_proof` checks on the host that
 * documents them, the error envelope, scripted publish faults and real downloads of media URLs.
 *
 * @example
 * ```ts
 * const base = await createGraphFakeBase({ name: 'threads', version: 'v1.0', ... });
 * base.api('GET', '/me', (req, params, caller) => ({ status: 200, body: { id: caller.owner } }));
 * ```
 */
export async function createGraphFakeBase(options: GraphFakeBaseOptions) {
  const server = await FakeServer.start(options.name);
  const oauth = new FakeOAuthAuthority({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
    issueRefreshTokens: false,
    rotateRefreshTokens: false,
    requirePkce: false,
    subject: options.name,
  });
  const owners = new Map<string, string>();
  const prefix = options.version ? `/${options.version}` : '';
  let nextId = 17_841_400_000_000_000n;

  const type = options.errorType ?? 'OAuthException';
  const tokenIn = options.tokenIn ?? { header: ['Bearer', 'OAuth'], parameter: true };

  /** Issues an access token acting for `owner` with the permissions in `scope`. */
  function issueToken(owner: string, scope = ''): { access_token: string; expires_in: number } {
    const issued = oauth.issue(scope);
    owners.set(issued.access_token, owner);
    return { access_token: issued.access_token, expires_in: issued.expires_in };
  }

  /** The permissions a token was granted (empty for unknown tokens). */
  function scopeOf(token: string | undefined): string {
    const check = oauth.check(token);
    return check.ok ? check.scope : '';
  }

  /** The token as this host reads it: only from the places it documents. */
  function tokenOf(request: RecordedRequest): string | undefined {
    const header = request.headers.authorization ?? '';
    for (const scheme of tokenIn.header)
      if (header.startsWith(`${scheme} `)) return header.slice(scheme.length + 1);
    return tokenIn.parameter ? paramsOf(request).access_token : undefined;
  }

  /** Checks the token and the proof; an error answer when either is wrong. */
  function authenticate(request: RecordedRequest): GraphCaller | FakeResponse {
    const token = tokenOf(request);
    if (!token)
      return graphError(400, 2500, 'An active access token must be used to query information.', { type });
    const check = oauth.check(token);
    const owner = owners.get(token);
    if (!check.ok || owner === undefined) {
      if (check.ok === false && check.reason === 'expired') {
        return graphError(400, 190, 'Error validating access token: Session has expired.', {
          subcode: 463,
          type,
        });
      }
      if (check.ok === false && check.reason === 'revoked') {
        return graphError(400, 190, 'Error validating access token: The user has changed their password.', {
          subcode: 460,
          type,
        });
      }
      return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token', { type });
    }
    if (options.checksAppSecretProof ?? true) {
      const proof = paramsOf(request).appsecret_proof;
      const expected = createHmac('sha256', options.clientSecret).update(token).digest('hex');
      if (proof !== undefined && proof !== expected) {
        return graphError(400, 100, 'Invalid appsecret_proof provided in the API argument', {
          type: 'GraphMethodException',
        });
      }
      if (proof === undefined && options.requireAppSecretProof) {
        return graphError(400, 100, 'API calls from the server require an appsecret_proof argument', {
          type: 'GraphMethodException',
        });
      }
    }
    return { token, owner, scope: check.scope };
  }

  /** The permissions in `needed` the caller's token was not granted. */
  const missing = (caller: GraphCaller, needed: readonly string[]) => missingScopes(caller.scope, needed);

  /** Registers an authenticated API route under the version prefix. */
  function api(
    method: string,
    path: string,
    handler: (
      request: RecordedRequest,
      params: Record<string, string>,
      caller: GraphCaller,
    ) => FakeResponse | Promise<FakeResponse>,
  ): void {
    server.route(method, `${prefix}${path}`, (request, params) => {
      const caller = authenticate(request);
      if ('status' in caller) return caller;
      return handler(request, params, caller);
    });
  }

  /** The answer a scripted publish fault gives, in the Graph wire format. */
  function faultResponse(fault: PlatformFault): FakeResponse | 'drop' {
    switch (fault.kind) {
      case 'rate_limit':
        return graphError(400, options.rateLimitCode, 'Application request limit reached', {
          type,
          headers: {
            // Meta states the wait in minutes; a fractional value keeps second precision in tests.
            'x-business-use-case-usage': JSON.stringify({
              [options.name]: [
                {
                  type: 'pages',
                  call_count: 100,
                  total_cputime: 100,
                  total_time: 100,
                  estimated_time_to_regain_access: fault.retryAfterSeconds / 60,
                },
              ],
            }),
          },
        });
      case 'server_error':
        return {
          status: fault.status ?? 500,
          body: {
            error: {
              message: 'An unexpected error has occurred. Please retry your request later.',
              type,
              is_transient: true,
              code: 2,
              fbtrace_id: 'FakeTransient',
            },
          },
        };
      case 'drop_after_apply':
        return 'drop';
      case 'expired_token':
        return graphError(400, 190, 'Error validating access token: Session has expired.', {
          subcode: 463,
          type,
        });
      case 'revoked_token':
        return graphError(
          400,
          190,
          'Error validating access token: The user has not authorized application.',
          { subcode: 458, type },
        );
      case 'validation':
        return graphError(400, 100, 'Invalid parameter', {
          type,
          userMessage: fault.message ?? 'The post could not be published.',
        });
    }
  }

  /** The next `times` requests `isPublish` accepts fail with `fault`. */
  function scriptPublishFault(
    isPublish: (request: RecordedRequest) => boolean,
    fault: PlatformFault,
    times = 1,
  ): void {
    const response = faultResponse(fault);
    server.scriptFault(
      isPublish,
      response === 'drop' ? { kind: 'drop-after-apply' } : { kind: 'respond', response },
      times,
    );
  }

  return {
    server,
    oauth,
    prefix,
    issueToken,
    scopeOf,
    missing,
    /** Records that a token the authority issued (e.g. by a code exchange) acts for `owner`. */
    adopt: (token: string, owner: string) => {
      owners.set(token, owner);
    },
    /** Who a token acts for, without the expiry checks. */
    ownerOf: (token: string) => owners.get(token),
    /** Checks the app's client id and secret as given in parameters. */
    checkClient: (params: Record<string, string>) =>
      params.client_id === options.clientId && params.client_secret === options.clientSecret,
    authenticate,
    api,
    scriptPublishFault,
    faultResponse,
    /** A new numeric id, as Graph ids are. */
    newId: () => (nextId++).toString(),
    /** A version-prefixed URL on this server. */
    url: (path: string) => `${server.url}${prefix}${path}`,
    /** The `type` this host's error envelopes carry. */
    errorType: type,
  };
}

/** The shared fake core. */
export type GraphFakeBase = Awaited<ReturnType<typeof createGraphFakeBase>>;

/** What a media download by the fake platform found. */
export type MediaDownload = { ok: true; bytes: Buffer; contentType: string } | { ok: false; reason: string };

/**
 * Downloads media from a URL the way Instagram, Threads and Facebook do when given `image_url`,
 * `video_url`, `url` or `file_url`: a URL that does not answer 200 with media fails.
 *
 * @example
 * ```ts
 * const got = await downloadMedia(params.image_url);
 * if (!got.ok) return graphError(400, 9004, got.reason);
 * ```
 */
export async function downloadMedia(url: string | undefined): Promise<MediaDownload> {
  if (!url) return { ok: false, reason: 'no media URL given' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: `not a URL: ${url}` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return { ok: false, reason: 'media URLs must be http(s)' };
  try {
    const response = await fetch(parsed);
    if (!response.ok) return { ok: false, reason: `media download failed: HTTP ${response.status}` };
    const bytes = Buffer.from(await response.arrayBuffer());
    const contentType = response.headers.get('content-type') ?? '';
    if (!/^(image|video)\//.test(contentType)) return { ok: false, reason: `not media: ${contentType}` };
    return { ok: true, bytes, contentType };
  } catch (error) {
    return { ok: false, reason: `media download failed: ${error instanceof Error ? error.message : error}` };
  }
}
