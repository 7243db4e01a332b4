import { countXWeighted } from '@relaypost/core';
import { FakeOAuthAuthority, missingScopes } from '../../testing/fake-oauth.js';
import {
  type FakeHandler,
  type FakeResponse,
  FakeServer,
  type RecordedRequest,
} from '../../testing/fake-server.js';
import type { FakePost, PlatformFake, PlatformFault } from '../../testing/platform-fake.js';
import { X_APPEND_MAX_BYTES } from '../limits.js';
import { forbidden, invalidRequest, notFound, oauthError, problem, unauthorized } from './problems.js';

/** Options for {@link createXFake}. */
export interface XFakeOptions {
  clientId?: string;
  /** The client secret of a confidential client; `null` makes the app a public client. */
  clientSecret?: string | null;
  userId?: string;
  username?: string;
  name?: string;
  /** STATUS polls answered `in_progress` before GIF/video processing ends. Default 1. */
  processingPolls?: number;
  /** `check_after_secs` the fake asks for. Default 1. */
  checkAfterSecs?: number;
  /** Refuse a post whose text equals one of the account's live posts (X does). Default false. */
  rejectDuplicates?: boolean;
  accessTokenTtlSeconds?: number;
  /**
   * Posts one user may create in 24 hours; past it `POST /2/tweets` answers 429 with the
   * `x-user-limit-24hour-*` headers X sends for a user's daily cap. Default: no cap.
   */
  userDailyPostLimit?: number;
  /**
   * Pay-per-use credits: every API call spends one, and with none left X answers 402
   * `CreditsDepleted`. Default: unlimited.
   */
  credits?: number;
  /** How long unused media stays usable (`expires_after_secs`). Default 1,295,999 s (~15 days). */
  mediaLifetimeSecs?: number;
}

/** One request and the answer the fake gave, for contract tests. */
export interface XFakeExchange {
  request: RecordedRequest;
  /** The route pattern that answered, e.g. `/2/media/upload/:id/append`. */
  route: string;
  response: FakeResponse;
}

/** A post as the fake stores it (text as sent). */
export interface XFakeTweet {
  id: string;
  text: string;
  authorId: string;
  createdAt: string;
  mediaIds: string[];
  replyTo: string | undefined;
  replySettings: string | undefined;
  deleted: boolean;
}

/** A media upload session. */
export interface XFakeMedia {
  id: string;
  mediaKey: string;
  ownerId: string;
  mediaType: string;
  category: string;
  totalBytes: number;
  segments: Map<number, Buffer>;
  bytes: Buffer | undefined;
  state: 'uploading' | 'pending' | 'in_progress' | 'succeeded' | 'failed';
  pollsLeft: number;
  failReason: string | undefined;
  altText: string | undefined;
  /** Epoch ms after which the media can no longer be attached. */
  expiresAt: number;
}

/** The X fake: the platform fake contract plus X-specific helpers. */
export interface XFake extends PlatformFake {
  readonly platform: 'x';
  readonly oauth: FakeOAuthAuthority;
  readonly userId: string;
  /** Options that point `createX` at this fake. */
  adapterOptions(): {
    clientId: string;
    clientSecret?: string;
    apiBaseUrl: string;
    authorizeUrl: string;
    tokenUrl: string;
  };
  /** Every request with the answer the fake gave (scripted connection drops have none). */
  exchanges(): XFakeExchange[];
  tweets(): XFakeTweet[];
  media(): XFakeMedia[];
  /** The next GIF/video to finish processing ends `failed` with this message. */
  failNextProcessing(message: string): void;
  /** The next post answers 429 because the app's daily cap is used up (`x-app-limit-24hour-*`). */
  capAppNextPublish(resetInSeconds: number): void;
  /** Sets the pay-per-use credits left (`0`: every call answers 402). */
  setCredits(credits: number | undefined): void;
}

const MB = 1024 * 1024;
const MEDIA_TYPES = new Set([
  'video/mp4',
  'video/webm',
  'video/mp2t',
  'video/quicktime',
  'text/srt',
  'text/vtt',
  'image/jpeg',
  'image/gif',
  'image/bmp',
  'image/png',
  'image/webp',
  'image/pjpeg',
  'image/tiff',
  'model/gltf-binary',
  'model/vnd.usdz+zip',
]);
/** The categories a post can use, with their size limits. */
const CATEGORY_LIMITS: Record<string, number> = {
  tweet_image: 5 * MB,
  tweet_gif: 15 * MB,
  tweet_video: 512 * MB,
};
const TWEET_FIELDS = new Set([
  'text',
  'media',
  'reply',
  'reply_settings',
  'quote_tweet_id',
  'poll',
  'for_super_followers_only',
  'nullcast',
  'geo',
  'card_uri',
  'community_id',
  'direct_message_deep_link',
  'edit_options',
  'share_with_followers',
  'made_with_ai',
  'paid_partnership',
]);
const REPLY_SETTINGS = new Set(['following', 'mentionedUsers', 'subscribers', 'verified']);
const ID = /^[0-9]{1,19}$/;
/** X's quickstart answers `expires_after_secs: 1295999`: unused media lives about 15 days. */
const MEDIA_LIFETIME_SECS = 1_295_999;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Per-user limits per endpoint, per 15 minutes (X's published table). */
const LIMITS: Record<string, number> = {
  'POST /2/tweets': 100,
  'DELETE /2/tweets/:id': 50,
  'GET /2/users/me': 75,
  'GET /2/users/:id/tweets': 900,
  'POST /2/media/upload/initialize': 1875,
  'POST /2/media/upload/:id/append': 1875,
  'POST /2/media/upload/:id/finalize': 1875,
  'GET /2/media/upload': 1875,
  'POST /2/media/metadata': 500,
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Starts a fake X API v2 on loopback: OAuth 2.0 with PKCE and rotating refresh tokens, users/me,
 * posts (create, delete, the user's timeline), chunked media upload with processing that moves
 * from pending to succeeded over STATUS polls, alt text, `x-rate-limit-*` headers on every API
 * answer and problem+json errors. It refuses what X refuses: missing or dead tokens, tokens
 * without the scopes the OpenAPI document lists per endpoint (X's bare 403), bodies that are not
 * JSON, unknown fields, bad or expired media ids, chunks over 5 MB (413), over-long text (counted
 * by X's twitter-text), and, when configured, a user's daily post cap (429 with
 * `x-user-limit-24hour-*`) and used-up pay-per-use credits (402).
 *
 * @example
 * ```ts
 * const fake = await createXFake();
 * const x = createX(fake.adapterOptions());
 * ```
 */
export async function createXFake(options: XFakeOptions = {}): Promise<XFake> {
  const clientId = options.clientId ?? 'x-fake-client';
  const clientSecret = options.clientSecret === undefined ? 'x-fake-secret' : options.clientSecret;
  const userId = options.userId ?? '1460000000000000001';
  const username = options.username ?? 'relaypost_test';
  const name = options.name ?? 'RelayPost Test';
  const processingPolls = options.processingPolls ?? 1;
  const checkAfterSecs = options.checkAfterSecs ?? 1;
  const server = await FakeServer.start('x');
  const oauth = new FakeOAuthAuthority({
    clientId,
    ...(clientSecret === null ? {} : { clientSecret }),
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 7200,
    issueRefreshTokens: true,
    rotateRefreshTokens: true,
    requirePkce: true,
    subject: userId,
  });
  const tweets: XFakeTweet[] = [];
  const media = new Map<string, XFakeMedia>();
  const exchanges: XFakeExchange[] = [];
  const buckets = new Map<string, { remaining: number; reset: number }>();
  const publishFaults: PlatformFault[] = [];
  const processingFailures: string[] = [];
  let appCapResetSeconds: number | undefined;
  let credits = options.credits;
  const mediaLifetimeSecs = options.mediaLifetimeSecs ?? MEDIA_LIFETIME_SECS;
  let nextId = 1_900_000_000_000_000_000n;
  const newId = () => (nextId++).toString();

  /** Registers a route whose answers are recorded for contract tests. */
  const route = (method: string, path: string, handler: FakeHandler) => {
    server.route(method, path, async (request, params) => {
      const response = await handler(request, params);
      exchanges.push({ request, route: path, response });
      return response;
    });
  };

  /** Counts the call against its bucket and adds the `x-rate-limit-*` headers. */
  function rateLimited(key: string, response: FakeResponse): FakeResponse {
    const limit = LIMITS[key] ?? 300;
    const now = Date.now();
    let bucket = buckets.get(key);
    if (!bucket || bucket.reset * 1000 <= now) {
      bucket = { remaining: limit, reset: Math.ceil((now + 15 * 60 * 1000) / 1000) };
      buckets.set(key, bucket);
    }
    const exhausted = bucket.remaining === 0;
    bucket.remaining = Math.max(0, bucket.remaining - 1);
    const headers = {
      'x-rate-limit-limit': String(limit),
      'x-rate-limit-remaining': String(bucket.remaining),
      'x-rate-limit-reset': String(bucket.reset),
    };
    const answer = exhausted ? problem(429, 'Too Many Requests', 'Too Many Requests') : response;
    // A scripted 429 carries its own reset: it wins over the bucket.
    return { ...answer, headers: { ...headers, ...answer.headers } };
  }

  /**
   * Checks the bearer token and the scopes the OpenAPI document lists for the endpoint; returns
   * the user id or the refusal. A token without a scope gets X's bare 403 (`detail: Forbidden`).
   */
  function authorise(request: RecordedRequest, scopes: readonly string[]): string | FakeResponse {
    const check = oauth.check(request.headers.authorization);
    if (!check.ok) return unauthorized();
    if (missingScopes(check.scope, scopes).length > 0) return forbidden('Forbidden');
    return check.subject;
  }

  /** Spends a pay-per-use credit; with none left, X's 402. */
  function spendCredit(): FakeResponse | undefined {
    if (credits === undefined) return undefined;
    if (credits <= 0)
      return problem(
        402,
        'CreditsDepleted',
        'Your enrolled account does not have any credits to fulfill this request.',
        'credits',
      );
    credits -= 1;
    return undefined;
  }

  /** An authenticated, rate-limited API route. */
  const api = (
    method: string,
    path: string,
    scopes: readonly string[],
    handler: (request: RecordedRequest, params: Record<string, string>, user: string) => FakeResponse,
  ) =>
    route(method, path, (request, params) => {
      const user = authorise(request, scopes);
      const response = typeof user === 'string' ? (spendCredit() ?? handler(request, params, user)) : user;
      return rateLimited(`${method} ${path}`, response);
    });

  /** The JSON body, or the refusal X gives a body that is not JSON. */
  function jsonBody(
    request: RecordedRequest,
  ): { ok: true; body: Record<string, unknown> } | { ok: false; response: FakeResponse } {
    if (!(request.headers['content-type'] ?? '').includes('application/json') || !isObject(request.json)) {
      const response = problem(
        400,
        'Invalid Request',
        'The request body must be a JSON object.',
        'invalid-request',
        {
          errors: [{ message: 'Request body is not valid JSON' }],
        },
      );
      return { ok: false, response };
    }
    return { ok: true, body: request.json };
  }

  // --- OAuth 2.0 -------------------------------------------------------------------------------
  route('GET', '/i/oauth2/authorize', (request) => {
    if (request.query.response_type !== 'code') return { status: 400, body: 'response_type must be code' };
    if (!request.query.scope) return { status: 400, body: 'scope is required' };
    return oauth.authorize(request.query);
  });

  route('POST', '/2/oauth2/token', (request) => {
    if (!request.form)
      return oauthError('invalid_request', 'Body must be application/x-www-form-urlencoded.');
    const basic = request.headers.authorization;
    if (clientSecret !== null && !basic?.startsWith('Basic '))
      return oauthError('unauthorized_client', 'Missing valid authorization header', 401);
    if (clientSecret === null && !request.form.client_id)
      return oauthError('invalid_request', 'Missing required parameter [client_id].');
    if (!oauth.checkClient(request.form, basic))
      return oauthError('unauthorized_client', 'Invalid client credentials', 401);
    const form = request.form;
    if (form.grant_type === 'authorization_code') {
      if (!form.code || !form.redirect_uri || !form.code_verifier)
        return oauthError(
          'invalid_request',
          'Missing required parameter [code, redirect_uri, code_verifier].',
        );
      const issued = oauth.exchangeCode({
        code: form.code,
        redirectUri: form.redirect_uri,
        codeVerifier: form.code_verifier,
      });
      return issued
        ? { status: 200, body: issued }
        : oauthError('invalid_request', 'Value passed for the authorization code was invalid.');
    }
    if (form.grant_type === 'refresh_token') {
      const issued = form.refresh_token ? oauth.refresh(form.refresh_token) : null;
      return issued
        ? { status: 200, body: issued }
        : oauthError('invalid_request', 'Value passed for the token was invalid.');
    }
    return oauthError('unsupported_grant_type', 'Unsupported grant_type.');
  });

  // --- Users -----------------------------------------------------------------------------------
  api('GET', '/2/users/me', ['tweet.read', 'users.read'], (request) => {
    const fields = (request.query['user.fields'] ?? '').split(',');
    return {
      status: 200,
      body: {
        data: {
          id: userId,
          name,
          username,
          ...(fields.includes('profile_image_url')
            ? { profile_image_url: 'https://pbs.twimg.com/profile_images/1/normal.jpg' }
            : {}),
        },
      },
    };
  });

  api('GET', '/2/users/:id/tweets', ['tweet.read', 'users.read'], (request, { id = '' }) => {
    if (!ID.test(id)) return invalidRequest('id', `The \`id\` query parameter value [${id}] is not valid`);
    const max = request.query.max_results === undefined ? 10 : Number(request.query.max_results);
    if (!Number.isInteger(max) || max < 5 || max > 100)
      return invalidRequest(
        'max_results',
        'The `max_results` query parameter value must be between 5 and 100',
      );
    const start = request.query.start_time === undefined ? 0 : Date.parse(request.query.start_time);
    if (Number.isNaN(start))
      return invalidRequest('start_time', 'The `start_time` query parameter value is invalid');
    const fields = new Set((request.query['tweet.fields'] ?? '').split(','));
    const found = tweets
      .filter((t) => !t.deleted && t.authorId === id && Date.parse(t.createdAt) >= start)
      .reverse()
      .slice(0, max);
    if (found.length === 0) return { status: 200, body: { meta: { result_count: 0 } } };
    const data = found.map((t) => ({
      id: t.id,
      text: t.text,
      edit_history_tweet_ids: [t.id],
      ...(fields.has('created_at') ? { created_at: t.createdAt } : {}),
      ...(fields.has('referenced_tweets') && t.replyTo
        ? { referenced_tweets: [{ type: 'replied_to', id: t.replyTo }] }
        : {}),
    }));
    return {
      status: 200,
      body: {
        data,
        meta: { result_count: data.length, newest_id: data[0]?.id, oldest_id: data.at(-1)?.id },
      },
    };
  });

  // --- Posts -----------------------------------------------------------------------------------
  /** X's answer once a user's daily post cap is used up. */
  function userCapped(user: string): FakeResponse | undefined {
    const limit = options.userDailyPostLimit;
    if (limit === undefined) return undefined;
    const since = Date.now() - DAY_MS;
    const recent = tweets.filter((t) => t.authorId === user && Date.parse(t.createdAt) > since);
    if (recent.length < limit) return undefined;
    const oldest = Date.parse(recent[0]?.createdAt ?? new Date().toISOString());
    return problem(
      429,
      'Too Many Requests',
      'Too Many Requests',
      'about:blank',
      {},
      {
        'x-user-limit-24hour-limit': String(limit),
        'x-user-limit-24hour-remaining': '0',
        'x-user-limit-24hour-reset': String(Math.ceil((oldest + DAY_MS) / 1000)),
      },
    );
  }

  function publishFault(): FakeResponse | undefined {
    if (appCapResetSeconds !== undefined) {
      const reset = String(Math.ceil(Date.now() / 1000) + appCapResetSeconds);
      appCapResetSeconds = undefined;
      return problem(
        429,
        'Too Many Requests',
        'Too Many Requests',
        'about:blank',
        {},
        {
          'x-app-limit-24hour-limit': '10000',
          'x-app-limit-24hour-remaining': '0',
          'x-app-limit-24hour-reset': reset,
        },
      );
    }
    const fault = publishFaults.shift();
    if (!fault) return undefined;
    switch (fault.kind) {
      case 'rate_limit':
        return problem(
          429,
          'Too Many Requests',
          'Too Many Requests',
          'about:blank',
          {},
          {
            'x-rate-limit-remaining': '0',
            'x-rate-limit-reset': String(Math.ceil((Date.now() + fault.retryAfterSeconds * 1000) / 1000)),
          },
        );
      case 'server_error': {
        const status = fault.status ?? 503;
        return problem(status, 'Service Unavailable', 'Service Unavailable');
      }
      case 'expired_token':
      case 'revoked_token':
        return unauthorized();
      case 'validation':
        return invalidRequest('text', fault.message ?? 'The text is not allowed.');
      case 'drop_after_apply':
        return undefined;
    }
  }

  function checkTweetBody(body: Record<string, unknown>, user: string): FakeResponse | undefined {
    const unknown = Object.keys(body).find((key) => !TWEET_FIELDS.has(key));
    if (unknown) return invalidRequest(unknown, `The \`${unknown}\` field is not allowed`);
    const { text, media: attached, reply, reply_settings } = body;
    if (text !== undefined && typeof text !== 'string')
      return invalidRequest('text', '`text` must be a string');
    if (attached === undefined && (typeof text !== 'string' || text.trim() === ''))
      return invalidRequest('text', 'Post text is required when there is no media');
    if (typeof text === 'string' && countXWeighted(text) > 280)
      return forbidden(
        'Your Tweet text is too long. For more information on how X counts characters, see https://docs.x.com/fundamentals/counting-characters.',
      );
    if (reply_settings !== undefined && !REPLY_SETTINGS.has(String(reply_settings)))
      return invalidRequest('reply_settings', '`reply_settings` is not one of the allowed values');
    if (reply !== undefined) {
      const target = isObject(reply) ? reply.in_reply_to_tweet_id : undefined;
      if (typeof target !== 'string' || !ID.test(target) || Object.keys(reply as object).length !== 1)
        return invalidRequest('reply.in_reply_to_tweet_id', 'A valid post id is required');
      if (!tweets.some((t) => t.id === target && !t.deleted))
        return forbidden('You attempted to reply to a Tweet that is deleted or not visible to you.');
    }
    if (attached !== undefined) {
      const ids = isObject(attached) ? attached.media_ids : undefined;
      if (
        !Array.isArray(ids) ||
        ids.length < 1 ||
        ids.length > 4 ||
        ids.some((id) => typeof id !== 'string' || !ID.test(id))
      )
        return invalidRequest('media.media_ids', '`media_ids` must hold 1 to 4 media ids');
      const items = ids.map((id) => media.get(String(id)));
      if (items.some((m) => !m || m.ownerId !== user || m.state !== 'succeeded' || m.expiresAt <= Date.now()))
        return invalidRequest('media.media_ids', 'Your media IDs are invalid.');
      const categories = new Set(items.map((m) => m?.category));
      if (
        categories.size > 1 ||
        ((categories.has('tweet_video') || categories.has('tweet_gif')) && ids.length > 1)
      )
        return invalidRequest('media.media_ids', 'A post may have up to 4 images, or 1 GIF, or 1 video.');
    }
    if (
      options.rejectDuplicates &&
      typeof text === 'string' &&
      tweets.some((t) => !t.deleted && t.authorId === user && t.text === text)
    )
      return forbidden('You are not allowed to create a Tweet with duplicate content.');
    return undefined;
  }

  api('POST', '/2/tweets', ['tweet.read', 'tweet.write', 'users.read'], (request, _params, user) => {
    const parsed = jsonBody(request);
    if (!parsed.ok) return parsed.response;
    const body = parsed.body;
    const refusal = publishFault() ?? userCapped(user) ?? checkTweetBody(body, user);
    if (refusal) return refusal;
    const attached =
      isObject(body.media) && Array.isArray(body.media.media_ids) ? body.media.media_ids.map(String) : [];
    const reply = isObject(body.reply) ? String(body.reply.in_reply_to_tweet_id) : undefined;
    const tweet: XFakeTweet = {
      id: newId(),
      text: typeof body.text === 'string' ? body.text : '',
      authorId: user,
      createdAt: new Date().toISOString(),
      mediaIds: attached,
      replyTo: reply,
      replySettings: typeof body.reply_settings === 'string' ? body.reply_settings : undefined,
      deleted: false,
    };
    tweets.push(tweet);
    return { status: 201, body: { data: { id: tweet.id, text: tweet.text } } };
  });

  api(
    'DELETE',
    '/2/tweets/:id',
    ['tweet.read', 'tweet.write', 'users.read'],
    (_request, { id = '' }, user) => {
      if (!ID.test(id)) return invalidRequest('id', `The \`id\` query parameter value [${id}] is not valid`);
      const tweet = tweets.find((t) => t.id === id && !t.deleted);
      if (!tweet) return notFound('id', id, 'tweet');
      if (tweet.authorId !== user)
        return forbidden('You are not allowed to delete a Tweet that is not yours.');
      tweet.deleted = true;
      return { status: 200, body: { data: { deleted: true } } };
    },
  );

  // --- Media -----------------------------------------------------------------------------------
  const MEDIA_SCOPES = ['media.write'];

  function ownMedia(id: string, user: string): XFakeMedia | FakeResponse {
    if (!ID.test(id)) return invalidRequest('id', `The media id [${id}] is not valid`);
    const item = media.get(id);
    if (!item) return notFound('id', id, 'media');
    if (item.ownerId !== user) return forbidden('This media does not belong to you.');
    return item;
  }

  function statusOf(item: XFakeMedia) {
    if (item.state === 'failed') {
      return {
        state: 'failed',
        progress_percent: 100,
        error: { code: 1, name: 'InvalidMedia', message: item.failReason ?? 'Invalid or Unsupported media' },
      };
    }
    if (item.state === 'succeeded') return { state: 'succeeded', progress_percent: 100 };
    return {
      state: item.state,
      check_after_secs: checkAfterSecs,
      progress_percent: item.state === 'pending' ? 0 : 50,
    };
  }

  api('POST', '/2/media/upload/initialize', MEDIA_SCOPES, (request, _params, user) => {
    const parsed = jsonBody(request);
    if (!parsed.ok) return parsed.response;
    const body = parsed.body;
    const allowed = new Set(['media_type', 'total_bytes', 'media_category', 'additional_owners', 'shared']);
    const unknown = Object.keys(body).find((key) => !allowed.has(key));
    if (unknown) return invalidRequest(unknown, `The \`${unknown}\` field is not allowed`);
    const { media_type, total_bytes, media_category } = body;
    if (typeof media_type !== 'string' || !MEDIA_TYPES.has(media_type))
      return invalidRequest('media_type', '`media_type` is not a supported type');
    if (typeof total_bytes !== 'number' || !Number.isInteger(total_bytes) || total_bytes < 0)
      return invalidRequest('total_bytes', '`total_bytes` must be a non-negative integer');
    const category = typeof media_category === 'string' ? media_category : 'tweet_image';
    const limit = CATEGORY_LIMITS[category];
    if (limit === undefined)
      return invalidRequest('media_category', '`media_category` is not supported here');
    if (total_bytes > limit) return invalidRequest('total_bytes', `File size exceeds ${limit} bytes.`);
    const id = newId();
    const prefix = category === 'tweet_video' ? '7' : category === 'tweet_gif' ? '16' : '3';
    media.set(id, {
      id,
      mediaKey: `${prefix}_${id}`,
      ownerId: user,
      mediaType: media_type,
      category,
      totalBytes: total_bytes,
      segments: new Map(),
      bytes: undefined,
      state: 'uploading',
      pollsLeft: processingPolls,
      failReason: undefined,
      altText: undefined,
      expiresAt: Date.now() + mediaLifetimeSecs * 1000,
    });
    return {
      status: 200,
      body: { data: { id, media_key: `${prefix}_${id}`, expires_after_secs: mediaLifetimeSecs } },
    };
  });

  api('POST', '/2/media/upload/:id/append', MEDIA_SCOPES, (request, { id = '' }, user) => {
    const item = ownMedia(id, user);
    if ('status' in item) return item;
    if (item.state !== 'uploading') return invalidRequest('id', 'The upload was already finalized.');
    const fields = request.multipart;
    if (!fields) return invalidRequest('media', 'The body must be multipart/form-data.');
    const { media: part, segment_index: segment } = fields;
    if (!Buffer.isBuffer(part)) return invalidRequest('media', 'A `media` file part is required.');
    if (typeof segment !== 'string' || !/^[0-9]{1,3}$/.test(segment))
      return invalidRequest('segment_index', '`segment_index` must be 0 to 999.');
    // X's edge refuses an oversized chunk before the API sees it: 413 without a body.
    if (part.length > X_APPEND_MAX_BYTES) return { status: 413, body: '' };
    item.segments.set(Number(segment), part);
    return { status: 200, body: { data: { expires_at: Math.ceil(item.expiresAt / 1000) } } };
  });

  api('POST', '/2/media/upload/:id/finalize', MEDIA_SCOPES, (_request, { id = '' }, user) => {
    const item = ownMedia(id, user);
    if ('status' in item) return item;
    if (item.state !== 'uploading') return invalidRequest('id', 'The upload was already finalized.');
    const order = [...item.segments.keys()].sort((a, b) => a - b);
    if (order.some((segment, index) => segment !== index))
      return invalidRequest('segment_index', 'Segments are missing.');
    const bytes = Buffer.concat(order.map((segment) => item.segments.get(segment) ?? Buffer.alloc(0)));
    if (bytes.length !== item.totalBytes)
      return invalidRequest('total_bytes', `Received ${bytes.length} bytes, expected ${item.totalBytes}.`);
    item.bytes = bytes;
    const base = {
      id: item.id,
      media_key: item.mediaKey,
      size: bytes.length,
      expires_after_secs: Math.max(0, Math.floor((item.expiresAt - Date.now()) / 1000)),
    };
    if (item.category === 'tweet_image') {
      // Images are ready at once: X sends no processing_info for them.
      item.state = 'succeeded';
      return { status: 200, body: { data: base } };
    }
    item.state = 'pending';
    return { status: 200, body: { data: { ...base, processing_info: statusOf(item) } } };
  });

  api('GET', '/2/media/upload', MEDIA_SCOPES, (request, _params, user) => {
    const command = request.query.command;
    if (command !== undefined && command !== 'STATUS')
      return invalidRequest('command', '`command` must be STATUS');
    const item = ownMedia(request.query.media_id ?? '', user);
    if ('status' in item) return item;
    if (item.state === 'uploading') return invalidRequest('media_id', 'The upload is not finalized.');
    if (item.state === 'pending' || item.state === 'in_progress') {
      if (item.pollsLeft > 0) {
        item.pollsLeft -= 1;
        item.state = 'in_progress';
      } else {
        const failure = processingFailures.shift();
        item.state = failure === undefined ? 'succeeded' : 'failed';
        item.failReason = failure;
      }
    }
    return {
      status: 200,
      body: { data: { id: item.id, media_key: item.mediaKey, processing_info: statusOf(item) } },
    };
  });

  api('POST', '/2/media/metadata', MEDIA_SCOPES, (request, _params, user) => {
    const parsed = jsonBody(request);
    if (!parsed.ok) return parsed.response;
    const body = parsed.body;
    const item = ownMedia(typeof body.id === 'string' ? body.id : '', user);
    if ('status' in item) return item;
    const altText =
      isObject(body.metadata) && isObject(body.metadata.alt_text) ? body.metadata.alt_text.text : undefined;
    if (typeof altText !== 'string' || altText.length > 1000)
      return invalidRequest(
        'metadata.alt_text.text',
        'Alt text must be a string of at most 1000 characters.',
      );
    item.altText = altText;
    return {
      status: 200,
      body: { data: { id: item.id, associated_metadata: { alt_text: { text: altText } } } },
    };
  });

  const toFakePost = (t: XFakeTweet): FakePost => ({
    id: t.id,
    text: t.text,
    mediaCount: t.mediaIds.length,
    replyTo: t.replyTo,
    raw: t,
  });

  return {
    platform: 'x',
    server,
    oauth,
    userId,
    adapterOptions: () => ({
      clientId,
      ...(clientSecret === null ? {} : { clientSecret }),
      apiBaseUrl: server.url,
      authorizeUrl: `${server.url}/i/oauth2/authorize`,
      tokenUrl: `${server.url}/2/oauth2/token`,
    }),
    failNextPublish(fault, times = 1) {
      if (fault.kind === 'drop_after_apply') {
        server.scriptFault(
          (r) => r.method === 'POST' && r.path === '/2/tweets',
          { kind: 'drop-after-apply' },
          times,
        );
        return;
      }
      for (let i = 0; i < times; i++) publishFaults.push(fault);
    },
    failNextProcessing(message) {
      processingFailures.push(message);
    },
    capAppNextPublish(resetInSeconds) {
      appCapResetSeconds = resetInSeconds;
    },
    setCredits(value) {
      credits = value;
    },
    posts: () => tweets.filter((t) => !t.deleted).map(toFakePost),
    tweets: () => [...tweets],
    media: () => [...media.values()],
    exchanges: () => [...exchanges],
    expireAccessTokens: () => oauth.expireAll(),
    close: () => server.close(),
  };
}
