import { createHash } from 'node:crypto';
import {
  createGraphFakeBase,
  downloadMedia,
  type GraphCaller,
  graphError,
  paramsOf,
} from '../../graph/fake/base.js';
import type { FakeResponse, RecordedRequest } from '../../testing/fake-server.js';
import type { FakePost, PlatformFake, PlatformFault } from '../../testing/platform-fake.js';
import { createVideoSessions, FACEBOOK_VIDEO_LIMITS, videoLimitProblem } from './video-sessions.js';

/** A Page the fake user manages. */
export interface FacebookFakePage {
  id: string;
  name: string;
  /** Page roles' tasks; a Page without `CREATE_CONTENT` cannot be posted to. */
  tasks: string[];
}

/** Options for {@link createFacebookFake}. */
export interface FacebookFakeOptions {
  clientId?: string;
  clientSecret?: string;
  version?: string;
  userId?: string;
  pages?: FacebookFakePage[];
  /** Refuse calls without `appsecret_proof`. Default true. */
  requireAppSecretProof?: boolean;
  /** Refuse a post whose message equals a live post's (code 506). Default false. */
  rejectDuplicates?: boolean;
  /** Bytes per resumable-upload chunk the fake asks for. Default 50 MiB (the size in Meta's sample answer). */
  videoChunkBytes?: number;
  /** The non-resumable upload's size limit. Default 1 GB (10⁹ bytes); lower it to test the limit. */
  nonResumableMaxBytes?: number;
}

/** A Page post as the fake stores it. */
export interface FacebookFakePost {
  id: string;
  pageId: string;
  message: string;
  link: string | undefined;
  /** Photo ids, or the video id. */
  mediaIds: string[];
  kind: 'status' | 'photo' | 'video';
  createdAt: Date;
}

/** An uploaded photo or video. */
export interface FacebookFakeMedia {
  id: string;
  pageId: string;
  kind: 'photo' | 'video';
  bytes: Buffer;
  contentType: string;
  /** How the bytes arrived: `file_url`/`url`, a multipart `source`, or the resumable upload. */
  via: 'url' | 'source' | 'resumable';
  /** Hex SHA-256 of the bytes, to compare with what was sent. */
  sha256: string;
  published: boolean;
  attachedTo: string | undefined;
}

/** The Facebook fake: the platform fake contract plus Facebook-specific helpers. */
export interface FacebookFake extends PlatformFake {
  readonly platform: 'facebook';
  readonly userId: string;
  readonly pages: readonly FacebookFakePage[];
  adapterOptions(): {
    clientId: string;
    clientSecret: string;
    graphVersion: string;
    graphBaseUrl: string;
    videoBaseUrl: string;
    authorizeBaseUrl: string;
  };
  pagePosts(): FacebookFakePost[];
  media(): FacebookFakeMedia[];
  /**
   * The `chunk`-th transfer request from now (1-based) loses its connection: after the chunk
   * was stored (`applied`) or before.
   */
  interruptVideoTransfer(input: { chunk: number; applied: boolean }): void;
}

const formatTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, '+0000');

/**
 * Starts a fake Facebook Graph API for Pages on loopback: the login dialog (the granted
 * permissions are the requested `scope`), code and long-lived token exchanges, `/me/accounts`
 * with Page tokens carrying the user's permissions, `/{page}/feed` (post and read),
 * `/{page}/photos`, `/{page}/videos` non-resumable (by URL, which it really downloads, or
 * multipart `source`) and resumable (`upload_phase` start/transfer/finish), `/{video-id}`,
 * multi-photo posts through `attached_media`, and delete. It refuses what Graph refuses: missing
 * or dead tokens, a token without the permission an endpoint needs (Meta's (#200)/(#10) errors),
 * a user token where a Page token is needed, a wrong `appsecret_proof`, empty posts, media that
 * cannot be downloaded, unpublished photos used twice, a non-resumable video over 1 GB or 20
 * minutes, a resumable one over 10 GB or 4 hours, chunks at the wrong offset or of the wrong size.
 *
 * @example
 * ```ts
 * const fake = await createFacebookFake();
 * const facebook = createFacebook(fake.adapterOptions());
 * ```
 */
export async function createFacebookFake(options: FacebookFakeOptions = {}): Promise<FacebookFake> {
  const clientId = options.clientId ?? 'fb-fake-app';
  const clientSecret = options.clientSecret ?? 'fb-fake-secret';
  const version = options.version ?? 'v25.0';
  const userId = options.userId ?? '10000000000001';
  const pages = options.pages ?? [
    { id: '200000000000001', name: 'RelayPost Test Page', tasks: ['ANALYZE', 'ADVERTISE', 'CREATE_CONTENT'] },
    { id: '200000000000002', name: 'Read-only Page', tasks: ['ANALYZE'] },
  ];
  const base = await createGraphFakeBase({
    name: 'facebook',
    version,
    clientId,
    clientSecret,
    requireAppSecretProof: options.requireAppSecretProof ?? true,
    // graph.facebook.com reads the Authorization header and the access_token parameter.
    tokenIn: { header: ['Bearer', 'OAuth'], parameter: true },
    checksAppSecretProof: true,
    accessTokenTtlSeconds: 60 * 24 * 3600,
    rateLimitCode: 32,
  });
  const { server } = base;
  const posts: FacebookFakePost[] = [];
  const media = new Map<string, FacebookFakeMedia>();
  const pageIds = new Set(pages.map((p) => p.id));
  const nonResumableMaxBytes = options.nonResumableMaxBytes ?? FACEBOOK_VIDEO_LIMITS.nonResumableMaxBytes;
  const videoSessions = createVideoSessions({
    chunkBytes: options.videoChunkBytes ?? 50 * 1024 * 1024,
    newId: base.newId,
  });
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  // Meta's answer when a Page token lacks the posting permissions (or is no Page token at all).
  const cannotPost = () =>
    graphError(
      403,
      200,
      '(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission',
      {},
    );
  /** Publishing on a Page: a Page token with pages_manage_posts and pages_read_engagement. */
  const mayPost = (caller: GraphCaller, pageId: string, extra: readonly string[] = []) =>
    caller.owner !== pageId ||
    base.missing(caller, ['pages_manage_posts', 'pages_read_engagement', ...extra]).length
      ? cannotPost()
      : undefined;
  /** Reading a Page's content: pages_read_engagement, or Meta's (#10). */
  const mayRead = (caller: GraphCaller) =>
    base.missing(caller, ['pages_read_engagement']).length
      ? graphError(
          403,
          10,
          "(#10) This endpoint requires the 'pages_read_engagement' permission or the 'Page Public Content Access' feature.",
        )
      : undefined;

  function createPost(post: Omit<FacebookFakePost, 'createdAt'>): FacebookFakePost {
    const stored = { ...post, createdAt: new Date() };
    posts.push(stored);
    return stored;
  }

  function duplicate(pageId: string, message: string): FakeResponse | undefined {
    if (!options.rejectDuplicates || !message) return undefined;
    if (!posts.some((p) => p.pageId === pageId && p.message === message)) return undefined;
    return graphError(400, 506, 'Duplicate status message', {
      userMessage: 'This status update is identical to the last one you posted.',
    });
  }

  /** The bytes of `url`/`file_url` or of the multipart `source`. */
  async function mediaBytes(
    request: RecordedRequest,
    params: Record<string, string>,
    urlField: 'url' | 'file_url',
    kind: 'image' | 'video',
  ): Promise<{ bytes: Buffer; contentType: string; via: 'url' | 'source' } | FakeResponse> {
    const source = request.multipart?.source;
    if (Buffer.isBuffer(source)) {
      return { bytes: source, contentType: kind === 'image' ? 'image/*' : 'video/*', via: 'source' };
    }
    if (!params[urlField]) {
      return kind === 'image'
        ? graphError(400, 324, '(#324) Requires upload file')
        : graphError(400, 100, `(#100) Either ${urlField} or source is required`);
    }
    const got = await downloadMedia(params[urlField]);
    if (!got.ok || !got.contentType.startsWith(`${kind}/`)) {
      return kind === 'image'
        ? graphError(
            400,
            324,
            `(#324) Missing or invalid image file (${got.ok ? got.contentType : got.reason})`,
          )
        : graphError(
            400,
            351,
            `(#351) Sorry, there was a problem with your video file (${got.ok ? got.contentType : got.reason})`,
          );
    }
    return { bytes: got.bytes, contentType: got.contentType, via: 'url' };
  }

  // --- Login -------------------------------------------------------------------------------
  server.route('GET', `${base.prefix}/dialog/oauth`, (request) => {
    if (request.query.response_type && request.query.response_type !== 'code')
      return { status: 400, body: 'unsupported response_type' };
    return base.oauth.authorize(request.query);
  });

  server.route('GET', `${base.prefix}/oauth/access_token`, (request) => {
    const params = paramsOf(request);
    if (!base.checkClient(params)) return graphError(400, 1, 'Error validating client secret.');
    if (params.grant_type === 'fb_exchange_token') {
      const check = base.oauth.check(params.fb_exchange_token);
      const owner = params.fb_exchange_token ? base.ownerOf(params.fb_exchange_token) : undefined;
      if (!check.ok || owner !== userId) return graphError(400, 190, 'Invalid OAuth access token.');
      // The long-lived token keeps the permissions the user granted.
      const issued = base.issueToken(userId, check.scope);
      return { status: 200, body: { ...issued, token_type: 'bearer' } };
    }
    if (!params.code || !params.redirect_uri)
      return graphError(400, 100, 'Missing code or redirect_uri parameter.');
    const issued = base.oauth.exchangeCode({ code: params.code, redirectUri: params.redirect_uri });
    if (!issued) return graphError(400, 100, 'Invalid verification code format.', { subcode: 36007 });
    base.adopt(issued.access_token, userId);
    // Short-lived user tokens last about two hours.
    return {
      status: 200,
      body: { access_token: issued.access_token, token_type: 'bearer', expires_in: 5183 },
    };
  });

  // --- Graph ---------------------------------------------------------------------------------
  base.api('GET', '/me/accounts', (_request, _params, caller) => {
    if (caller.owner !== userId)
      return graphError(400, 100, '(#100) Tried accessing nonexisting field (accounts)');
    // ⚠ Without pages_show_list the edge lists no Pages (an empty list, not an error).
    const listed = base.missing(caller, ['pages_show_list']).length ? [] : pages;
    return {
      status: 200,
      body: {
        data: listed.map((page) => ({
          id: page.id,
          name: page.name,
          // A Page token carries the permissions of the user token it came from.
          access_token: base.issueToken(page.id, caller.scope).access_token,
          tasks: page.tasks,
          category: 'Software',
        })),
        paging: { cursors: { before: 'b', after: 'a' } },
      },
    };
  });

  base.api('POST', '/:pageId/feed', (request, { pageId }, caller) => {
    if (!pageId || !pageIds.has(pageId))
      return graphError(400, 100, 'Unsupported post request.', { subcode: 33 });
    const refused = mayPost(caller, pageId);
    if (refused) return refused;
    const params = paramsOf(request);
    const message = params.message ?? '';
    const attached: string[] = [];
    for (let index = 0; params[`attached_media[${index}]`] !== undefined; index++) {
      let fbid: unknown;
      try {
        fbid = (JSON.parse(params[`attached_media[${index}]`] ?? '') as { media_fbid?: unknown }).media_fbid;
      } catch {
        return graphError(400, 100, `(#100) param attached_media[${index}] must be a JSON object`);
      }
      const photo = typeof fbid === 'string' ? media.get(fbid) : undefined;
      if (!photo || photo.pageId !== pageId || photo.published || photo.attachedTo !== undefined)
        return graphError(
          400,
          100,
          `(#100) attached_media[${index}] is not an unpublished photo of this Page`,
        );
      attached.push(photo.id);
    }
    if (!message && !params.link && attached.length === 0)
      return graphError(400, 100, '(#100) Missing message or attachment');
    const dup = duplicate(pageId, message);
    if (dup) return dup;
    const post = createPost({
      id: `${pageId}_${base.newId()}`,
      pageId,
      message,
      link: params.link,
      mediaIds: attached,
      kind: attached.length > 0 ? 'photo' : 'status',
    });
    for (const id of attached) media.get(id)!.attachedTo = post.id;
    return { status: 200, body: { id: post.id } };
  });

  base.api('POST', '/:pageId/photos', async (request, { pageId }, caller) => {
    if (!pageId || !pageIds.has(pageId))
      return graphError(400, 100, 'Unsupported post request.', { subcode: 33 });
    const refused = mayPost(caller, pageId);
    if (refused) return refused;
    const params = paramsOf(request);
    const got = await mediaBytes(request, params, 'url', 'image');
    if ('status' in got) return got;
    const published = params.published !== 'false';
    const message = params.message ?? params.caption ?? '';
    if (published) {
      const dup = duplicate(pageId, message);
      if (dup) return dup;
    }
    const photo: FacebookFakeMedia = {
      id: base.newId(),
      pageId,
      kind: 'photo',
      ...got,
      sha256: sha256(got.bytes),
      published,
      attachedTo: undefined,
    };
    media.set(photo.id, photo);
    if (!published) return { status: 200, body: { id: photo.id } };
    const post = createPost({
      id: `${pageId}_${photo.id}`,
      pageId,
      message,
      link: undefined,
      mediaIds: [photo.id],
      kind: 'photo',
    });
    photo.attachedTo = post.id;
    return { status: 200, body: { id: photo.id, post_id: post.id } };
  });

  /** Stores a finished video and the Page post it is. */
  function publishVideo(
    video: Omit<FacebookFakeMedia, 'kind' | 'published' | 'attachedTo' | 'sha256'>,
    params: Record<string, string>,
  ): FacebookFakeMedia {
    const stored: FacebookFakeMedia = {
      ...video,
      kind: 'video',
      sha256: sha256(video.bytes),
      published: true,
      attachedTo: undefined,
    };
    media.set(stored.id, stored);
    // The video itself is the post here: its id is what the adapter reports and deletes.
    const post = createPost({
      id: stored.id,
      pageId: stored.pageId,
      message: params.description ?? '',
      link: undefined,
      mediaIds: [stored.id],
      kind: 'video',
    });
    stored.attachedTo = post.id;
    return stored;
  }

  base.api('POST', '/:pageId/videos', async (request, { pageId }, caller) => {
    if (!pageId || !pageIds.has(pageId))
      return graphError(400, 100, 'Unsupported post request.', { subcode: 33 });
    // The Video API's publishing guide asks for pages_show_list as well.
    const refused = mayPost(caller, pageId, ['pages_show_list']);
    if (refused) return refused;
    const params = paramsOf(request);
    switch (params.upload_phase) {
      case 'start':
        return videoSessions.start(pageId, params);
      case 'transfer': {
        const chunk = request.multipart?.video_file_chunk;
        return videoSessions.transfer(pageId, params, Buffer.isBuffer(chunk) ? chunk : undefined);
      }
      case 'finish': {
        const done = videoSessions.finish(pageId, params);
        if ('status' in done) return done;
        publishVideo(
          { id: done.session.videoId, pageId, bytes: done.bytes, contentType: 'video/*', via: 'resumable' },
          params,
        );
        return { status: 200, body: { success: true } };
      }
      case undefined:
        break;
      default:
        return graphError(400, 100, `(#100) upload_phase must be one of start, transfer, finish, cancel`);
    }
    const got = await mediaBytes(request, params, 'file_url', 'video');
    if ('status' in got) return got;
    const problem = videoLimitProblem(got.bytes, false, nonResumableMaxBytes);
    if (problem) return problem;
    const video = publishVideo({ id: base.newId(), pageId, ...got }, params);
    return { status: 200, body: { id: video.id } };
  });

  base.api('GET', '/:id', (request, { id }, caller) => {
    const refused = mayRead(caller);
    if (refused) return refused;
    const stored = id ? media.get(id) : undefined;
    const video = stored?.kind === 'video' ? stored : undefined;
    const session = videoSessions.sessions().find((s) => s.videoId === id);
    if (!video && !session)
      return graphError(400, 100, `Unsupported get request. Object with ID '${id}' does not exist`, {
        subcode: 33,
        type: 'GraphMethodException',
      });
    if ((video?.pageId ?? session?.pageId) !== caller.owner) return cannotPost();
    const fields = (request.query.fields ?? 'id').split(',');
    const body: Record<string, unknown> = { id };
    if (fields.includes('published')) body.published = !!video;
    if (fields.includes('status'))
      body.status = {
        video_status: video ? 'ready' : 'upload_incomplete',
        uploading_phase: { status: video ? 'complete' : 'in_progress' },
      };
    return { status: 200, body };
  });

  base.api('GET', '/:pageId/feed', (request, { pageId }, caller) => {
    if (!pageId || !pageIds.has(pageId))
      return graphError(400, 100, 'Unsupported get request.', { subcode: 33 });
    const refused = mayRead(caller);
    if (refused) return refused;
    const since = request.query.since ? Number(request.query.since) * 1000 : 0;
    const limit = Math.min(Number(request.query.limit ?? 25) || 25, 100);
    const data = posts
      .filter((p) => p.pageId === pageId && p.createdAt.getTime() >= since)
      .reverse()
      .slice(0, limit)
      .map((p) => ({
        id: p.id,
        ...(p.message ? { message: p.message } : {}),
        created_time: formatTime(p.createdAt),
      }));
    return { status: 200, body: { data } };
  });

  base.api('DELETE', '/:id', (_request, { id }, caller) => {
    const index = posts.findIndex((p) => p.id === id);
    const post = posts[index];
    if (!post)
      return graphError(400, 100, `Unsupported delete request. Object with ID '${id}' does not exist`, {
        subcode: 33,
        type: 'GraphMethodException',
      });
    const refused = mayPost(caller, post.pageId);
    if (refused) return refused;
    posts.splice(index, 1);
    return { status: 200, body: { success: true } };
  });

  const isPublish = (request: RecordedRequest) => {
    if (request.method !== 'POST') return false;
    if (request.path.endsWith('/feed')) return true;
    // A video becomes a post in one non-resumable request, or at the resumable `finish`.
    if (request.path.endsWith('/videos')) {
      const phase = paramsOf(request).upload_phase;
      return phase === undefined || phase === 'finish';
    }
    return request.path.endsWith('/photos') && paramsOf(request).published !== 'false';
  };
  const isTransfer = (request: RecordedRequest) =>
    request.method === 'POST' &&
    request.path.endsWith('/videos') &&
    paramsOf(request).upload_phase === 'transfer';

  return {
    platform: 'facebook',
    server,
    userId,
    pages,
    adapterOptions: () => ({
      clientId,
      clientSecret,
      graphVersion: version,
      graphBaseUrl: server.url,
      videoBaseUrl: server.url,
      authorizeBaseUrl: server.url,
    }),
    failNextPublish: (fault: PlatformFault, times = 1) => base.scriptPublishFault(isPublish, fault, times),
    posts: (): FakePost[] =>
      posts.map((p) => ({ id: p.id, text: p.message, mediaCount: p.mediaIds.length, raw: p })),
    pagePosts: () => [...posts],
    media: () => [...media.values()],
    interruptVideoTransfer: ({ chunk, applied }) => {
      let seen = 0;
      server.scriptFault((request) => isTransfer(request) && ++seen === chunk, {
        kind: applied ? 'drop-after-apply' : 'drop-before-apply',
      });
    },
    expireAccessTokens: () => base.oauth.expireAll(),
    close: () => server.close(),
  };
}
