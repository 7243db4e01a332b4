import { randomBytes } from 'node:crypto';
import { FakeOAuthAuthority, missingScopes } from '../../testing/fake-oauth.js';
import { type FakeResponse, FakeServer, type RecordedRequest } from '../../testing/fake-server.js';
import type { FakePost, PlatformFake, PlatformFault } from '../../testing/platform-fake.js';
import { type ChunkRules, checkChunkDeclaration, TIKTOK_CHUNK_RULES } from '../chunk-plan.js';

const INIT_PATHS = [
  '/v2/post/publish/video/init/',
  '/v2/post/publish/inbox/video/init/',
  '/v2/post/publish/content/init/',
];

export interface TikTokFakeOptions {
  clientKey?: string;
  clientSecret?: string;
  openId?: string;
  username?: string;
  /** The chunk rules the fake enforces (default: TikTok's). */
  chunkRules?: ChunkRules;
  /** Status polls answered PROCESSING_* before the final status. Default 1. */
  processingPolls?: number;
  accessTokenTtlSeconds?: number;
  /**
   * Post init requests one access token may make per minute (TikTok's reference: 6 for
   * video/init, inbox/video/init and content/init); past it, 429 `rate_limit_exceeded`.
   */
  initRequestsPerMinute?: number;
}

export interface CreatorSettings {
  privacy_level_options: string[];
  comment_disabled: boolean;
  duet_disabled: boolean;
  stitch_disabled: boolean;
  max_video_post_duration_sec: number;
}

/** One publish as the fake tracks it. */
export interface FakeTikTokPublish {
  publishId: string;
  kind: 'video' | 'photo';
  source: 'FILE_UPLOAD' | 'PULL_FROM_URL';
  inbox: boolean;
  postInfo: Record<string, unknown>;
  caption: string;
  privacyLevel: string;
  /** FILE_UPLOAD: declared sizes and bytes received so far. */
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
  received: Buffer[];
  receivedBytes: number;
  mediaCount: number;
  /** Set once the media is all there. */
  postId: string | undefined;
  createTime: number | undefined;
  pollsLeft: number;
  failReason: string | undefined;
  deleted: boolean;
}

/** The TikTok fake: the platform fake contract plus TikTok-specific knobs. */
export interface TikTokFake extends PlatformFake {
  readonly platform: 'tiktok';
  readonly oauth: FakeOAuthAuthority;
  /** Options that point `createTikTok` at this fake. */
  adapterOptions(): { clientKey: string; clientSecret: string; apiBaseUrl: string; authorizeUrl: string };
  /** Changes what `creator_info/query` answers. */
  setCreatorInfo(settings: Partial<CreatorSettings>): void;
  /** The next post to finish processing ends FAILED with this `fail_reason`. */
  failNextProcessing(failReason: string): void;
  publishes(): FakeTikTokPublish[];
}

function envelope(data: unknown, status = 200, code = 'ok', message = ''): FakeResponse {
  return {
    status,
    body: { data, error: { code, message, log_id: `2026${randomBytes(8).toString('hex').toUpperCase()}` } },
  };
}

const tokenInvalid = () =>
  envelope({}, 401, 'access_token_invalid', 'The access token is invalid or not found in the request.');
const scopeNotAuthorized = () =>
  envelope(
    {},
    401,
    'scope_not_authorized',
    'The user did not authorize the scope required for completing this request.',
  );

/** Scopes TikTok's reference lists per endpoint (any one of a list is enough). */
const SCOPES = {
  creatorInfo: ['video.publish'],
  directVideo: ['video.publish'],
  inboxVideo: ['video.upload'],
  directPhoto: ['video.publish'],
  inboxPhoto: ['video.upload'],
  status: ['video.upload', 'video.publish'],
  videoList: ['video.list'],
} as const;
/** `/v2/user/info/` fields and the scope each needs. */
const USER_FIELD_SCOPES: Record<string, string> = {
  open_id: 'user.info.basic',
  union_id: 'user.info.basic',
  avatar_url: 'user.info.basic',
  display_name: 'user.info.basic',
  username: 'user.info.profile',
};
/** Photo posts: `title` ≤ 90, `description` ≤ 4000 (UTF-16 runes, counted here as code units). */
const PHOTO_TITLE_MAX = 90;
const invalidParams = (message: string) => envelope({}, 400, 'invalid_params', message);

/** A 19-digit id, as TikTok's int64 post ids are (past 2^53 on purpose). */
function postId(): string {
  return `73${BigInt(`0x${randomBytes(8).toString('hex')}`)
    .toString()
    .padStart(17, '0')
    .slice(0, 17)}`;
}

function isInit(r: RecordedRequest): boolean {
  return r.method === 'POST' && INIT_PATHS.includes(r.path);
}

function contentRange(value: string | undefined): { start: number; end: number; total: number } | null {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value ?? '');
  return match ? { start: Number(match[1]), end: Number(match[2]), total: Number(match[3]) } : null;
}

/**
 * Starts a fake TikTok (Login Kit OAuth with rotating refresh tokens, user info, creator info,
 * direct/inbox video init with FILE_UPLOAD or PULL_FROM_URL, photo init, chunked PUT uploads,
 * status fetch, video list) on loopback. It speaks the `{data, error:{code,message,log_id}}`
 * envelope; answers a token without the scope an endpoint needs (`video.publish` for
 * creator_info and direct posts, `video.upload` for inbox drafts, either for status,
 * `video.list`, `user.info.basic` / `user.info.profile` per user field) with
 * `scope_not_authorized`; enforces the chunk rules (a video over the largest chunk in several)
 * and the Content-Range sequence, the creator's privacy options and disabled switches, the photo
 * title (90) and description (4000) limits, six post inits per token per minute; and downloads
 * PULL_FROM_URL media for real.
 *
 * @example
 * ```ts
 * const fake = await createTikTokFake();
 * const tiktok = createTikTok({ ...fake.adapterOptions(), statusPolling: { initialDelayMs: 1, factor: 1, maxDelayMs: 5, timeoutMs: 2000 } });
 * ```
 */
export async function createTikTokFake(options: TikTokFakeOptions = {}): Promise<TikTokFake> {
  const server = await FakeServer.start('tiktok');
  const clientKey = options.clientKey ?? 'awfakeclientkey';
  const clientSecret = options.clientSecret ?? 'fake-tiktok-secret';
  const openId = options.openId ?? '-000fakeOpenId';
  const username = options.username ?? 'fakecreator';
  const rules = options.chunkRules ?? TIKTOK_CHUNK_RULES;
  const oauth = new FakeOAuthAuthority({
    clientId: clientKey,
    clientSecret,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 86_400,
    issueRefreshTokens: true,
    rotateRefreshTokens: true,
    requirePkce: false,
    subject: openId,
  });
  const creator: CreatorSettings = {
    privacy_level_options: [
      'PUBLIC_TO_EVERYONE',
      'MUTUAL_FOLLOW_FRIENDS',
      'FOLLOWER_OF_CREATOR',
      'SELF_ONLY',
    ],
    comment_disabled: false,
    duet_disabled: false,
    stitch_disabled: false,
    max_video_post_duration_sec: 600,
  };
  const publishes = new Map<string, FakeTikTokPublish>();
  const uploads = new Map<string, FakeTikTokPublish>();
  const pendingFailures: string[] = [];
  let sequence = 0;

  const authed = (r: RecordedRequest) => oauth.check(r.headers.authorization).ok;
  const initLimit = options.initRequestsPerMinute ?? 6;
  const initTimes = new Map<string, number[]>();
  /** Counts an init against its token's minute; the 429 once the token made `initLimit` of them. */
  function initRateLimited(r: RecordedRequest): FakeResponse | null {
    const key = r.headers.authorization ?? '';
    const now = Date.now();
    const recent = (initTimes.get(key) ?? []).filter((at) => at > now - 60_000);
    if (recent.length >= initLimit) {
      initTimes.set(key, recent);
      return envelope({}, 429, 'rate_limit_exceeded', 'API rate limit exceeded');
    }
    initTimes.set(key, [...recent, now]);
    return null;
  }
  /** The refusal for a request without a live token or without one of `anyOf`, else null. */
  function refuse(r: RecordedRequest, anyOf: readonly string[]): FakeResponse | null {
    const check = oauth.check(r.headers.authorization);
    if (!check.ok) return tokenInvalid();
    return anyOf.some((scope) => missingScopes(check.scope, [scope]).length === 0)
      ? null
      : scopeNotAuthorized();
  }
  const jsonBody = (r: RecordedRequest) => (r.headers['content-type'] ?? '').startsWith('application/json');

  function complete(publish: FakeTikTokPublish): void {
    publish.failReason = pendingFailures.shift();
    if (publish.failReason) return;
    publish.postId = postId();
    publish.createTime = Math.floor(Date.now() / 1000);
  }

  server.route('GET', '/v2/auth/authorize/', (r) => {
    if (r.query.response_type !== 'code' || !r.query.scope)
      return { status: 400, body: 'invalid_request: response_type=code and scope are required' };
    return oauth.authorize({ ...r.query, client_id: r.query.client_key ?? '' });
  });

  server.route('POST', '/v2/oauth/token/', (r) => {
    const form = r.form;
    const oauthError = (error: string, description: string) => ({
      status: 400,
      body: { error, error_description: description, log_id: 'fake' },
    });
    if (!form || !oauth.checkClient(form, undefined))
      return oauthError('invalid_client', 'Client key or secret is incorrect.');
    const issued =
      form.grant_type === 'authorization_code'
        ? oauth.exchangeCode({
            code: form.code ?? '',
            redirectUri: form.redirect_uri ?? '',
            codeVerifier: form.code_verifier,
          })
        : form.grant_type === 'refresh_token'
          ? oauth.refresh(form.refresh_token ?? '')
          : undefined;
    if (issued === undefined) return oauthError('unsupported_grant_type', 'grant_type is not supported');
    if (issued === null)
      return oauthError('invalid_grant', 'Authorization code or refresh token is expired or invalid.');
    return {
      status: 200,
      body: {
        access_token: issued.access_token,
        expires_in: issued.expires_in,
        open_id: openId,
        refresh_token: issued.refresh_token,
        refresh_expires_in: 31_536_000,
        scope: issued.scope.replaceAll(' ', ','),
        token_type: 'Bearer',
      },
    };
  });

  server.route('GET', '/v2/user/info/', (r) => {
    if (!authed(r)) return tokenInvalid();
    if (!r.query.fields) return invalidParams('fields is required');
    const asked = r.query.fields.split(',');
    const needed = [...new Set(asked.map((field) => USER_FIELD_SCOPES[field] ?? 'user.info.stats'))];
    const lacking = needed.map((scope) => refuse(r, [scope])).find((refusal) => refusal !== null);
    if (lacking) return lacking;
    const user: Record<string, string> = {
      open_id: openId,
      union_id: 'fake-union',
      avatar_url: 'https://p16.example.test/a.jpeg',
      display_name: 'Fake Creator',
      username,
    };
    const wanted = r.query.fields.split(',');
    return envelope({ user: Object.fromEntries(Object.entries(user).filter(([k]) => wanted.includes(k))) });
  });

  server.route('POST', '/v2/post/publish/creator_info/query/', (r) => {
    const refusal = refuse(r, SCOPES.creatorInfo);
    if (refusal) return refusal;
    return envelope({
      creator_avatar_url: 'https://p16.example.test/a.jpeg',
      creator_username: username,
      creator_nickname: 'Fake Creator',
      ...creator,
    });
  });

  function checkPostInfo(info: Record<string, unknown>, kind: 'video' | 'photo'): FakeResponse | null {
    const privacy = info.privacy_level;
    if (typeof privacy !== 'string') return invalidParams('post_info.privacy_level is required');
    if (!creator.privacy_level_options.includes(privacy))
      return envelope({}, 400, 'privacy_level_option_mismatch', 'privacy_level is not one of the options');
    const caption = kind === 'video' ? info.title : info.description;
    if (
      caption !== undefined &&
      (typeof caption !== 'string' || caption.length > (kind === 'video' ? 2200 : 4000))
    )
      return invalidParams('caption is too long');
    if (kind === 'photo' && info.title !== undefined) {
      if (typeof info.title !== 'string' || info.title.length > PHOTO_TITLE_MAX)
        return invalidParams('post_info.title is too long');
    }
    if (creator.comment_disabled && info.disable_comment !== true)
      return invalidParams('comments are disabled by the creator');
    if (kind === 'video' && creator.duet_disabled && info.disable_duet !== true)
      return invalidParams('duets are disabled by the creator');
    if (kind === 'video' && creator.stitch_disabled && info.disable_stitch !== true)
      return invalidParams('stitches are disabled by the creator');
    return null;
  }

  /** An inbox photo carries only a title and a description: the user sets the rest in TikTok. */
  function checkInboxPhotoInfo(info: Record<string, unknown>): FakeResponse | null {
    if (info.title !== undefined && (typeof info.title !== 'string' || info.title.length > PHOTO_TITLE_MAX))
      return invalidParams('post_info.title is too long');
    const description = info.description;
    if (description !== undefined && (typeof description !== 'string' || description.length > 4000))
      return invalidParams('caption is too long');
    return null;
  }

  async function download(url: unknown): Promise<boolean> {
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return false;
    const response = await fetch(url).catch(() => undefined);
    return response?.ok === true && (await response.arrayBuffer()).byteLength > 0;
  }

  function newPublish(
    input: Partial<FakeTikTokPublish> & Pick<FakeTikTokPublish, 'kind' | 'source' | 'inbox' | 'postInfo'>,
  ): FakeTikTokPublish {
    const publish: FakeTikTokPublish = {
      publishId: `v_pub_${input.source === 'FILE_UPLOAD' ? 'file' : 'url'}~v2-1.${Date.now()}${++sequence}`,
      caption: String(
        input.kind === 'video' ? (input.postInfo.title ?? '') : (input.postInfo.description ?? ''),
      ),
      privacyLevel: String(input.postInfo.privacy_level ?? 'SELF_ONLY'),
      videoSize: 0,
      chunkSize: 0,
      totalChunkCount: 0,
      received: [],
      receivedBytes: 0,
      mediaCount: 1,
      postId: undefined,
      createTime: undefined,
      pollsLeft: options.processingPolls ?? 1,
      failReason: undefined,
      deleted: false,
      ...input,
    };
    publishes.set(publish.publishId, publish);
    return publish;
  }

  async function videoInit(r: RecordedRequest, inbox: boolean): Promise<FakeResponse> {
    const refusal = refuse(r, inbox ? SCOPES.inboxVideo : SCOPES.directVideo) ?? initRateLimited(r);
    if (refusal) return refusal;
    if (!jsonBody(r)) return invalidParams('Content-Type must be application/json');
    const body = r.json as
      | { post_info?: Record<string, unknown>; source_info?: Record<string, unknown> }
      | undefined;
    const source = body?.source_info;
    if (!source) return invalidParams('source_info is required');
    const postInfo = inbox ? {} : (body?.post_info ?? {});
    if (!inbox) {
      const problem = checkPostInfo(postInfo, 'video');
      if (problem) return problem;
    }
    if (source.source === 'PULL_FROM_URL') {
      if (!(await download(source.video_url)))
        return envelope({}, 400, 'video_pull_failed', 'could not download video_url');
      const publish = newPublish({ kind: 'video', source: 'PULL_FROM_URL', inbox, postInfo });
      complete(publish);
      return envelope({ publish_id: publish.publishId });
    }
    if (source.source !== 'FILE_UPLOAD')
      return invalidParams('source_info.source must be FILE_UPLOAD or PULL_FROM_URL');
    const declared = {
      videoSize: Number(source.video_size),
      chunkSize: Number(source.chunk_size),
      totalChunkCount: Number(source.total_chunk_count),
    };
    const problem = checkChunkDeclaration(declared, rules);
    if (problem) return invalidParams(problem);
    const publish = newPublish({ kind: 'video', source: 'FILE_UPLOAD', inbox, postInfo, ...declared });
    const uploadId = randomBytes(10).toString('hex');
    uploads.set(uploadId, publish);
    return envelope({
      publish_id: publish.publishId,
      upload_url: `${server.url}/upload/?upload_id=${uploadId}&upload_token=${randomBytes(8).toString('hex')}`,
    });
  }

  server.route('POST', '/v2/post/publish/video/init/', (r) => videoInit(r, false));
  server.route('POST', '/v2/post/publish/inbox/video/init/', (r) => videoInit(r, true));

  server.route('POST', '/v2/post/publish/content/init/', async (r) => {
    if (!authed(r)) return tokenInvalid();
    if (!jsonBody(r)) return invalidParams('Content-Type must be application/json');
    const body = r.json as
      | {
          post_info?: Record<string, unknown>;
          source_info?: Record<string, unknown>;
          post_mode?: string;
          media_type?: string;
        }
      | undefined;
    if (body?.media_type !== 'PHOTO') return invalidParams('media_type must be PHOTO');
    if (body.post_mode !== 'DIRECT_POST' && body.post_mode !== 'MEDIA_UPLOAD')
      return invalidParams('post_mode must be DIRECT_POST or MEDIA_UPLOAD');
    const inbox = body.post_mode === 'MEDIA_UPLOAD';
    const refusal = refuse(r, inbox ? SCOPES.inboxPhoto : SCOPES.directPhoto) ?? initRateLimited(r);
    if (refusal) return refusal;
    const postInfo = body.post_info ?? {};
    const problem = inbox ? checkInboxPhotoInfo(postInfo) : checkPostInfo(postInfo, 'photo');
    if (problem) return problem;
    const images = body.source_info?.photo_images;
    if (
      body.source_info?.source !== 'PULL_FROM_URL' ||
      !Array.isArray(images) ||
      images.length === 0 ||
      images.length > 35
    ) {
      return invalidParams('source_info needs PULL_FROM_URL and 1–35 photo_images');
    }
    for (const url of images)
      if (!(await download(url))) return envelope({}, 400, 'photo_pull_failed', 'could not download a photo');
    const publish = newPublish({
      kind: 'photo',
      source: 'PULL_FROM_URL',
      inbox,
      postInfo,
      mediaCount: images.length,
    });
    complete(publish);
    return envelope({ publish_id: publish.publishId });
  });

  server.route('PUT', '/upload/', (r) => {
    const publish = uploads.get(r.query.upload_id ?? '');
    if (!publish) return { status: 404, body: envelope({}, 404, 'invalid_params', 'unknown upload').body };
    if (!(r.headers['content-type'] ?? '').startsWith('video/'))
      return invalidParams('Content-Type must be the video MIME type');
    const range = contentRange(r.headers['content-range']);
    if (!range || range.total !== publish.videoSize)
      return invalidParams('Content-Range is missing or its total is not video_size');
    if (range.start !== publish.receivedBytes)
      return invalidParams(`chunks must be sent in order: expected byte ${publish.receivedBytes}`);
    const length = range.end - range.start + 1;
    if (r.body.length !== length) return invalidParams('body length does not match Content-Range');
    const index = publish.received.length;
    const final = index === publish.totalChunkCount - 1;
    if (!final && length !== publish.chunkSize)
      return invalidParams('every chunk but the last must be chunk_size bytes');
    if (
      final &&
      (range.end !== publish.videoSize - 1 || length > Math.max(rules.maxFinalChunkBytes, publish.chunkSize))
    ) {
      return invalidParams('the last chunk must end the file and be at most the final chunk maximum');
    }
    publish.received.push(r.body);
    publish.receivedBytes += length;
    if (!final) return { status: 206 };
    complete(publish);
    return { status: 201 };
  });

  server.route('POST', '/v2/post/publish/status/fetch/', (r) => {
    const refusal = refuse(r, SCOPES.status);
    if (refusal) return refusal;
    const publish = publishes.get(String((r.json as { publish_id?: unknown } | undefined)?.publish_id ?? ''));
    if (!publish) return invalidParams('publish_id not found');
    const uploaded =
      publish.source === 'FILE_UPLOAD' ? { uploaded_bytes: publish.receivedBytes } : { downloaded_bytes: 1 };
    const done = publish.postId !== undefined || publish.failReason !== undefined;
    if (!done || publish.pollsLeft > 0) {
      if (done) publish.pollsLeft -= 1;
      return envelope({
        status: publish.source === 'FILE_UPLOAD' ? 'PROCESSING_UPLOAD' : 'PROCESSING_DOWNLOAD',
        ...uploaded,
      });
    }
    if (publish.failReason)
      return envelope({ status: 'FAILED', fail_reason: publish.failReason, ...uploaded });
    if (publish.inbox) return envelope({ status: 'SEND_TO_USER_INBOX', ...uploaded });
    // Post ids are int64: written as bare numbers, as TikTok does, past 2^53.
    const ids = publish.privacyLevel === 'SELF_ONLY' ? '[]' : `[${publish.postId}]`;
    const json = JSON.stringify({
      data: {
        status: 'PUBLISH_COMPLETE',
        fail_reason: '',
        publicaly_available_post_id: '__IDS__',
        ...uploaded,
      },
      error: { code: 'ok', message: '', log_id: 'fake' },
    });
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: json.replace('"__IDS__"', ids),
    };
  });

  server.route('POST', '/v2/video/list/', (r) => {
    const refusal = refuse(r, SCOPES.videoList);
    if (refusal) return refusal;
    if (!r.query.fields) return invalidParams('fields is required');
    const max = Math.min(20, Number((r.json as { max_count?: unknown } | undefined)?.max_count ?? 10));
    // The Display API lists public videos only.
    const videos = fake
      .posts()
      .map((p) => p.raw as FakeTikTokPublish)
      .filter((p) => p.privacyLevel !== 'SELF_ONLY')
      .reverse()
      .slice(0, max)
      .map((p) => ({
        id: p.postId,
        title: p.caption,
        video_description: p.caption,
        create_time: p.createTime,
        share_url: `https://www.tiktok.com/@${username}/video/${p.postId}`,
      }));
    return envelope({ videos, cursor: Date.now(), has_more: false });
  });

  function faultResponse(fault: Exclude<PlatformFault, { kind: 'drop_after_apply' }>): FakeResponse {
    switch (fault.kind) {
      case 'rate_limit': {
        const response = envelope({}, 429, 'rate_limit_exceeded', 'API rate limit exceeded');
        return { ...response, headers: { 'retry-after': String(fault.retryAfterSeconds) } };
      }
      case 'server_error':
        return envelope({}, fault.status ?? 500, 'internal_error', 'Something went wrong.');
      case 'expired_token':
        return tokenInvalid();
      case 'revoked_token':
        return scopeNotAuthorized();
      case 'validation':
        return invalidParams(fault.message ?? 'One or more fields in the request is invalid.');
    }
  }

  /** The request that makes a post exist: the last chunk of an upload, or a URL-pulling init. */
  function createsPost(r: RecordedRequest): boolean {
    if (r.method === 'PUT' && r.path === '/upload/') {
      const range = contentRange(r.headers['content-range']);
      return range !== null && range.end === range.total - 1;
    }
    const json = r.json as { source_info?: { source?: unknown } } | undefined;
    return isInit(r) && json?.source_info?.source === 'PULL_FROM_URL';
  }

  const fake: TikTokFake = {
    platform: 'tiktok',
    server,
    oauth,
    adapterOptions: () => ({
      clientKey,
      clientSecret,
      apiBaseUrl: server.url,
      authorizeUrl: `${server.url}/v2/auth/authorize/`,
    }),
    failNextPublish(fault, times = 1) {
      if (fault.kind === 'drop_after_apply')
        server.scriptFault(createsPost, { kind: 'drop-after-apply' }, times);
      else server.scriptFault(isInit, { kind: 'respond', response: faultResponse(fault) }, times);
    },
    setCreatorInfo(settings) {
      Object.assign(creator, settings);
    },
    failNextProcessing(failReason) {
      pendingFailures.push(failReason);
    },
    publishes: () => [...publishes.values()],
    posts(): FakePost[] {
      return [...publishes.values()]
        .filter((p) => p.postId !== undefined && !p.inbox && !p.deleted)
        .map((p) => ({ id: p.postId!, text: p.caption, mediaCount: p.mediaCount, raw: p }));
    },
    expireAccessTokens: () => oauth.expireAll(),
    close: () => server.close(),
  };
  return fake;
}
