import { randomBytes } from 'node:crypto';
import { FakeOAuthAuthority, missingScopes } from '../../testing/fake-oauth.js';
import {
  type FakeHandler,
  type FakeResponse,
  FakeServer,
  type RecordedRequest,
} from '../../testing/fake-server.js';
import type { FakePost, PlatformFake, PlatformFault } from '../../testing/platform-fake.js';
import {
  accessDenied,
  badRequest,
  invalidField,
  liError,
  notFound,
  oauthError,
  throttled,
  tooManyRequests,
  unauthorized,
} from './errors.js';
import { renderLittle } from './render.js';

/** An organization page the fake member may hold a role in. */
export interface LinkedInFakeOrganization {
  id: string;
  name: string;
  vanityName: string;
  /** The member's role (organization-access-control). */
  role: string;
  state?: 'APPROVED' | 'REQUESTED' | 'REJECTED' | 'REVOKED';
}

/** Options for {@link createLinkedInFake}. */
export interface LinkedInFakeOptions {
  clientId?: string;
  clientSecret?: string;
  /** The member's `sub` (`urn:li:person:{sub}`). */
  memberId?: string;
  name?: string;
  organizations?: LinkedInFakeOrganization[];
  /** The app is an approved partner: it gets programmatic refresh tokens. Default false. */
  refreshTokens?: boolean;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /**
   * `LinkedIn-Version`s the fake accepts, inclusive `YYYYMM`; others get LinkedIn's 426
   * `NONEXISTENT_VERSION`. Default 202601–202609: the versions LinkedIn's docs list as active in
   * December 2026 (202601 is served until 2027-01-15; 202609 is the newest we found documented).
   */
  versions?: { oldest?: string; newest?: string };
  /** Bytes per video part in `uploadInstructions`. Default 4 MiB, as LinkedIn. */
  partSizeBytes?: number;
  /** Status reads answered PROCESSING before a video is AVAILABLE. Default 1. */
  videoProcessingPolls?: number;
  /** Status reads answered PROCESSING before an image is AVAILABLE. Default 0. */
  imageProcessingPolls?: number;
  /** Refuse a post whose commentary repeats one of the author's live posts (LinkedIn does). Default false. */
  rejectDuplicates?: boolean;
  /** Posts a member may create per UTC day before 429. Default 150. */
  memberDailyPostLimit?: number;
  /** Send `x-restli-id` URL-encoded (as Rest.li may). Default false. */
  encodeRestliId?: boolean;
}

/** One request with the answer the fake gave, for contract tests. */
export interface LinkedInFakeExchange {
  request: RecordedRequest;
  /** The route pattern that answered, e.g. `/rest/posts/:urn`. */
  route: string;
  response: FakeResponse;
}

/** A post as the fake stores it. */
export interface LinkedInFakePost {
  urn: string;
  author: string;
  /** As sent (little text). */
  commentary: string;
  /** As a member sees it, cut where LinkedIn would cut it. */
  text: string;
  truncated: boolean;
  hashtags: string[];
  visibility: string;
  reshareDisabled: boolean;
  content: Record<string, unknown> | undefined;
  mediaUrns: string[];
  createdAt: number;
  deleted: boolean;
}

/** An image or video upload. */
export interface LinkedInFakeMedia {
  urn: string;
  kind: 'image' | 'video';
  owner: string;
  status: 'WAITING_UPLOAD' | 'PROCESSING' | 'AVAILABLE' | 'PROCESSING_FAILED';
  failureReason: string | undefined;
  bytes: Buffer | undefined;
  /** Videos: the declared size, the parts received and the ETag given for each. */
  fileSizeBytes: number;
  parts: Array<{ firstByte: number; lastByte: number; bytes: Buffer | undefined; etag: string | undefined }>;
  uploadToken: string;
  pollsLeft: number;
}

/** The LinkedIn fake: the platform fake contract plus LinkedIn-specific helpers. */
export interface LinkedInFake extends PlatformFake {
  readonly platform: 'linkedin';
  readonly oauth: FakeOAuthAuthority;
  /** `urn:li:person:{memberId}`. */
  readonly memberUrn: string;
  /** Options that point `createLinkedIn` at this fake. */
  adapterOptions(): {
    clientId: string;
    clientSecret: string;
    apiBaseUrl: string;
    authorizeUrl: string;
    tokenUrl: string;
  };
  exchanges(): LinkedInFakeExchange[];
  /** Every post, deleted ones included. */
  linkedInPosts(): LinkedInFakePost[];
  media(): LinkedInFakeMedia[];
  /** The next upload to finish processing ends PROCESSING_FAILED with this reason. */
  failNextProcessing(reason: string): void;
  /** The next post answers 429 for a used-up daily limit (no Retry-After, as LinkedIn). */
  exhaustDailyLimit(scope: 'MEMBER' | 'APPLICATION'): void;
  /** The next post answers LinkedIn's short-lived 429 "Too many requests" (no Retry-After). */
  throttleNextPost(): void;
  /** The next post is created but its answer carries no `x-restli-id`. */
  omitNextRestliId(): void;
  /** Every token, refresh tokens included, stops working (the member revoked the app). */
  revokeTokens(): void;
}

const MiB = 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;
const SCOPES = new Set([
  'openid',
  'profile',
  'email',
  'w_member_social',
  'r_member_social',
  'w_organization_social',
  'r_organization_social',
  'rw_organization_admin',
  'r_organization_admin',
]);
/** Roles that may post, upload images and read posts as an organization (w_/r_organization_social). */
const POSTING_ROLES = new Set(['ADMINISTRATOR', 'CONTENT_ADMINISTRATOR', 'DIRECT_SPONSORED_CONTENT_POSTER']);
/** ⚠ Roles that may upload video as an organization: not CONTENT_ADMINISTRATOR. */
const VIDEO_ROLES = new Set(['ADMINISTRATOR', 'DIRECT_SPONSORED_CONTENT_POSTER']);
const POST_FIELDS = new Set([
  'author',
  'commentary',
  'visibility',
  'distribution',
  'lifecycleState',
  'content',
  'isReshareDisabledByAuthor',
  'contentLandingPage',
  'contentCallToActionLabel',
  'container',
  'reshareContext',
  'adContext',
]);
const VISIBILITIES = new Set(['PUBLIC', 'CONNECTIONS', 'LOGGED_IN', 'CONTAINER']);
const FEED_DISTRIBUTIONS = new Set(['MAIN_FEED', 'NONE']);
const COMMENTARY_MAX = 3000;
const ALT_TEXT_MAX = 4086;
const VIDEO_MAX_BYTES = 500 * MiB;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const randomId = (bytes = 9) => randomBytes(bytes).toString('base64url');
const utcDay = (at: number) => Math.floor(at / DAY_MS);

/** Whether the bytes start like a JPEG, PNG or GIF. */
function looksLikeImage(bytes: Buffer): boolean {
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const gif = bytes.subarray(0, 6).toString('latin1').startsWith('GIF8');
  return png || jpeg || gif;
}

/** The caller behind a valid token. */
interface Caller {
  memberUrn: string;
  /** The grant's scope string. */
  scope: string;
}

/**
 * Starts a fake LinkedIn on loopback: OAuth 2.0 (authorization code, optional programmatic refresh
 * tokens whose lifetime a refresh does not extend), `/v2/userinfo`, organization ACLs and lookups,
 * the Images and Videos APIs (upload URLs on the fake, multipart video parts answered with ETags,
 * finalize, PROCESSING → AVAILABLE), and the Posts API (create with `x-restli-id`, the `q=author`
 * finder, delete by URL-encoded URN). Every `/rest` call needs `LinkedIn-Version` (an active
 * `YYYYMM`) and `X-Restli-Protocol-Version: 2.0.0`. It refuses what LinkedIn refuses — missing
 * scopes or roles, media the author does not own or that is not AVAILABLE, unknown fields,
 * commentary over 3000 characters — and shows commentary the way LinkedIn does, cut at the first
 * unescaped reserved character.
 *
 * @example
 * ```ts
 * const fake = await createLinkedInFake({ refreshTokens: true });
 * const linkedin = createLinkedIn(fake.adapterOptions());
 * ```
 */
export async function createLinkedInFake(options: LinkedInFakeOptions = {}): Promise<LinkedInFake> {
  const clientId = options.clientId ?? 'linkedin-fake-client';
  const clientSecret = options.clientSecret ?? 'linkedin-fake-secret';
  const memberId = options.memberId ?? 'fkMbr4x2Q9';
  const memberUrn = `urn:li:person:${memberId}`;
  const name = options.name ?? 'Robin Relay';
  const organizations = options.organizations ?? [
    { id: '2414183', name: 'RelayPost Inc.', vanityName: 'relaypost', role: 'ADMINISTRATOR' },
    { id: '5515715', name: 'Watched Corp', vanityName: 'watched-corp', role: 'ANALYST' },
  ];
  const refreshTtl = options.refreshTokenTtlSeconds ?? 365 * 24 * 3600;
  const oldest = options.versions?.oldest ?? '202601';
  const newest = options.versions?.newest ?? '202609';
  const partSize = options.partSizeBytes ?? 4 * MiB;
  const server = await FakeServer.start('linkedin');
  const oauth = new FakeOAuthAuthority({
    clientId,
    clientSecret,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 60 * 24 * 3600,
    issueRefreshTokens: options.refreshTokens ?? false,
    rotateRefreshTokens: false,
    requirePkce: false,
    subject: memberUrn,
  });
  const refreshExpiry = new Map<string, number>();
  const posts: LinkedInFakePost[] = [];
  const media = new Map<string, LinkedInFakeMedia>();
  const exchanges: LinkedInFakeExchange[] = [];
  const publishFaults: PlatformFault[] = [];
  const processingFailures: string[] = [];
  const dailyLimits: Array<'MEMBER' | 'APPLICATION' | 'THROTTLE'> = [];
  let omitRestliId = false;
  let nextShare = 7_250_000_000_000_000_000n;
  const orgUrn = (org: LinkedInFakeOrganization) => `urn:li:organization:${org.id}`;

  const route = (method: string, path: string, handler: FakeHandler) => {
    server.route(method, path, async (request, params) => {
      const response = await handler(request, params);
      exchanges.push({ request, route: path, response });
      return response;
    });
  };

  /** The caller of a bearer token, or LinkedIn's 401. */
  function callerOf(request: RecordedRequest): Caller | FakeResponse {
    const check = oauth.check(request.headers.authorization);
    if (!check.ok) return unauthorized(check.reason);
    return { memberUrn: check.subject, scope: check.scope };
  }

  /** Whether the caller's grant holds every scope in `needed`. */
  const has = (caller: Caller, ...needed: string[]) => missingScopes(caller.scope, needed).length === 0;

  /** `LinkedIn-Version` and `X-Restli-Protocol-Version` checks of every `/rest` call. */
  function versionRefusal(request: RecordedRequest): FakeResponse | undefined {
    const version = request.headers['linkedin-version'];
    if (!version)
      return liError(
        400,
        'A version must be present. Please specify a version by adding the LinkedIn-Version header.',
        { code: 'VERSION_MISSING' },
      );
    if (!/^\d{4}(0[1-9]|1[0-2])$/.test(version) || version < oldest || version > newest)
      return liError(426, `Requested version ${version}01 is not active`, { code: 'NONEXISTENT_VERSION' });
    if (request.headers['x-restli-protocol-version'] !== '2.0.0')
      return badRequest('The X-Restli-Protocol-Version header must be 2.0.0 for versioned APIs.');
    return undefined;
  }

  /** A versioned, authenticated route. */
  const rest = (
    method: string,
    path: string,
    handler: (request: RecordedRequest, params: Record<string, string>, caller: Caller) => FakeResponse,
  ) =>
    route(method, path, (request, params) => {
      const refusal = versionRefusal(request);
      if (refusal) return refusal;
      const caller = callerOf(request);
      return 'status' in caller ? caller : handler(request, params, caller);
    });

  function organizationOf(urn: string): LinkedInFakeOrganization | undefined {
    return organizations.find((org) => orgUrn(org) === urn);
  }

  /**
   * Whether the caller may write (post, upload) or read posts as `author`: the member is itself
   * with `w_member_social` / `r_member_social`; an organization needs an approved posting role
   * (for video: ADMINISTRATOR or DIRECT_SPONSORED_CONTENT_POSTER) and `w_organization_social` /
   * `r_organization_social`.
   */
  function mayActAs(
    caller: Caller,
    author: string,
    mode: 'write' | 'read' | 'video',
    resource: string,
  ): FakeResponse | undefined {
    if (author.startsWith('urn:li:person:')) {
      const scope = mode === 'read' ? 'r_member_social' : 'w_member_social';
      if (author !== caller.memberUrn || !has(caller, scope)) return accessDenied(resource);
      return undefined;
    }
    const org = organizationOf(author);
    if (!org) return notFound(author);
    const scope = mode === 'read' ? 'r_organization_social' : 'w_organization_social';
    const roles = mode === 'video' ? VIDEO_ROLES : POSTING_ROLES;
    const approved = (org.state ?? 'APPROVED') === 'APPROVED' && roles.has(org.role);
    if (!approved || !has(caller, scope)) return accessDenied(resource);
    return undefined;
  }

  // --- OAuth 2.0 -------------------------------------------------------------------------------
  route('GET', '/oauth/v2/authorization', (request) => {
    if (request.query.response_type !== 'code') return { status: 400, body: 'response_type must be code' };
    const scopes = (request.query.scope ?? '').split(/[\s,]+/).filter(Boolean);
    if (scopes.length === 0) return { status: 400, body: 'scope is required' };
    const unknown = scopes.find((s) => !SCOPES.has(s));
    if (unknown)
      return {
        status: 400,
        body: `unauthorized_scope_error: Scope "${unknown}" is not authorized for your application`,
      };
    return oauth.authorize({ ...request.query, scope: scopes.join(' ') });
  });

  /** A token answer in LinkedIn's shape: comma-separated scopes, the refresh token's remaining life. */
  function tokenAnswer(issued: ReturnType<FakeOAuthAuthority['issue']>): FakeResponse {
    const body: Record<string, unknown> = {
      access_token: issued.access_token,
      expires_in: issued.expires_in,
      scope: issued.scope.split(' ').join(','),
      token_type: 'Bearer',
    };
    if (issued.refresh_token) {
      const expiresAt = refreshExpiry.get(issued.refresh_token) ?? Date.now() + refreshTtl * 1000;
      refreshExpiry.set(issued.refresh_token, expiresAt);
      body.refresh_token = issued.refresh_token;
      body.refresh_token_expires_in = Math.max(0, Math.floor((expiresAt - Date.now()) / 1000));
    }
    if (issued.scope.split(' ').includes('openid')) body.id_token = `fake.${randomId(24)}.jwt`;
    return { status: 200, body };
  }

  route('POST', '/oauth/v2/accessToken', (request) => {
    const form = request.form;
    if (!form) return oauthError('invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
    if (!form.client_id || !form.client_secret)
      return oauthError('invalid_request', 'A required parameter "client_id" or "client_secret" is missing');
    if (!oauth.checkClient(form, undefined))
      return oauthError('invalid_client', 'Client authentication failed', 401);
    if (form.grant_type === 'authorization_code') {
      if (!form.code || !form.redirect_uri)
        return oauthError('invalid_request', 'A required parameter "code" or "redirect_uri" is missing');
      const issued = oauth.exchangeCode({ code: form.code, redirectUri: form.redirect_uri });
      return issued
        ? tokenAnswer(issued)
        : oauthError(
            'invalid_request',
            'Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired.',
          );
    }
    if (form.grant_type === 'refresh_token') {
      const expired = (refreshExpiry.get(form.refresh_token ?? '') ?? 0) <= Date.now();
      const issued = form.refresh_token && !expired ? oauth.refresh(form.refresh_token) : null;
      return issued
        ? tokenAnswer(issued)
        : oauthError(
            'invalid_request',
            'The provided authorization grant or refresh token is invalid, expired or revoked',
          );
    }
    return oauthError('unsupported_grant_type', 'The grant type is not supported');
  });

  route('GET', '/v2/userinfo', (request) => {
    const caller = callerOf(request);
    if ('status' in caller) return caller;
    if (!has(caller, 'openid', 'profile')) return accessDenied('userinfo.GET.NO_VERSION');
    const [given, ...family] = name.split(' ');
    return {
      status: 200,
      body: {
        sub: memberId,
        name,
        given_name: given,
        family_name: family.join(' '),
        picture: 'https://media.licdn.com/dms/image/fake/profile-displayphoto-shrink_100_100/0',
        locale: { country: 'US', language: 'en' },
        ...(has(caller, 'email') ? { email: 'robin@example.test', email_verified: true } : {}),
      },
    };
  });

  // --- Organizations ---------------------------------------------------------------------------
  rest('GET', '/rest/organizationAcls', (request, _params, caller) => {
    if (request.query.q !== 'roleAssignee')
      return badRequest('Only the roleAssignee finder is supported here');
    if (!has(caller, 'rw_organization_admin') && !has(caller, 'r_organization_admin'))
      return accessDenied('organizationAcls.FINDER-roleAssignee');
    const start = Number(request.query.start ?? 0);
    const count = Number(request.query.count ?? 10);
    const matching = organizations.filter(
      (org) =>
        (!request.query.role || org.role === request.query.role) &&
        (!request.query.state || (org.state ?? 'APPROVED') === request.query.state),
    );
    const elements = matching.slice(start, start + count).map((org) => ({
      roleAssignee: caller.memberUrn,
      state: org.state ?? 'APPROVED',
      role: org.role,
      organization: orgUrn(org),
      organizationTarget: orgUrn(org),
    }));
    return { status: 200, body: { elements, paging: { start, count, total: matching.length, links: [] } } };
  });

  rest('GET', '/rest/organizations/:id', (_request, { id = '' }) => {
    const org = organizations.find((o) => o.id === id);
    if (!org) return notFound(`organization ${id}`);
    return {
      status: 200,
      body: {
        id: Number(org.id),
        localizedName: org.name,
        vanityName: org.vanityName,
        name: { localized: { en_US: org.name }, preferredLocale: { country: 'US', language: 'en' } },
      },
    };
  });

  // --- Media -----------------------------------------------------------------------------------
  /** The JSON body, or LinkedIn's refusal of a body it cannot read. */
  function jsonOf(
    request: RecordedRequest,
  ): { ok: true; body: Record<string, unknown> } | { ok: false; response: FakeResponse } {
    if (!(request.headers['content-type'] ?? '').includes('application/json') || !isObject(request.json))
      return { ok: false, response: badRequest('Unable to parse the request body as JSON') };
    return { ok: true, body: request.json };
  }

  function newMedia(kind: 'image' | 'video', owner: string, fileSizeBytes: number): LinkedInFakeMedia {
    const urn = `urn:li:${kind}:${kind === 'image' ? 'C4E10' : 'C5505'}AQ${randomId()}`;
    const item: LinkedInFakeMedia = {
      urn,
      kind,
      owner,
      status: 'WAITING_UPLOAD',
      failureReason: undefined,
      bytes: undefined,
      fileSizeBytes,
      parts: [],
      uploadToken: '',
      pollsLeft: kind === 'image' ? (options.imageProcessingPolls ?? 0) : (options.videoProcessingPolls ?? 1),
    };
    media.set(urn, item);
    return item;
  }

  /** Upload done: processing starts (or ends at once when no polls are configured). */
  function startProcessing(item: LinkedInFakeMedia, valid: boolean, reason?: string) {
    item.status = 'PROCESSING';
    if (!valid) {
      item.status = 'PROCESSING_FAILED';
      item.failureReason = reason;
    } else if (item.pollsLeft === 0) finishProcessing(item);
  }

  function finishProcessing(item: LinkedInFakeMedia) {
    const failure = processingFailures.shift();
    item.status = failure === undefined ? 'AVAILABLE' : 'PROCESSING_FAILED';
    item.failureReason = failure;
  }

  /** `GET /rest/{images|videos}/{urn}`: each read while PROCESSING brings it closer to AVAILABLE. */
  function mediaStatus(urn: string, kind: 'image' | 'video', caller: Caller): FakeResponse {
    const item = media.get(urn);
    if (!item || item.kind !== kind) return notFound(urn);
    const denied = mayActAs(caller, item.owner, kind === 'video' ? 'video' : 'write', `${kind}s.GET`);
    if (denied) return denied;
    if (item.status === 'PROCESSING') {
      if (item.pollsLeft > 0) item.pollsLeft -= 1;
      else finishProcessing(item);
    }
    return {
      status: 200,
      body: {
        id: item.urn,
        owner: item.owner,
        status: item.status,
        ...(item.failureReason ? { processingFailureReason: item.failureReason } : {}),
        ...(item.status === 'AVAILABLE'
          ? {
              downloadUrl: `${server.url}/media-cdn/${encodeURIComponent(item.urn)}`,
              downloadUrlExpiresAt: Date.now() + DAY_MS,
            }
          : {}),
      },
    };
  }

  rest('POST', '/rest/images', (request, _params, caller) => {
    if (request.query.action !== 'initializeUpload')
      return badRequest(`Unknown action ${request.query.action ?? ''}`);
    const parsed = jsonOf(request);
    if (!parsed.ok) return parsed.response;
    const init = parsed.body.initializeUploadRequest;
    const owner = isObject(init) ? init.owner : undefined;
    if (typeof owner !== 'string')
      return invalidField('/initializeUploadRequest/owner', 'owner is required', 'FIELD_REQUIRED');
    const denied = mayActAs(caller, owner, 'write', 'images.ACTION-initializeUpload');
    if (denied) return denied;
    const item = newMedia('image', owner, 0);
    return {
      status: 200,
      body: {
        value: {
          uploadUrlExpiresAt: Date.now() + DAY_MS,
          uploadUrl: `${server.url}/dms-uploads/images/${encodeURIComponent(item.urn)}?sig=${randomId()}`,
          image: item.urn,
        },
      },
    };
  });

  route('PUT', '/dms-uploads/images/:urn', (request, { urn = '' }) => {
    const caller = callerOf(request);
    if ('status' in caller) return caller;
    const item = media.get(urn);
    if (item?.kind !== 'image') return notFound(urn);
    if (item.status !== 'WAITING_UPLOAD') return badRequest('The image was already uploaded');
    if (request.body.length === 0) return badRequest('The upload body is empty');
    item.bytes = request.body;
    const valid = looksLikeImage(request.body);
    startProcessing(item, valid, valid ? undefined : 'The uploaded file is not a JPG, PNG or GIF image');
    return { status: 201 };
  });

  rest('GET', '/rest/images/:urn', (_request, { urn = '' }, caller) => mediaStatus(urn, 'image', caller));

  rest('POST', '/rest/videos', (request, _params, caller) => {
    const parsed = jsonOf(request);
    if (!parsed.ok) return parsed.response;
    if (request.query.action === 'initializeUpload') return initializeVideo(parsed.body, caller);
    if (request.query.action === 'finalizeUpload') return finalizeVideo(parsed.body, caller);
    return badRequest(`Unknown action ${request.query.action ?? ''}`);
  });

  function initializeVideo(body: Record<string, unknown>, caller: Caller): FakeResponse {
    const init = body.initializeUploadRequest;
    if (!isObject(init))
      return invalidField(
        '/initializeUploadRequest',
        'initializeUploadRequest is required',
        'FIELD_REQUIRED',
      );
    const { owner, fileSizeBytes, uploadCaptions, uploadThumbnail } = init;
    if (typeof owner !== 'string')
      return invalidField('/initializeUploadRequest/owner', 'owner is required', 'FIELD_REQUIRED');
    if (typeof fileSizeBytes !== 'number' || !Number.isInteger(fileSizeBytes) || fileSizeBytes <= 0)
      return invalidField(
        '/initializeUploadRequest/fileSizeBytes',
        'fileSizeBytes must be a positive integer',
      );
    if (fileSizeBytes > VIDEO_MAX_BYTES)
      return invalidField(
        '/initializeUploadRequest/fileSizeBytes',
        `fileSizeBytes exceeds ${VIDEO_MAX_BYTES}`,
      );
    if (uploadCaptions === true || uploadThumbnail === true)
      return invalidField(
        '/initializeUploadRequest/uploadCaptions',
        'captions and thumbnails are not supported by this fake',
      );
    const denied = mayActAs(caller, owner, 'video', 'videos.ACTION-initializeUpload');
    if (denied) return denied;
    const item = newMedia('video', owner, fileSizeBytes);
    const count = Math.ceil(fileSizeBytes / partSize);
    item.uploadToken = count > 1 ? randomId(16) : '';
    const sig = randomId();
    item.parts = Array.from({ length: count }, (_, index) => ({
      firstByte: index * partSize,
      lastByte: Math.min(fileSizeBytes, (index + 1) * partSize) - 1,
      bytes: undefined,
      etag: undefined,
    }));
    return {
      status: 200,
      body: {
        value: {
          uploadUrlsExpireAt: Date.now() + DAY_MS,
          video: item.urn,
          uploadInstructions: item.parts.map((part, index) => ({
            uploadUrl: `${server.url}/dms-uploads/videos/${encodeURIComponent(item.urn)}/parts/${index}?sig=${sig}`,
            firstByte: part.firstByte,
            lastByte: part.lastByte,
          })),
          uploadToken: item.uploadToken,
        },
      },
    };
  }

  route('PUT', '/dms-uploads/videos/:urn/parts/:index', (request, { urn = '', index = '' }) => {
    // Signed URLs: no bearer token, but the signature must be there.
    if (!request.query.sig) return { status: 403, body: 'missing signature' };
    const item = media.get(urn);
    const part = item?.parts[Number(index)];
    if (item?.kind !== 'video' || !part) return notFound(`${urn} part ${index}`);
    if (item.status !== 'WAITING_UPLOAD') return badRequest('The video was already finalized');
    const expected = part.lastByte - part.firstByte + 1;
    if (request.body.length !== expected)
      return badRequest(`Part ${index} must be ${expected} bytes; got ${request.body.length}`);
    part.bytes = request.body;
    part.etag = `/ambry-video/signedId/AQ${randomId(12)}`;
    return { status: 200, headers: { etag: part.etag } };
  });

  function finalizeVideo(body: Record<string, unknown>, caller: Caller): FakeResponse {
    const request = body.finalizeUploadRequest;
    if (!isObject(request))
      return invalidField('/finalizeUploadRequest', 'finalizeUploadRequest is required', 'FIELD_REQUIRED');
    const { video, uploadToken, uploadedPartIds } = request;
    const item = typeof video === 'string' ? media.get(video) : undefined;
    if (item?.kind !== 'video') return invalidField('/finalizeUploadRequest/video', 'Unknown video');
    const denied = mayActAs(caller, item.owner, 'video', 'videos.ACTION-finalizeUpload');
    if (denied) return denied;
    if (item.status !== 'WAITING_UPLOAD') return badRequest('The video was already finalized');
    if (uploadToken !== item.uploadToken)
      return invalidField(
        '/finalizeUploadRequest/uploadToken',
        'The upload token does not match this upload',
      );
    const etags = item.parts.map((p) => p.etag);
    if (
      !Array.isArray(uploadedPartIds) ||
      uploadedPartIds.length !== etags.length ||
      uploadedPartIds.some((id, i) => id !== etags[i])
    )
      return invalidField(
        '/finalizeUploadRequest/uploadedPartIds',
        'uploadedPartIds must list the ETag of every part, in order',
      );
    item.bytes = Buffer.concat(item.parts.map((p) => p.bytes ?? Buffer.alloc(0)));
    const valid =
      item.bytes.length === item.fileSizeBytes && item.bytes.subarray(4, 8).toString('latin1') === 'ftyp';
    startProcessing(item, valid, valid ? undefined : 'The uploaded file is not an MP4 video');
    return { status: 200 };
  }

  rest('GET', '/rest/videos/:urn', (_request, { urn = '' }, caller) => mediaStatus(urn, 'video', caller));

  // --- Posts -----------------------------------------------------------------------------------
  function publishFault(author: string): FakeResponse | undefined {
    const limit = dailyLimits.shift();
    if (limit === 'THROTTLE') return tooManyRequests();
    if (limit) return throttled(limit);
    const fault = publishFaults.shift();
    if (fault) {
      switch (fault.kind) {
        case 'rate_limit':
          return throttled('MEMBER', { 'retry-after': String(fault.retryAfterSeconds) });
        case 'server_error': {
          const status = fault.status ?? 503;
          return liError(status, status === 503 ? 'Service Unavailable' : 'Internal Server Error');
        }
        case 'expired_token':
          return unauthorized('expired');
        case 'revoked_token':
          return unauthorized('revoked');
        case 'validation':
          return invalidField('/commentary', fault.message ?? 'The commentary is not allowed');
        case 'drop_after_apply':
          break;
      }
    }
    const today = utcDay(Date.now());
    const postedToday = posts.filter((p) => p.author === author && utcDay(p.createdAt) === today).length;
    if (postedToday >= (options.memberDailyPostLimit ?? 150)) return throttled('MEMBER');
    return undefined;
  }

  /** The URN of an AVAILABLE image or video the author owns, or the refusal naming `path`. */
  function usableMedia(
    id: unknown,
    author: string,
    path: string,
    kinds: readonly string[],
  ): FakeResponse | string {
    if (typeof id !== 'string' || !/^urn:li:(image|video):/.test(id))
      return invalidField(path, 'A media URN is required');
    const item = media.get(id);
    if (!item || !kinds.includes(item.kind))
      return invalidField(path, `${id} does not exist or cannot be used here`);
    if (item.owner !== author) return invalidField(path, `${id} is owned by ${item.owner}, not the author`);
    if (item.status !== 'AVAILABLE') return invalidField(path, `${id} is ${item.status}, not AVAILABLE`);
    return id;
  }

  function altTextRefusal(altText: unknown, path: string): FakeResponse | undefined {
    if (altText === undefined) return undefined;
    if (typeof altText !== 'string' || [...altText].length > ALT_TEXT_MAX)
      return invalidField(path, `altText must be a string of at most ${ALT_TEXT_MAX} characters`);
    return undefined;
  }

  /** Checks `content`; returns the media URNs it uses or the refusal. */
  function checkContent(content: unknown, author: string): FakeResponse | string[] {
    if (!isObject(content)) return invalidField('/content', 'content must be an object');
    const kinds = Object.keys(content);
    if (kinds.length !== 1)
      return invalidField('/content', 'content must hold exactly one of media, multiImage, article');
    const { media: single, multiImage, article } = content;
    if (single !== undefined) {
      if (!isObject(single)) return invalidField('/content/media', 'media must be an object');
      const urn = usableMedia(single.id, author, '/content/media/id', ['image', 'video']);
      if (typeof urn !== 'string') return urn;
      const alt = altTextRefusal(single.altText, '/content/media/altText');
      if (alt) return alt;
      if (single.title !== undefined && typeof single.title !== 'string')
        return invalidField('/content/media/title', 'title must be a string');
      return [urn];
    }
    if (multiImage !== undefined) {
      const images = isObject(multiImage) ? multiImage.images : undefined;
      if (!Array.isArray(images) || images.length < 2 || images.length > 20)
        return invalidField('/content/multiImage/images', 'multiImage needs 2 to 20 images');
      const urns: string[] = [];
      for (const [index, image] of images.entries()) {
        const path = `/content/multiImage/images/${index}`;
        if (!isObject(image)) return invalidField(path, 'each image must be an object');
        const urn = usableMedia(image.id, author, `${path}/id`, ['image']);
        if (typeof urn !== 'string') return urn;
        const alt = altTextRefusal(image.altText, `${path}/altText`);
        if (alt) return alt;
        urns.push(urn);
      }
      return urns;
    }
    if (article !== undefined) {
      if (!isObject(article)) return invalidField('/content/article', 'article must be an object');
      if (typeof article.source !== 'string' || !/^https?:\/\/[^\s]+$/.test(article.source))
        return invalidField('/content/article/source', 'source must be an http(s) URL');
      if (typeof article.title !== 'string' || article.title.trim() === '')
        return invalidField('/content/article/title', 'title is required', 'FIELD_REQUIRED');
      if (article.description !== undefined && typeof article.description !== 'string')
        return invalidField('/content/article/description', 'description must be a string');
      if (article.thumbnail !== undefined) {
        const urn = usableMedia(article.thumbnail, author, '/content/article/thumbnail', ['image']);
        if (typeof urn !== 'string') return urn;
        return [urn];
      }
      return [];
    }
    return invalidField(`/content/${kinds[0]}`, `${kinds[0]} content is not supported by this fake`);
  }

  /** Checks a post body against the Posts API schema; returns the refusal or undefined. */
  function checkPost(body: Record<string, unknown>, author: string): FakeResponse | undefined {
    const unknown = Object.keys(body).find((key) => !POST_FIELDS.has(key));
    if (unknown) return invalidField(`/${unknown}`, `Unrecognized field "${unknown}"`, 'UNRECOGNIZED_FIELD');
    const { commentary, visibility, distribution, lifecycleState, isReshareDisabledByAuthor } = body;
    if (commentary !== undefined && typeof commentary !== 'string')
      return invalidField('/commentary', 'commentary must be a string');
    if (typeof visibility !== 'string' || !VISIBILITIES.has(visibility))
      return invalidField(
        '/visibility',
        'visibility must be PUBLIC, CONNECTIONS, LOGGED_IN or CONTAINER',
        'FIELD_REQUIRED',
      );
    if (visibility === 'CONNECTIONS' && !author.startsWith('urn:li:person:'))
      return invalidField('/visibility', 'CONNECTIONS visibility is only for member posts');
    if (
      !isObject(distribution) ||
      typeof distribution.feedDistribution !== 'string' ||
      !FEED_DISTRIBUTIONS.has(distribution.feedDistribution)
    )
      return invalidField(
        '/distribution/feedDistribution',
        'feedDistribution must be MAIN_FEED or NONE',
        'FIELD_REQUIRED',
      );
    if (distribution.targetEntities !== undefined && !Array.isArray(distribution.targetEntities))
      return invalidField('/distribution/targetEntities', 'targetEntities must be an array');
    if (
      distribution.thirdPartyDistributionChannels !== undefined &&
      !Array.isArray(distribution.thirdPartyDistributionChannels)
    )
      return invalidField(
        '/distribution/thirdPartyDistributionChannels',
        'thirdPartyDistributionChannels must be an array',
      );
    if (lifecycleState !== 'PUBLISHED' && lifecycleState !== 'DRAFT')
      return invalidField('/lifecycleState', 'lifecycleState must be PUBLISHED or DRAFT', 'FIELD_REQUIRED');
    if (isReshareDisabledByAuthor !== undefined && typeof isReshareDisabledByAuthor !== 'boolean')
      return invalidField('/isReshareDisabledByAuthor', 'isReshareDisabledByAuthor must be a boolean');
    const rendered = renderLittle(typeof commentary === 'string' ? commentary : '');
    if ([...rendered.text].length > COMMENTARY_MAX)
      return invalidField(
        '/commentary',
        `length ${[...rendered.text].length} exceeds the maximum allowed length ${COMMENTARY_MAX}`,
      );
    if (
      options.rejectDuplicates &&
      typeof commentary === 'string' &&
      posts.some((p) => !p.deleted && p.author === author && p.commentary === commentary)
    ) {
      const original = posts.find((p) => !p.deleted && p.author === author && p.commentary === commentary);
      return invalidField('/commentary', `Content is a duplicate of ${original?.urn}`, 'DUPLICATE_POST');
    }
    return undefined;
  }

  rest('POST', '/rest/posts', (request, _params, caller) => {
    const parsed = jsonOf(request);
    if (!parsed.ok) return parsed.response;
    const body = parsed.body;
    const author = body.author;
    if (typeof author !== 'string' || !/^urn:li:(person|organization):[^:]+$/.test(author))
      return invalidField('/author', 'author must be a person or organization URN', 'FIELD_REQUIRED');
    const denied = mayActAs(
      caller,
      author,
      'write',
      `partnerApiPostsExternal.CREATE.${request.headers['linkedin-version']}`,
    );
    if (denied) return denied;
    const refusal = publishFault(author) ?? checkPost(body, author);
    if (refusal) return refusal;
    const mediaUrns = body.content === undefined ? [] : checkContent(body.content, author);
    if (!Array.isArray(mediaUrns)) return mediaUrns;
    const commentary = typeof body.commentary === 'string' ? body.commentary : '';
    const rendered = renderLittle(commentary);
    const urn = `urn:li:share:${nextShare++}`;
    posts.push({
      urn,
      author,
      commentary,
      text: rendered.text,
      truncated: rendered.truncated,
      hashtags: rendered.hashtags,
      visibility: String(body.visibility),
      reshareDisabled: body.isReshareDisabledByAuthor === true,
      content: isObject(body.content) ? body.content : undefined,
      mediaUrns: isObject(body.content) && isObject(body.content.article) ? [] : mediaUrns,
      createdAt: Date.now(),
      deleted: false,
    });
    if (omitRestliId) {
      omitRestliId = false;
      return { status: 201 };
    }
    return {
      status: 201,
      headers: { 'x-restli-id': options.encodeRestliId ? encodeURIComponent(urn) : urn },
    };
  });

  const postView = (p: LinkedInFakePost) => ({
    id: p.urn,
    author: p.author,
    commentary: p.commentary,
    visibility: p.visibility,
    lifecycleState: 'PUBLISHED',
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    isReshareDisabledByAuthor: p.reshareDisabled,
    createdAt: p.createdAt,
    publishedAt: p.createdAt,
    lastModifiedAt: p.createdAt,
    ...(p.content ? { content: p.content } : {}),
  });

  rest('GET', '/rest/posts', (request, _params, caller) => {
    if (request.query.q !== 'author') return badRequest('Only the author finder is supported here');
    const author = request.query.author ?? '';
    if (!/^urn:li:(person|organization):[^:]+$/.test(author))
      return invalidField('/author', 'author must be a person or organization URN');
    const denied = mayActAs(caller, author, 'read', 'partnerApiPostsExternal.FINDER-author');
    if (denied) return denied;
    const start = Number(request.query.start ?? 0);
    const count = Math.min(Number(request.query.count ?? 10), 100);
    const sortBy = request.query.sortBy ?? 'LAST_MODIFIED';
    if (sortBy !== 'LAST_MODIFIED' && sortBy !== 'CREATED')
      return invalidField('/sortBy', 'sortBy must be LAST_MODIFIED or CREATED');
    const own = posts.filter((p) => !p.deleted && p.author === author).reverse();
    return {
      status: 200,
      body: {
        elements: own.slice(start, start + count).map(postView),
        paging: { start, count, links: [], total: own.length },
      },
    };
  });

  /** A URN in a path must come URL-encoded; a raw `:` is refused as LinkedIn does. */
  function urnInPath(request: RecordedRequest, urn: string): FakeResponse | undefined {
    if (request.path.includes('urn:li:')) return badRequest(`The URN ${urn} in the path must be URL-encoded`);
    return undefined;
  }

  rest('GET', '/rest/posts/:urn', (request, { urn = '' }, caller) => {
    const refusal = urnInPath(request, urn);
    if (refusal) return refusal;
    const post = posts.find((p) => p.urn === urn && !p.deleted);
    if (!post) return notFound(urn);
    const denied = mayActAs(caller, post.author, 'read', 'partnerApiPostsExternal.GET');
    return denied ?? { status: 200, body: postView(post) };
  });

  rest('DELETE', '/rest/posts/:urn', (request, { urn = '' }, caller) => {
    const refusal = urnInPath(request, urn);
    if (refusal) return refusal;
    const post = posts.find((p) => p.urn === urn && !p.deleted);
    if (!post) return notFound(urn);
    const denied = mayActAs(caller, post.author, 'write', 'partnerApiPostsExternal.DELETE');
    if (denied) return denied;
    post.deleted = true;
    return { status: 204 };
  });

  const toFakePost = (p: LinkedInFakePost): FakePost => ({
    id: p.urn,
    text: p.text,
    mediaCount: p.mediaUrns.length,
    raw: p,
  });

  return {
    platform: 'linkedin',
    server,
    oauth,
    memberUrn,
    adapterOptions: () => ({
      clientId,
      clientSecret,
      apiBaseUrl: server.url,
      authorizeUrl: `${server.url}/oauth/v2/authorization`,
      tokenUrl: `${server.url}/oauth/v2/accessToken`,
    }),
    failNextPublish(fault, times = 1) {
      if (fault.kind === 'drop_after_apply') {
        server.scriptFault(
          (r) => r.method === 'POST' && r.path === '/rest/posts',
          { kind: 'drop-after-apply' },
          times,
        );
        return;
      }
      for (let i = 0; i < times; i++) publishFaults.push(fault);
    },
    failNextProcessing(reason) {
      processingFailures.push(reason);
    },
    exhaustDailyLimit(scope) {
      dailyLimits.push(scope);
    },
    throttleNextPost() {
      dailyLimits.push('THROTTLE');
    },
    omitNextRestliId() {
      omitRestliId = true;
    },
    revokeTokens: () => oauth.revokeAll(),
    posts: () => posts.filter((p) => !p.deleted).map(toFakePost),
    linkedInPosts: () => [...posts],
    media: () => [...media.values()],
    exchanges: () => [...exchanges],
    expireAccessTokens: () => oauth.expireAll(),
    close: () => server.close(),
  };
}
