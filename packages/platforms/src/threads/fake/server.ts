import { countThreadsCharacters } from '@relaypost/core';
import {
  createGraphFakeBase,
  downloadMedia,
  type GraphCaller,
  graphError,
  paramsOf,
} from '../../graph/fake/base.js';
import type { RecordedRequest } from '../../testing/fake-server.js';
import type { FakePost, PlatformFake, PlatformFault } from '../../testing/platform-fake.js';

/** Options for {@link createThreadsFake}. */
export interface ThreadsFakeOptions {
  clientId?: string;
  clientSecret?: string;
  version?: string;
  userId?: string;
  username?: string;
  /** Status polls a video container answers `IN_PROGRESS` before `FINISHED`. Default 1. */
  processingPolls?: number;
}

/** Who may reply to a post (`reply_control`), the five values Meta's reply management guide lists. */
const REPLY_CONTROLS = [
  'everyone',
  'accounts_you_follow',
  'mentioned_only',
  'parent_post_author_only',
  'followers_only',
];

/** A Threads container. */
export interface ThreadsFakeContainer {
  id: string;
  mediaType: 'TEXT' | 'IMAGE' | 'VIDEO' | 'CAROUSEL';
  text: string;
  isCarouselItem: boolean;
  children: string[];
  replyTo: string | undefined;
  replyControl: string | undefined;
  status: 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';
  pollsLeft: number;
}

/** A published Threads post. */
export interface ThreadsFakePost {
  id: string;
  text: string;
  mediaType: string;
  itemCount: number;
  replyTo: string | undefined;
  replyControl: string | undefined;
  timestamp: Date;
}

/** The Threads fake: the platform fake contract plus Threads-specific helpers. */
export interface ThreadsFake extends PlatformFake {
  readonly platform: 'threads';
  readonly userId: string;
  adapterOptions(): {
    clientId: string;
    clientSecret: string;
    apiVersion: string;
    graphBaseUrl: string;
    authorizeUrl: string;
  };
  containers(): ThreadsFakeContainer[];
  threads(): ThreadsFakePost[];
}

const formatTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, '+0000');

/**
 * Starts a fake Threads API on loopback: authorize (the granted permissions are the requested
 * `scope`), code exchange, `th_exchange_token`, `th_refresh_token`, `/me`, containers (TEXT,
 * IMAGE, VIDEO, CAROUSEL; media downloaded from the given URLs for real; videos finish over
 * status polls), `threads_publish`, replies, the user's posts and delete. Like graph.threads.net
 * it reads the token from the `access_token` parameter only (every example in Meta's Threads
 * docs passes it so; an `Authorization` header is not looked at). It refuses what Threads
 * refuses: dead tokens, a token without the permission an endpoint needs (`threads_basic`
 * everywhere, `threads_content_publish` to publish, `threads_manage_replies` for `reply_to_id`,
 * `threads_delete` to delete), text over 500 characters (emoji counted as their UTF-8 length),
 * an unknown `reply_control`, media that cannot be downloaded, carousels outside 2–20 finished
 * items, replies to unknown posts, publishing a container twice.
 *
 * @example
 * ```ts
 * const fake = await createThreadsFake();
 * const threads = createThreads(fake.adapterOptions());
 * ```
 */
export async function createThreadsFake(options: ThreadsFakeOptions = {}): Promise<ThreadsFake> {
  const clientId = options.clientId ?? 'threads-fake-app';
  const clientSecret = options.clientSecret ?? 'threads-fake-secret';
  const version = options.version ?? 'v1.0';
  const userId = options.userId ?? '26000000000000001';
  const username = options.username ?? 'relaypost_test';
  const processingPolls = options.processingPolls ?? 1;
  const base = await createGraphFakeBase({
    name: 'threads',
    version,
    clientId,
    clientSecret,
    requireAppSecretProof: false,
    tokenIn: { header: [], parameter: true },
    checksAppSecretProof: false,
    errorType: 'THApiException',
    accessTokenTtlSeconds: 60 * 24 * 3600,
    rateLimitCode: 17,
  });
  const { server } = base;
  const containers = new Map<string, ThreadsFakeContainer>();
  const posts: ThreadsFakePost[] = [];
  const forbidden = () =>
    graphError(400, 10, '(#10) Application does not have permission for this action', {
      type: base.errorType,
    });
  /**
   * A token without a permission the endpoint needs. ⚠ Threads' shape for this is taken from an
   * observed answer (THApiException, code 100, subcode 10), not from a published error table.
   */
  const needs = (caller: GraphCaller, permissions: readonly string[]) => {
    const missing = base.missing(caller, permissions);
    if (missing.length === 0) return undefined;
    return graphError(400, 100, `This action requires the ${missing.join(', ')} permission.`, {
      subcode: 10,
      type: base.errorType,
    });
  };
  const invalid = (message: string, subcode?: number) =>
    graphError(400, 100, message, { type: base.errorType, ...(subcode ? { subcode } : {}) });

  // --- OAuth -----------------------------------------------------------------------------------
  server.route('GET', '/oauth/authorize', (request) => {
    if (request.query.response_type !== 'code') return { status: 400, body: 'response_type must be code' };
    return base.oauth.authorize(request.query);
  });
  server.route('POST', '/oauth/access_token', (request) => {
    const form = request.form ?? {};
    if (!base.checkClient(form)) return graphError(400, 1, 'Error validating client secret.');
    if (form.grant_type !== 'authorization_code' || !form.code || !form.redirect_uri)
      return graphError(400, 100, 'Missing parameters');
    const issued = base.oauth.exchangeCode({ code: form.code, redirectUri: form.redirect_uri });
    if (!issued) return graphError(400, 100, 'Invalid verification code format.', { subcode: 36007 });
    base.adopt(issued.access_token, userId);
    return { status: 200, body: { access_token: issued.access_token, user_id: userId } };
  });
  server.route('GET', '/access_token', (request) => {
    const params = paramsOf(request);
    if (params.grant_type !== 'th_exchange_token' || params.client_secret !== clientSecret)
      return graphError(400, 100, 'Invalid grant_type or client_secret');
    if (!base.oauth.check(params.access_token).ok || base.ownerOf(params.access_token ?? '') !== userId)
      return graphError(400, 190, 'Invalid OAuth access token');
    // Long-lived and refreshed tokens keep the permissions the user granted.
    return {
      status: 200,
      body: { ...base.issueToken(userId, base.scopeOf(params.access_token)), token_type: 'bearer' },
    };
  });
  server.route('GET', '/refresh_access_token', (request) => {
    const params = paramsOf(request);
    if (params.grant_type !== 'th_refresh_token') return graphError(400, 100, 'Invalid grant_type');
    if (!base.oauth.check(params.access_token).ok || base.ownerOf(params.access_token ?? '') !== userId)
      return graphError(400, 190, 'Error validating access token');
    return {
      status: 200,
      body: { ...base.issueToken(userId, base.scopeOf(params.access_token)), token_type: 'bearer' },
    };
  });
  base.api('GET', '/me', (_request, _params, caller) => {
    if (caller.owner !== userId) return forbidden();
    const refused = needs(caller, ['threads_basic']);
    if (refused) return refused;
    return { status: 200, body: { id: userId, username } };
  });

  // --- Publishing ------------------------------------------------------------------------------
  base.api('POST', '/:id/threads', async (request, { id }, caller) => {
    if (id !== userId || caller.owner !== userId) return forbidden();
    const params = paramsOf(request);
    // Replies are "POST calls to reply endpoints": they need threads_manage_replies too.
    const refused = needs(caller, [
      'threads_basic',
      'threads_content_publish',
      ...(params.reply_to_id ? ['threads_manage_replies'] : []),
    ]);
    if (refused) return refused;
    const type = params.media_type;
    const text = params.text ?? '';
    if (!type || !['TEXT', 'IMAGE', 'VIDEO', 'CAROUSEL'].includes(type))
      return invalid('(#100) media_type must be one of TEXT, IMAGE, VIDEO, CAROUSEL');
    if (countThreadsCharacters(text) > 500) return invalid('The text is too long (500 characters).', 4279009);
    if (params.reply_control !== undefined && !REPLY_CONTROLS.includes(params.reply_control))
      return invalid(`(#100) Param reply_control must be one of {${REPLY_CONTROLS.join(', ')}}`);
    if (params.reply_to_id && !posts.some((p) => p.id === params.reply_to_id))
      return invalid('The post you are replying to does not exist.', 4279024);
    const container: ThreadsFakeContainer = {
      id: base.newId(),
      mediaType: type as ThreadsFakeContainer['mediaType'],
      text,
      isCarouselItem: params.is_carousel_item === 'true',
      children: [],
      replyTo: params.reply_to_id,
      replyControl: params.reply_control,
      status: 'FINISHED',
      pollsLeft: 0,
    };
    if (type === 'TEXT' && !text) return invalid('(#100) text is required for TEXT posts');
    if (type === 'CAROUSEL') {
      const children = (params.children ?? '').split(',').filter(Boolean);
      if (children.length < 2 || children.length > 20) return invalid('A carousel takes 2 to 20 children.');
      for (const child of children) {
        const item = containers.get(child);
        if (!item?.isCarouselItem || item.status !== 'FINISHED')
          return invalid(`Child ${child} is not a finished carousel item.`);
      }
      container.children = children;
    } else if (type === 'IMAGE' || type === 'VIDEO') {
      const url = type === 'IMAGE' ? params.image_url : params.video_url;
      const got = await downloadMedia(url);
      if (!got.ok) return invalid(`Media download has failed: ${got.reason}`, 2207052);
      if (type === 'IMAGE' && !['image/jpeg', 'image/png'].includes(got.contentType))
        return invalid('Only JPEG and PNG images are supported.');
      if (type === 'VIDEO' && !got.contentType.startsWith('video/'))
        return invalid('The video format is not supported.');
      if (type === 'VIDEO') {
        container.status = 'IN_PROGRESS';
        container.pollsLeft = processingPolls;
      }
    }
    containers.set(container.id, container);
    return { status: 200, body: { id: container.id } };
  });

  base.api('POST', '/:id/threads_publish', (request, { id }, caller) => {
    if (id !== userId || caller.owner !== userId) return forbidden();
    const creationId = paramsOf(request).creation_id;
    const container = creationId ? containers.get(creationId) : undefined;
    const refused = needs(caller, [
      'threads_basic',
      'threads_content_publish',
      ...(container?.replyTo ? ['threads_manage_replies'] : []),
    ]);
    if (refused) return refused;
    if (!container || container.isCarouselItem) return invalid('Media ID is not available');
    if (container.status !== 'FINISHED')
      return invalid(`The container is ${container.status} and cannot be published`);
    container.status = 'PUBLISHED';
    const post: ThreadsFakePost = {
      id: base.newId(),
      text: container.text,
      mediaType:
        container.mediaType === 'CAROUSEL'
          ? 'CAROUSEL_ALBUM'
          : container.mediaType.replace('TEXT', 'TEXT_POST'),
      itemCount:
        container.mediaType === 'TEXT'
          ? 0
          : container.mediaType === 'CAROUSEL'
            ? container.children.length
            : 1,
      replyTo: container.replyTo,
      replyControl: container.replyControl,
      timestamp: new Date(),
    };
    posts.push(post);
    return { status: 200, body: { id: post.id } };
  });

  base.api('GET', '/:id/threads', (request, { id }, caller) => {
    if (id !== userId || caller.owner !== userId) return forbidden();
    const refused = needs(caller, ['threads_basic']);
    if (refused) return refused;
    const limit = Math.min(Number(request.query.limit ?? 25) || 25, 100);
    const data = [...posts]
      .reverse()
      .slice(0, limit)
      .map((p) => ({
        id: p.id,
        ...(p.text ? { text: p.text } : {}),
        timestamp: formatTime(p.timestamp),
        permalink: `https://www.threads.net/@${username}/post/${p.id}`,
      }));
    return { status: 200, body: { data } };
  });

  base.api('GET', '/:id', (_request, { id }, caller) => {
    if (caller.owner !== userId) return forbidden();
    const refused = needs(caller, ['threads_basic']);
    if (refused) return refused;
    const container = id ? containers.get(id) : undefined;
    if (container) {
      if (container.status === 'IN_PROGRESS') {
        if (container.pollsLeft > 0) container.pollsLeft -= 1;
        else container.status = 'FINISHED';
      }
      return { status: 200, body: { id: container.id, status: container.status } };
    }
    const post = posts.find((p) => p.id === id);
    if (!post) return invalid(`Object with ID '${id}' does not exist`, 33);
    return {
      status: 200,
      body: {
        id: post.id,
        text: post.text,
        permalink: `https://www.threads.net/@${username}/post/${post.id}`,
      },
    };
  });

  base.api('DELETE', '/:id', (_request, { id }, caller) => {
    if (caller.owner !== userId) return forbidden();
    const refused = needs(caller, ['threads_basic', 'threads_delete']);
    if (refused) return refused;
    const index = posts.findIndex((p) => p.id === id);
    if (index < 0) return invalid(`Object with ID '${id}' does not exist`, 33);
    posts.splice(index, 1);
    return { status: 200, body: { success: true, deleted_id: id } };
  });

  const isPublish = (request: RecordedRequest) =>
    request.method === 'POST' && request.path.endsWith('/threads_publish');

  return {
    platform: 'threads',
    server,
    userId,
    adapterOptions: () => ({
      clientId,
      clientSecret,
      apiVersion: version,
      graphBaseUrl: server.url,
      authorizeUrl: `${server.url}/oauth/authorize`,
    }),
    failNextPublish: (fault: PlatformFault, times = 1) => base.scriptPublishFault(isPublish, fault, times),
    posts: (): FakePost[] =>
      posts.map((p) => ({ id: p.id, text: p.text, mediaCount: p.itemCount, replyTo: p.replyTo, raw: p })),
    containers: () => [...containers.values()],
    threads: () => [...posts],
    expireAccessTokens: () => base.oauth.expireAll(),
    close: () => server.close(),
  };
}
