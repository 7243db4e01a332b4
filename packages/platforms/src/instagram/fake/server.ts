import {
  createGraphFakeBase,
  downloadMedia,
  type GraphCaller,
  graphError,
  paramsOf,
} from '../../graph/fake/base.js';
import { mp4DurationMs } from '../../graph/fake/mp4.js';
import type { RecordedRequest } from '../../testing/fake-server.js';
import type { FakePost, PlatformFake, PlatformFault } from '../../testing/platform-fake.js';

/** Options for {@link createInstagramFake}. */
export interface InstagramFakeOptions {
  login?: 'facebook' | 'instagram';
  clientId?: string;
  clientSecret?: string;
  version?: string;
  igUserId?: string;
  username?: string;
  /** Status polls a video container answers `IN_PROGRESS` before `FINISHED`. Default 1. */
  processingPolls?: number;
  /** Posts allowed per 24 h. Default 50. */
  quotaTotal?: number;
  /** Facebook Login: refuse calls without `appsecret_proof`. Default false. */
  requireAppSecretProof?: boolean;
  /**
   * Facebook Login: how the user's role on the Page came about. Through Business Manager (the
   * default), the Page is listed and usable only with `business_management` (or, for some
   * endpoints, `ads_management`/`ads_read`), as Meta's references say.
   */
  pageRole?: 'direct' | 'business_manager';
}

/** A media container. */
export interface InstagramFakeContainer {
  id: string;
  owner: string;
  mediaType: 'IMAGE' | 'VIDEO' | 'REELS' | 'STORIES' | 'CAROUSEL';
  caption: string;
  isCarouselItem: boolean;
  children: string[];
  bytes: Buffer | undefined;
  status: 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';
  pollsLeft: number;
  /** Why processing will end in ERROR (a limit the file breaks), if it will. */
  failure: string | undefined;
  params: Record<string, string>;
}

/** A published media object. */
export interface InstagramFakeMedia {
  id: string;
  owner: string;
  caption: string;
  mediaType: string;
  itemCount: number;
  containerId: string;
  timestamp: Date;
}

/** The Instagram fake: the platform fake contract plus Instagram-specific helpers. */
export interface InstagramFake extends PlatformFake {
  readonly platform: 'instagram';
  readonly igUserId: string;
  adapterOptions(): {
    login: 'facebook' | 'instagram';
    clientId: string;
    clientSecret: string;
    graphVersion: string;
    graphBaseUrl: string;
    authorizeUrl: string;
    tokenUrl: string;
  };
  containers(): InstagramFakeContainer[];
  media(): InstagramFakeMedia[];
  /** The next video container ends in `ERROR`. */
  failNextProcessing(): void;
  /** Pretends `count` posts were published in the last 24 h (at `at`). */
  seedPublished(count: number, at?: Date): void;
}

const formatTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, '+0000');
const HASHTAG = /(^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_]+/gu;

/**
 * Starts a fake Instagram Graph API on loopback, for either login: Instagram Login (authorize,
 * api.instagram.com code exchange, `ig_exchange_token`, `ig_refresh_token`, `/me`) or Facebook
 * Login (dialog, token exchanges, `/me/accounts` with `instagram_business_account`). The granted
 * permissions are the requested `scope`, carried into every token exchanged from it. Containers
 * download their media from the given URLs for real, videos move from IN_PROGRESS to FINISHED (or
 * ERROR, for a story video outside 3–60 s or a reel outside 3 s–15 min, durations read from the
 * file) over status polls, `media_publish` checks the container and the 24-hour quota. It
 * refuses what Instagram refuses: dead tokens, a token without the permissions an endpoint needs
 * ((#10), per Meta's references for each login, with `business_management` for a Page role from
 * Business Manager), a wrong proof (Facebook Login; graph.instagram.com documents none), missing
 * media URLs, downloads that fail, non-JPEG images, captions over 2200 characters or 30
 * hashtags, carousels outside 2–10 finished items, publishing a container twice or over quota.
 *
 * @example
 * ```ts
 * const fake = await createInstagramFake({ login: 'instagram' });
 * const instagram = createInstagram(fake.adapterOptions());
 * ```
 */
export async function createInstagramFake(options: InstagramFakeOptions = {}): Promise<InstagramFake> {
  const login = options.login ?? 'instagram';
  const clientId = options.clientId ?? 'ig-fake-app';
  const clientSecret = options.clientSecret ?? 'ig-fake-secret';
  const version = options.version ?? 'v25.0';
  const igUserId = options.igUserId ?? '17841400000000001';
  const username = options.username ?? 'relaypost_test';
  const fbUserId = '10000000000009';
  const pageId = '200000000000009';
  const processingPolls = options.processingPolls ?? 1;
  const quotaTotal = options.quotaTotal ?? 50;
  const viaBusinessManager = (options.pageRole ?? 'business_manager') === 'business_manager';
  const base = await createGraphFakeBase({
    name: 'instagram',
    version,
    clientId,
    clientSecret,
    requireAppSecretProof: login === 'facebook' && (options.requireAppSecretProof ?? false),
    // graph.facebook.com reads the Authorization header (Bearer, OAuth) and `access_token`;
    // graph.instagram.com is shown with `Authorization: Bearer` and with `access_token`.
    tokenIn:
      login === 'facebook'
        ? { header: ['Bearer', 'OAuth'], parameter: true }
        : { header: ['Bearer'], parameter: true },
    checksAppSecretProof: login === 'facebook',
    accessTokenTtlSeconds: 60 * 24 * 3600,
    rateLimitCode: 80002,
  });
  const { server } = base;
  const containers = new Map<string, InstagramFakeContainer>();
  const media: InstagramFakeMedia[] = [];
  let seeded: Date[] = [];
  let failProcessing = false;

  /** Which IG user a token may act for. */
  const mayActFor = (owner: string, id: string | undefined) =>
    id === igUserId && (owner === igUserId || owner === fbUserId);
  const forbidden = () => graphError(400, 10, '(#10) Application does not have permission for this action');
  /** The first group none of whose permissions the token holds (each group needs one of its members). */
  const lacking = (caller: GraphCaller, groups: readonly (readonly string[])[]) =>
    groups.find((group) => base.missing(caller, group).length === group.length);
  const BUSINESS_MANAGER_PUBLISH = ['ads_management', 'business_management'];
  const BUSINESS_MANAGER_READ = ['ads_management', 'ads_read', 'business_management'];
  /** Creating and publishing containers (the `media` and `media_publish` references). */
  const mayPublish = (caller: GraphCaller) =>
    lacking(
      caller,
      login === 'instagram'
        ? [['instagram_business_basic'], ['instagram_business_content_publish']]
        : [
            ['instagram_basic'],
            ['instagram_content_publish'],
            ['pages_read_engagement', 'pages_show_list'],
            ...(viaBusinessManager ? [BUSINESS_MANAGER_PUBLISH] : []),
          ],
    )
      ? forbidden()
      : undefined;
  /** Reading the account's media and containers (the IG Media reference). */
  const mayRead = (caller: GraphCaller) =>
    lacking(
      caller,
      login === 'instagram'
        ? [['instagram_business_basic']]
        : [
            ['instagram_basic'],
            ['pages_read_engagement'],
            ...(viaBusinessManager ? [BUSINESS_MANAGER_READ] : []),
          ],
    )
      ? forbidden()
      : undefined;
  /**
   * Why a video container ends in ERROR: its duration (read from the file) outside the story
   * (3–60 s) or reel (3 s–15 min) specifications of Meta's IG User Media reference.
   */
  const durationProblem = (type: string, bytes: Buffer): string | undefined => {
    const durationMs = mp4DurationMs(bytes);
    if (durationMs === undefined) return undefined;
    const [min, max] = type === 'STORIES' ? [3000, 60_000] : [3000, 15 * 60_000];
    if (durationMs < min || durationMs > max)
      return `ERROR: the video lasts ${durationMs / 1000} s; a ${type === 'STORIES' ? 'story' : 'reel'} takes ${min / 1000}–${max / 1000} s`;
    return undefined;
  };
  const publishedInWindow = () => {
    const since = Date.now() - 86_400_000;
    return [...seeded, ...media.map((m) => m.timestamp)].filter((t) => t.getTime() > since).length;
  };

  // --- Instagram Login -------------------------------------------------------------------------
  server.route('GET', '/oauth/authorize', (request) => {
    if (request.query.response_type !== 'code') return { status: 400, body: 'response_type must be code' };
    return base.oauth.authorize(request.query);
  });
  server.route('POST', '/oauth/access_token', (request) => {
    const form = request.form ?? {};
    if (!base.checkClient(form))
      return {
        status: 400,
        body: { error_type: 'OAuthException', code: 400, error_message: 'Invalid client_secret' },
      };
    if (form.grant_type !== 'authorization_code' || !form.code || !form.redirect_uri)
      return {
        status: 400,
        body: { error_type: 'OAuthException', code: 400, error_message: 'Missing parameters' },
      };
    const issued = base.oauth.exchangeCode({ code: form.code, redirectUri: form.redirect_uri });
    if (!issued)
      return {
        status: 400,
        body: {
          error_type: 'OAuthException',
          code: 400,
          error_message: 'This authorization code has been used',
        },
      };
    base.adopt(issued.access_token, igUserId);
    return {
      status: 200,
      body: {
        access_token: issued.access_token,
        user_id: igUserId,
        permissions: issued.scope.split(/[\s,]+/).filter(Boolean),
      },
    };
  });
  server.route('GET', '/access_token', (request) => {
    const params = paramsOf(request);
    if (params.grant_type !== 'ig_exchange_token' || params.client_secret !== clientSecret)
      return graphError(400, 100, 'Invalid grant_type or client_secret');
    const owner = params.access_token ? base.ownerOf(params.access_token) : undefined;
    if (!base.oauth.check(params.access_token).ok || owner !== igUserId)
      return graphError(400, 190, 'Invalid OAuth access token');
    // Long-lived and refreshed tokens keep the permissions the user granted.
    return {
      status: 200,
      body: { ...base.issueToken(igUserId, base.scopeOf(params.access_token)), token_type: 'bearer' },
    };
  });
  server.route('GET', '/refresh_access_token', (request) => {
    const params = paramsOf(request);
    if (params.grant_type !== 'ig_refresh_token') return graphError(400, 100, 'Invalid grant_type');
    const check = base.oauth.check(params.access_token);
    if (!check.ok || base.ownerOf(params.access_token ?? '') !== igUserId)
      return graphError(400, 190, 'Error validating access token', {
        ...(check.ok === false && check.reason === 'expired' ? { subcode: 463 } : {}),
      });
    return {
      status: 200,
      body: { ...base.issueToken(igUserId, base.scopeOf(params.access_token)), token_type: 'bearer' },
    };
  });
  base.api('GET', '/me', (request, _params, caller) => {
    if (caller.owner !== igUserId) return graphError(400, 100, 'Unsupported get request.');
    if (base.missing(caller, ['instagram_business_basic']).length) return forbidden();
    const fields = (request.query.fields ?? 'id').split(',');
    const body: Record<string, string> = { id: `app-scoped-${igUserId}` };
    if (fields.includes('user_id')) body.user_id = igUserId;
    if (fields.includes('username')) body.username = username;
    return { status: 200, body };
  });

  // --- Facebook Login --------------------------------------------------------------------------
  server.route('GET', `${base.prefix}/dialog/oauth`, (request) => base.oauth.authorize(request.query));
  server.route('GET', `${base.prefix}/oauth/access_token`, (request) => {
    const params = paramsOf(request);
    if (!base.checkClient(params)) return graphError(400, 1, 'Error validating client secret.');
    if (params.grant_type === 'fb_exchange_token') {
      if (base.ownerOf(params.fb_exchange_token ?? '') !== fbUserId)
        return graphError(400, 190, 'Invalid token');
      return {
        status: 200,
        body: { ...base.issueToken(fbUserId, base.scopeOf(params.fb_exchange_token)), token_type: 'bearer' },
      };
    }
    const issued = base.oauth.exchangeCode({
      code: params.code ?? '',
      redirectUri: params.redirect_uri ?? '',
    });
    if (!issued) return graphError(400, 100, 'Invalid verification code format.', { subcode: 36007 });
    base.adopt(issued.access_token, fbUserId);
    return {
      status: 200,
      body: { access_token: issued.access_token, token_type: 'bearer', expires_in: 5183 },
    };
  });
  base.api('GET', '/me/accounts', (_request, _params, caller) => {
    if (caller.owner !== fbUserId)
      return graphError(400, 100, 'Tried accessing nonexisting field (accounts)');
    // ⚠ Without pages_show_list no Page is listed; a Page whose role came through Business
    // Manager is listed only with business_management.
    if (base.missing(caller, ['pages_show_list']).length) return { status: 200, body: { data: [] } };
    const linkedVisible = !viaBusinessManager || base.missing(caller, ['business_management']).length === 0;
    return {
      status: 200,
      body: {
        data: [
          ...(linkedVisible
            ? [{ id: pageId, name: 'RelayPost Page', instagram_business_account: { id: igUserId, username } }]
            : []),
          { id: '200000000000010', name: 'Page without Instagram' },
        ],
      },
    };
  });

  // --- Content publishing ----------------------------------------------------------------------
  base.api('POST', '/:id/media', async (request, { id }, caller) => {
    if (!mayActFor(caller.owner, id)) return forbidden();
    const refused = mayPublish(caller);
    if (refused) return refused;
    const params = paramsOf(request);
    const type = params.media_type ?? 'IMAGE';
    const isCarouselItem = params.is_carousel_item === 'true';
    const caption = params.caption ?? '';
    if (caption.length > 2200) return graphError(400, 100, 'The caption is too long.', { subcode: 2207010 });
    if ((caption.match(HASHTAG)?.length ?? 0) > 30)
      return graphError(400, 100, 'Too many hashtags in the caption.', { subcode: 2207021 });
    const container: InstagramFakeContainer = {
      id: base.newId(),
      owner: igUserId,
      mediaType: type as InstagramFakeContainer['mediaType'],
      caption,
      isCarouselItem,
      children: [],
      bytes: undefined,
      status: 'FINISHED',
      pollsLeft: 0,
      failure: undefined,
      params,
    };
    if (type === 'CAROUSEL') {
      const children = (params.children ?? '').split(',').filter(Boolean);
      if (children.length < 2 || children.length > 10)
        return graphError(400, 100, 'A carousel takes 2 to 10 children.', { subcode: 2207014 });
      for (const child of children) {
        const item = containers.get(child);
        if (!item?.isCarouselItem || item.status !== 'FINISHED')
          return graphError(400, 100, `Child ${child} is not a finished carousel item.`, {
            subcode: 2207032,
          });
      }
      container.children = children;
    } else {
      const isVideo = type === 'REELS' || type === 'VIDEO' || (type === 'STORIES' && !!params.video_url);
      if (type === 'VIDEO' && !isCarouselItem)
        return graphError(400, 100, 'The VIDEO media type is no longer supported: use REELS.');
      if (!['IMAGE', 'VIDEO', 'REELS', 'STORIES'].includes(type))
        return graphError(400, 100, `(#100) media_type must be one of REELS, STORIES, CAROUSEL`);
      const url = isVideo ? params.video_url : params.image_url;
      if (!url)
        return graphError(
          400,
          100,
          `(#100) The parameter ${isVideo ? 'video_url' : 'image_url'} is required`,
        );
      const got = await downloadMedia(url);
      if (!got.ok)
        return graphError(400, 9004, `Media download has failed: ${got.reason}`, { subcode: 2207052 });
      if (!isVideo && got.contentType !== 'image/jpeg')
        return graphError(400, 9004, 'Only JPEG images are supported.', { subcode: 2207026 });
      if (isVideo && !got.contentType.startsWith('video/'))
        return graphError(400, 9004, 'The video format is not supported.', { subcode: 2207026 });
      container.bytes = got.bytes;
      if (isVideo) {
        container.status = 'IN_PROGRESS';
        container.pollsLeft = processingPolls;
        container.failure = durationProblem(type, got.bytes);
      }
    }
    containers.set(container.id, container);
    return { status: 200, body: { id: container.id } };
  });

  base.api('POST', '/:id/media_publish', (request, { id }, caller) => {
    if (!mayActFor(caller.owner, id)) return forbidden();
    const refused = mayPublish(caller);
    if (refused) return refused;
    const creationId = paramsOf(request).creation_id;
    const container = creationId ? containers.get(creationId) : undefined;
    if (!container || container.owner !== igUserId || container.isCarouselItem)
      return graphError(400, 100, 'Media ID is not available', { subcode: 2207027 });
    if (container.status === 'PUBLISHED')
      return graphError(400, 100, 'The media has already been published', { subcode: 2207027 });
    if (container.status !== 'FINISHED')
      return graphError(400, 9007, 'Media ID is not available', { subcode: 2207027 });
    if (publishedInWindow() >= quotaTotal)
      return graphError(400, 9, 'Application request limit reached', {
        subcode: 2207042,
        userMessage:
          'You reached maximum number of posts that is allowed to be published by Content Publishing API.',
      });
    container.status = 'PUBLISHED';
    const published: InstagramFakeMedia = {
      id: base.newId(),
      owner: igUserId,
      caption: container.caption,
      mediaType: container.mediaType === 'REELS' ? 'VIDEO' : container.mediaType,
      itemCount: container.mediaType === 'CAROUSEL' ? container.children.length : 1,
      containerId: container.id,
      timestamp: new Date(),
    };
    media.push(published);
    return { status: 200, body: { id: published.id } };
  });

  base.api('GET', '/:id/content_publishing_limit', (_request, { id }, caller) => {
    if (!mayActFor(caller.owner, id)) return forbidden();
    const refused = mayPublish(caller);
    if (refused) return refused;
    return {
      status: 200,
      body: {
        data: [
          { quota_usage: publishedInWindow(), config: { quota_total: quotaTotal, quota_duration: 86400 } },
        ],
      },
    };
  });

  base.api('GET', '/:id/media', (request, { id }, caller) => {
    if (!mayActFor(caller.owner, id)) return forbidden();
    const refused = mayRead(caller);
    if (refused) return refused;
    const limit = Math.min(Number(request.query.limit ?? 25) || 25, 100);
    const data = [
      ...seeded.map((at, i) => ({ id: `seed${i}`, caption: '', timestamp: at })),
      ...media.map((m) => ({ id: m.id, caption: m.caption, timestamp: m.timestamp })),
    ]
      .sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime())
      .slice(0, limit)
      .map((m) => ({
        id: m.id,
        ...(m.caption ? { caption: m.caption } : {}),
        timestamp: formatTime(m.timestamp),
        permalink: `https://www.instagram.com/p/${m.id}/`,
      }));
    return { status: 200, body: { data } };
  });

  base.api('GET', '/:id', (_request, { id }, caller) => {
    const refused = mayRead(caller);
    if (refused) return refused;
    const container = id ? containers.get(id) : undefined;
    if (container) {
      if (!mayActFor(caller.owner, container.owner)) return forbidden();
      if (container.status === 'IN_PROGRESS') {
        if (container.pollsLeft > 0) container.pollsLeft -= 1;
        else if (failProcessing) {
          failProcessing = false;
          container.failure = 'Error: the video could not be processed (2207026)';
          container.status = 'ERROR';
        } else container.status = container.failure ? 'ERROR' : 'FINISHED';
      }
      const body: Record<string, string> = { id: container.id, status_code: container.status };
      if (container.status === 'ERROR') body.status = container.failure ?? 'Error';
      return { status: 200, body };
    }
    const found = media.find((m) => m.id === id);
    if (!found) return graphError(400, 100, `Object with ID '${id}' does not exist`, { subcode: 33 });
    if (!mayActFor(caller.owner, found.owner)) return forbidden();
    return {
      status: 200,
      body: {
        id: found.id,
        caption: found.caption,
        timestamp: formatTime(found.timestamp),
        permalink: `https://www.instagram.com/p/${found.id}/`,
      },
    };
  });

  base.api('DELETE', '/:id', (_request, { id }, caller) => {
    // ⚠ Meta documents no permission list for deleting IG media; the publishing ones stand in.
    const refused = mayPublish(caller);
    if (refused) return refused;
    const index = media.findIndex((m) => m.id === id);
    const found = media[index];
    if (!found) return graphError(400, 100, `Object with ID '${id}' does not exist`, { subcode: 33 });
    if (!mayActFor(caller.owner, found.owner)) return forbidden();
    media.splice(index, 1);
    return { status: 200, body: { success: true } };
  });

  const isPublish = (request: RecordedRequest) =>
    request.method === 'POST' && request.path.endsWith('/media_publish');

  return {
    platform: 'instagram',
    server,
    igUserId,
    adapterOptions: () => ({
      login,
      clientId,
      clientSecret,
      graphVersion: version,
      graphBaseUrl: server.url,
      authorizeUrl: login === 'instagram' ? `${server.url}/oauth/authorize` : server.url,
      tokenUrl: `${server.url}/oauth/access_token`,
    }),
    failNextPublish: (fault: PlatformFault, times = 1) => base.scriptPublishFault(isPublish, fault, times),
    posts: (): FakePost[] =>
      media.map((m) => ({ id: m.id, text: m.caption, mediaCount: m.itemCount, raw: m })),
    containers: () => [...containers.values()],
    media: () => [...media],
    failNextProcessing: () => {
      failProcessing = true;
    },
    seedPublished: (count: number, at = new Date()) => {
      seeded = [...seeded, ...Array.from({ length: count }, () => at)];
    },
    expireAccessTokens: () => base.oauth.expireAll(),
    close: () => server.close(),
  };
}
