import { createHash, randomBytes } from 'node:crypto';
import { FakeOAuthAuthority, missingScopes } from '../../testing/fake-oauth.js';
import { type FakeResponse, FakeServer, type RecordedRequest } from '../../testing/fake-server.js';
import type { FakePost, PlatformFake, PlatformFault } from '../../testing/platform-fake.js';
import { msUntilPacificMidnight } from '../quota-reset.js';
import { authError, googleError, insufficientScopes, quotaExceeded } from './envelope.js';

const GRANULARITY = 256 * 1024;
const UPLOAD_PATH = '/upload/youtube/v3/videos';
const AUTH = 'https://www.googleapis.com/auth/';

/**
 * The scopes each method accepts (any one is enough), from the "Authorization" section of its
 * Data API reference page, and its quota cost (`determine_quota_cost`).
 */
const METHODS = {
  'videos.insert': {
    rpc: 'youtube.api.v3.V3DataVideoService.Insert',
    scopes: ['youtube.upload', 'youtube', 'youtube.force-ssl', 'youtubepartner'],
    cost: 1,
  },
  'videos.delete': {
    rpc: 'youtube.api.v3.V3DataVideoService.Delete',
    scopes: ['youtube', 'youtube.force-ssl', 'youtubepartner'],
    cost: 50,
  },
  'channels.list': {
    rpc: 'youtube.api.v3.V3DataChannelService.List',
    scopes: [
      'youtube.readonly',
      'youtube',
      'youtube.force-ssl',
      'youtubepartner',
      'youtubepartner-channel-audit',
    ],
    cost: 1,
  },
  'playlistItems.list': {
    rpc: 'youtube.api.v3.V3DataPlaylistItemService.List',
    scopes: ['youtube.readonly', 'youtube', 'youtube.force-ssl', 'youtubepartner'],
    cost: 1,
  },
} as const;
type Method = keyof typeof METHODS;

/** `snippet.tags` as YouTube measures it: comma-joined, a tag with a space in quotes, ≤ 500. */
function tagsTooLong(tags: readonly string[]): boolean {
  const rendered = tags.map((tag) => (/\s/.test(tag) ? `"${tag}"` : tag)).join(',');
  return Array.from(rendered).length > 500;
}

export interface YouTubeFakeOptions {
  clientId?: string;
  clientSecret?: string;
  channelId?: string;
  channelTitle?: string;
  accessTokenTtlSeconds?: number;
  /**
   * The project's daily quota, reset at midnight Pacific time: `videos.insert` has its own bucket
   * (default 100 calls), every other method spends `units` (default 10,000) at its documented cost.
   */
  dailyQuota?: { videosInsert?: number; units?: number };
}

/** A video as the fake stored it. */
export interface FakeYouTubeVideo {
  id: string;
  title: string;
  description: string;
  tags: string[];
  categoryId: string | undefined;
  privacyStatus: string;
  publishAt: string | undefined;
  madeForKids: boolean;
  mimeType: string;
  /** SHA-256 of the bytes that arrived, to check a resumed upload reassembled the file. */
  sha256: string;
  sizeBytes: number;
  publishedAt: string;
  deleted: boolean;
}

interface Session {
  id: string;
  total: number;
  mimeType: string;
  metadata: Omit<FakeYouTubeVideo, 'id' | 'mimeType' | 'sha256' | 'sizeBytes' | 'publishedAt' | 'deleted'>;
  chunks: Buffer[];
  received: number;
  videoId: string | undefined;
}

/** The YouTube fake: the platform fake contract plus YouTube-specific knobs. */
export interface YouTubeFake extends PlatformFake {
  readonly platform: 'youtube';
  readonly oauth: FakeOAuthAuthority;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Options that point `createYouTube` at this fake. */
  adapterOptions(): {
    clientId: string;
    clientSecret: string;
    apiBaseUrl: string;
    uploadBaseUrl: string;
    authorizeUrl: string;
    tokenUrl: string;
  };
  /** The next session start answers 403 `quotaExceeded`. */
  exceedQuota(): void;
  /** The next session start answers 400 `uploadLimitExceeded`. */
  exceedUploadLimit(): void;
  /**
   * Cuts the connection on the `chunk`-th data chunk (1-based) of the next upload: after storing
   * its bytes (`applied: true`) or before (`applied: false`).
   */
  dropDuringUpload(input: { chunk: number; applied: boolean }): void;
  /** Every video, deleted ones included. */
  videos(): FakeYouTubeVideo[];
}

function videoId(): string {
  return randomBytes(8).toString('base64url').slice(0, 11);
}

function parseContentRange(
  value: string | undefined,
): { kind: 'query'; total: number } | { kind: 'chunk'; start: number; end: number; total: number } | null {
  if (!value) return null;
  const query = /^bytes \*\/(\d+)$/.exec(value);
  if (query) return { kind: 'query', total: Number(query[1]) };
  const chunk = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value);
  if (!chunk) return null;
  return { kind: 'chunk', start: Number(chunk[1]), end: Number(chunk[2]), total: Number(chunk[3]) };
}

function isPublishStart(r: RecordedRequest): boolean {
  return r.method === 'POST' && r.path === UPLOAD_PATH;
}

function isChunk(r: RecordedRequest): boolean {
  return (
    r.method === 'PUT' &&
    r.path === UPLOAD_PATH &&
    parseContentRange(r.headers['content-range'])?.kind === 'chunk'
  );
}

function isFinalChunk(r: RecordedRequest): boolean {
  const range = parseContentRange(r.headers['content-range']);
  return (
    r.method === 'PUT' && r.path === UPLOAD_PATH && range?.kind === 'chunk' && range.end === range.total - 1
  );
}

/**
 * Starts a fake YouTube (Google OAuth + Data API v3 + resumable uploads) on loopback. It checks
 * bearer tokens and the scopes each method accepts (Google's 403 `insufficientPermissions`
 * otherwise), the project's daily quota (`quotaExceeded`), the session headers, the metadata
 * rules (title ≤ 100 without `<>`, description ≤ 5000 bytes, tags ≤ 500 counted with commas and
 * quotes, privacy values, `publishAt` only with private), and the chunk sequence (each chunk
 * starts at the confirmed offset; all but the last a multiple of 256 KiB), answering 308 with
 * `Range` until the last byte.
 *
 * @example
 * ```ts
 * const fake = await createYouTubeFake();
 * const youtube = createYouTube({ ...fake.adapterOptions(), chunkSizeBytes: 256 * 1024 });
 * ```
 */
export async function createYouTubeFake(options: YouTubeFakeOptions = {}): Promise<YouTubeFake> {
  const server = await FakeServer.start('youtube');
  const clientId = options.clientId ?? 'fake-client.apps.googleusercontent.com';
  const clientSecret = options.clientSecret ?? 'fake-google-secret';
  const channelId = options.channelId ?? 'UCfakechannel000000000000';
  const uploadsPlaylist = `UU${channelId.slice(2)}`;
  const oauth = new FakeOAuthAuthority({
    clientId,
    clientSecret,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3599,
    issueRefreshTokens: true,
    rotateRefreshTokens: false,
    requirePkce: false,
    subject: channelId,
  });
  const sessions = new Map<string, Session>();
  const videos: FakeYouTubeVideo[] = [];

  const bearer = (r: RecordedRequest) => oauth.check(r.headers.authorization).ok;
  const quota = {
    videosInsert: options.dailyQuota?.videosInsert ?? 100,
    units: options.dailyQuota?.units ?? 10_000,
  };
  const spent = { videosInsert: 0, units: 0, resetsAt: Date.now() + msUntilPacificMidnight(Date.now()) };

  /**
   * Checks the token, the method's scopes and the daily quota, and spends the call's cost.
   * Returns the refusal, or null when the call may go on.
   */
  function admit(r: RecordedRequest, method: Method): FakeResponse | null {
    const check = oauth.check(r.headers.authorization);
    if (!check.ok) return authError();
    const { rpc, scopes, cost } = METHODS[method];
    const acceptable = scopes.map((scope) => `${AUTH}${scope}`);
    if (!acceptable.some((scope) => missingScopes(check.scope, [scope]).length === 0))
      return insufficientScopes(rpc, acceptable);
    const now = Date.now();
    if (now >= spent.resetsAt) {
      spent.videosInsert = 0;
      spent.units = 0;
      spent.resetsAt = now + msUntilPacificMidnight(now);
    }
    if (method === 'videos.insert') {
      if (spent.videosInsert + cost > quota.videosInsert) return quotaExceeded();
      spent.videosInsert += cost;
    } else {
      if (spent.units + cost > quota.units) return quotaExceeded();
      spent.units += cost;
    }
    return null;
  }

  server.route('GET', '/o/oauth2/v2/auth', (r) => {
    if (r.query.response_type !== 'code')
      return { status: 400, body: 'Error 400: invalid_request (response_type)' };
    return oauth.authorize(r.query);
  });

  server.route('POST', '/token', (r) => {
    const form = r.form;
    if (!form)
      return { status: 400, body: { error: 'invalid_request', error_description: 'form body expected' } };
    if (!oauth.checkClient(form, r.headers.authorization)) {
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' },
      };
    }
    if (form.grant_type === 'authorization_code') {
      const tokens = oauth.exchangeCode({
        code: form.code ?? '',
        redirectUri: form.redirect_uri ?? '',
        codeVerifier: form.code_verifier,
      });
      if (!tokens) return { status: 400, body: { error: 'invalid_grant', error_description: 'Bad Request' } };
      return { status: 200, body: { ...tokens, token_type: 'Bearer' } };
    }
    if (form.grant_type === 'refresh_token') {
      const tokens = oauth.refresh(form.refresh_token ?? '');
      if (!tokens)
        return {
          status: 400,
          body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
        };
      // Google's refresh answer carries no refresh token: the old one stays valid.
      const { refresh_token: _kept, ...rest } = tokens;
      return { status: 200, body: { ...rest, token_type: 'Bearer' } };
    }
    return {
      status: 400,
      body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' },
    };
  });

  server.route('GET', '/youtube/v3/channels', (r) => {
    const refusal = admit(r, 'channels.list');
    if (refusal) return refusal;
    if (r.query.mine !== 'true') return googleError(400, 'missingRequiredParameter', 'No filter selected.');
    return {
      status: 200,
      body: {
        kind: 'youtube#channelListResponse',
        items: [
          {
            kind: 'youtube#channel',
            id: channelId,
            snippet: {
              title: options.channelTitle ?? 'Fake Channel',
              customUrl: '@fakechannel',
              thumbnails: { default: { url: 'https://yt3.example.test/avatar.jpg' } },
            },
            contentDetails: { relatedPlaylists: { uploads: uploadsPlaylist } },
          },
        ],
      },
    };
  });

  server.route('GET', '/youtube/v3/playlistItems', (r) => {
    const refusal = admit(r, 'playlistItems.list');
    if (refusal) return refusal;
    if (r.query.playlistId !== uploadsPlaylist)
      return googleError(404, 'playlistNotFound', 'The playlist cannot be found.');
    const max = Math.min(50, Number(r.query.maxResults ?? '5'));
    const items = videos
      .filter((v) => !v.deleted)
      .slice()
      .reverse()
      .slice(0, max)
      .map((v) => ({
        kind: 'youtube#playlistItem',
        snippet: {
          title: v.title,
          description: v.description,
          publishedAt: v.publishedAt,
          resourceId: { kind: 'youtube#video', videoId: v.id },
        },
      }));
    return { status: 200, body: { kind: 'youtube#playlistItemListResponse', items } };
  });

  server.route('DELETE', '/youtube/v3/videos', (r) => {
    const refusal = admit(r, 'videos.delete');
    if (refusal) return refusal;
    const video = videos.find((v) => v.id === r.query.id && !v.deleted);
    if (!video)
      return googleError(404, 'videoNotFound', 'The video that you are trying to delete cannot be found.');
    video.deleted = true;
    return { status: 204 };
  });

  server.route('POST', UPLOAD_PATH, (r) => startSession(r));
  server.route('PUT', UPLOAD_PATH, (r) => receive(r));

  function startSession(r: RecordedRequest): FakeResponse {
    const refusal = admit(r, 'videos.insert');
    if (refusal) return refusal;
    if (r.query.uploadType !== 'resumable')
      return googleError(400, 'invalidUploadType', 'uploadType must be resumable here.', 'global');
    const parts = (r.query.part ?? '').split(',');
    if (!parts.includes('snippet') || !parts.includes('status'))
      return googleError(400, 'invalidPart', 'part must name snippet and status.');
    const total = Number(r.headers['x-upload-content-length']);
    const mimeType = r.headers['x-upload-content-type'] ?? '';
    if (!Number.isInteger(total) || total <= 0)
      return googleError(400, 'badRequest', 'X-Upload-Content-Length is required.', 'global');
    if (!mimeType.startsWith('video/'))
      return googleError(400, 'invalidFilename', 'X-Upload-Content-Type must be a video type.');
    const body = r.json as
      | {
          snippet?: { title?: unknown; description?: unknown; tags?: unknown; categoryId?: unknown };
          status?: { privacyStatus?: unknown; publishAt?: unknown; selfDeclaredMadeForKids?: unknown };
        }
      | undefined;
    if (!body || typeof body !== 'object') return googleError(400, 'parseError', 'Parse Error', 'global');
    const title = body.snippet?.title;
    const description = body.snippet?.description ?? '';
    if (typeof title !== 'string' || title.trim() === '')
      return googleError(
        400,
        'invalidTitle',
        'The request metadata specifies an invalid or empty video title.',
      );
    if (Array.from(title).length > 100 || /[<>]/.test(title))
      return googleError(400, 'invalidTitle', 'The request metadata specifies an invalid video title.');
    if (
      typeof description !== 'string' ||
      Buffer.byteLength(description) > 5000 ||
      /[<>]/.test(description)
    ) {
      return googleError(
        400,
        'invalidDescription',
        'The request metadata specifies an invalid video description.',
      );
    }
    const privacy = body.status?.privacyStatus ?? 'public';
    if (privacy !== 'private' && privacy !== 'unlisted' && privacy !== 'public')
      return googleError(400, 'invalidVideoMetadata', 'Invalid privacyStatus.');
    const publishAt = body.status?.publishAt;
    if (
      publishAt !== undefined &&
      (privacy !== 'private' || typeof publishAt !== 'string' || Number.isNaN(Date.parse(publishAt)))
    ) {
      return googleError(
        400,
        'invalidPublishAt',
        'The request metadata specifies an invalid scheduled publishing time.',
      );
    }
    const categoryId = body.snippet?.categoryId;
    if (categoryId !== undefined && (typeof categoryId !== 'string' || !/^\d+$/.test(categoryId))) {
      return googleError(
        400,
        'invalidCategoryId',
        'The snippet.categoryId property specifies an invalid category ID.',
      );
    }
    const tags = Array.isArray(body.snippet?.tags)
      ? body.snippet.tags.filter((t): t is string => typeof t === 'string')
      : [];
    if (tagsTooLong(tags))
      return googleError(400, 'invalidTags', 'The request metadata specifies invalid video keywords.');
    const id = randomBytes(12).toString('base64url');
    sessions.set(id, {
      id,
      total,
      mimeType,
      metadata: {
        title,
        description,
        tags,
        categoryId: typeof categoryId === 'string' ? categoryId : undefined,
        privacyStatus: privacy,
        publishAt: typeof publishAt === 'string' ? publishAt : undefined,
        madeForKids: body.status?.selfDeclaredMadeForKids === true,
      },
      chunks: [],
      received: 0,
      videoId: undefined,
    });
    return {
      status: 200,
      headers: { location: `${server.url}${UPLOAD_PATH}?uploadType=resumable&upload_id=${id}` },
    };
  }

  function incomplete(session: Session): FakeResponse {
    return { status: 308, headers: session.received > 0 ? { range: `bytes=0-${session.received - 1}` } : {} };
  }

  function videoResource(video: FakeYouTubeVideo) {
    return {
      kind: 'youtube#video',
      id: video.id,
      snippet: {
        publishedAt: video.publishedAt,
        channelId,
        title: video.title,
        description: video.description,
        tags: video.tags,
      },
      status: {
        uploadStatus: 'uploaded',
        privacyStatus: video.privacyStatus,
        selfDeclaredMadeForKids: video.madeForKids,
      },
    };
  }

  function receive(r: RecordedRequest): FakeResponse {
    const session = sessions.get(r.query.upload_id ?? '');
    if (!session) return { status: 404, body: 'Not Found' };
    if (r.headers.authorization && !bearer(r)) return authError();
    const range = parseContentRange(r.headers['content-range']);
    if (!range || range.total !== session.total)
      return googleError(
        400,
        'badContentRange',
        'Content-Range is missing or does not match the upload size.',
        'global',
      );
    const done = session.videoId ? videos.find((v) => v.id === session.videoId) : undefined;
    if (range.kind === 'query')
      return done ? { status: 200, body: videoResource(done) } : incomplete(session);
    if (done) return { status: 200, body: videoResource(done) };
    const length = range.end - range.start + 1;
    if (range.start !== session.received) {
      return googleError(
        400,
        'badContentRange',
        `chunk starts at ${range.start} but ${session.received} bytes were received`,
        'global',
      );
    }
    if (r.body.length !== length)
      return googleError(400, 'badContent', 'body length does not match Content-Range', 'global');
    const final = range.end === session.total - 1;
    if (!final && length % GRANULARITY !== 0)
      return googleError(400, 'badContent', 'chunks must be a multiple of 256 KiB', 'global');
    session.chunks.push(r.body);
    session.received += length;
    if (!final) return incomplete(session);
    const bytes = Buffer.concat(session.chunks);
    const video: FakeYouTubeVideo = {
      id: videoId(),
      ...session.metadata,
      mimeType: session.mimeType,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      sizeBytes: bytes.length,
      publishedAt: new Date().toISOString(),
      deleted: false,
    };
    session.videoId = video.id;
    videos.push(video);
    return { status: 200, body: videoResource(video) };
  }

  function faultResponse(fault: Exclude<PlatformFault, { kind: 'drop_after_apply' }>): FakeResponse {
    switch (fault.kind) {
      case 'rate_limit': {
        const response = googleError(
          403,
          'rateLimitExceeded',
          'The request cannot be completed because you have exceeded your quota.',
          'youtube.quota',
        );
        return { ...response, headers: { 'retry-after': String(fault.retryAfterSeconds) } };
      }
      case 'server_error':
        return googleError(fault.status ?? 500, 'backendError', 'Backend Error', 'global');
      case 'expired_token':
      case 'revoked_token':
        return authError();
      case 'validation':
        return googleError(400, 'invalidVideoMetadata', fault.message ?? 'The request metadata is invalid.');
    }
  }

  const fake: YouTubeFake = {
    platform: 'youtube',
    server,
    oauth,
    clientId,
    clientSecret,
    adapterOptions: () => ({
      clientId,
      clientSecret,
      apiBaseUrl: server.url,
      uploadBaseUrl: server.url,
      authorizeUrl: `${server.url}/o/oauth2/v2/auth`,
      tokenUrl: `${server.url}/token`,
    }),
    failNextPublish(fault, times = 1) {
      if (fault.kind === 'drop_after_apply')
        server.scriptFault(isFinalChunk, { kind: 'drop-after-apply' }, times);
      else server.scriptFault(isPublishStart, { kind: 'respond', response: faultResponse(fault) }, times);
    },
    exceedQuota() {
      server.scriptFault(isPublishStart, {
        kind: 'respond',
        response: googleError(
          403,
          'quotaExceeded',
          'The request cannot be completed because you have exceeded your quota.',
          'youtube.quota',
        ),
      });
    },
    exceedUploadLimit() {
      server.scriptFault(isPublishStart, {
        kind: 'respond',
        response: googleError(
          400,
          'uploadLimitExceeded',
          'The user has exceeded the number of videos they may upload.',
          'youtube.video',
        ),
      });
    },
    dropDuringUpload({ chunk, applied }) {
      let seen = 0;
      server.scriptFault((r) => isChunk(r) && ++seen === chunk, {
        kind: applied ? 'drop-after-apply' : 'drop-before-apply',
      });
    },
    posts(): FakePost[] {
      return videos
        .filter((v) => !v.deleted)
        .map((v) => ({ id: v.id, text: v.description || v.title, mediaCount: 1, raw: v }));
    },
    videos: () => videos.slice(),
    expireAccessTokens: () => oauth.expireAll(),
    close: () => server.close(),
  };
  return fake;
}
