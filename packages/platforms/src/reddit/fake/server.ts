import { randomBytes } from 'node:crypto';
import { countCodePoints } from '@relaypost/core';
import { FakeOAuthAuthority, missingScopes } from '../../testing/fake-oauth.js';
import {
  type FakeHandler,
  type FakeResponse,
  FakeServer,
  type RecordedRequest,
} from '../../testing/fake-server.js';
import type { FakePost, PlatformFake, PlatformFault } from '../../testing/platform-fake.js';
import { REDDIT_USER_AGENT_PATTERN } from '../user-agent.js';
import { apiErrors, httpError, insufficientScope, oauthError, storageError, unauthorized } from './errors.js';

/** A subreddit the fake knows, with the rules its submit checks. */
export interface RedditFakeSubreddit {
  name: string;
  allowSelfs?: boolean;
  allowLinks?: boolean;
  allowImages?: boolean;
  /** Posts must carry one of `flairs`. */
  flairRequired?: boolean;
  flairs?: Array<{ id: string; text: string; textEditable?: boolean }>;
}

/** Options for {@link createRedditFake}. */
export interface RedditFakeOptions {
  clientId?: string;
  clientSecret?: string;
  username?: string;
  userId?: string;
  /** Default: `test` (everything allowed, two flairs) and `pics` (images only, flair required). */
  subreddits?: RedditFakeSubreddit[];
  /** ⚠ Requests per window before 429 (Reddit: about 100 a minute per OAuth client). Default 600. */
  requestsPerWindow?: number;
  /** ⚠ The window of the `X-Ratelimit-*` budget, in seconds. Default 600. */
  windowSeconds?: number;
  /** Reads of the account's submissions before an image post shows up in them. Default 0. */
  imagePostDelayReads?: number;
  accessTokenTtlSeconds?: number;
}

/** One request and the answer the fake gave, for wire-format tests. */
export interface RedditFakeExchange {
  request: RecordedRequest;
  route: string;
  response: FakeResponse;
}

/** A submission as the fake stores it. */
export interface RedditFakeSubmission {
  id: string;
  name: string;
  subreddit: string;
  kind: 'self' | 'link' | 'image';
  title: string;
  selftext: string;
  url: string;
  flairId: string | undefined;
  flairText: string | undefined;
  sendReplies: boolean;
  nsfw: boolean;
  spoiler: boolean;
  /** The image bytes of an image post. */
  image: Buffer | undefined;
  createdUtc: number;
  deleted: boolean;
  /** Listing reads left before an image post shows up. */
  hiddenReads: number;
}

/** An upload lease and what was uploaded with it. */
export interface RedditFakeUpload {
  assetId: string;
  key: string;
  mimetype: string;
  fields: Record<string, string>;
  bytes: Buffer | undefined;
}

/** The Reddit fake: the platform fake contract plus Reddit-specific helpers. */
export interface RedditFake extends PlatformFake {
  readonly platform: 'reddit';
  readonly oauth: FakeOAuthAuthority;
  readonly username: string;
  /** Options that point `createReddit` at this fake (add your `userAgent`). */
  adapterOptions(): {
    clientId: string;
    clientSecret: string;
    apiBaseUrl: string;
    authorizeUrl: string;
    tokenUrl: string;
    mediaUploadProtocol: 'http:';
  };
  submissions(): RedditFakeSubmission[];
  uploads(): RedditFakeUpload[];
  exchanges(): RedditFakeExchange[];
  /** The next submit answers 200 with these `json.errors` (e.g. `[['RATELIMIT', '…', 'ratelimit']]`). */
  failNextSubmitWith(errors: Array<[string, string, string | null]>): void;
  /** Sets how many requests are left in the current window. */
  setRemaining(remaining: number, resetSeconds?: number): void;
}

/** The scope each endpoint needs, as reddit.com/dev/api lists them (the media lease is ⚠ undocumented). */
const SCOPES: Record<string, string> = {
  'GET /api/v1/me': 'identity',
  'POST /api/submit': 'submit',
  'POST /api/media/asset.json': 'submit',
  'POST /api/del': 'edit',
  'GET /user/:username/submitted': 'history',
  'GET /r/:subreddit/api/link_flair_v2': 'flair',
};
const LEASE_FIELDS = [
  'acl',
  'key',
  'X-Amz-Credential',
  'X-Amz-Algorithm',
  'X-Amz-Date',
  'success_action_status',
  'content-type',
  'x-amz-storage-class',
  'x-amz-meta-ext',
  'policy',
  'X-Amz-Signature',
  'x-amz-security-token',
] as const;

/** Every scope Reddit's authorize endpoint knows (GET /api/v1/scopes). */
const KNOWN_SCOPES = new Set([
  'account',
  'creddits',
  'edit',
  'flair',
  'history',
  'identity',
  'livemanage',
  'modconfig',
  'modcontributors',
  'modflair',
  'modlog',
  'modmail',
  'modothers',
  'modposts',
  'modself',
  'modwiki',
  'mysubreddits',
  'privatemessages',
  'read',
  'report',
  'save',
  'structuredstyles',
  'submit',
  'subscribe',
  'vote',
  'wikiedit',
  'wikiread',
]);

const base36 = (n: number) => n.toString(36);

/**
 * Starts a fake Reddit on loopback, www.reddit.com (authorize, access_token) and
 * oauth.reddit.com on one port: OAuth with HTTP Basic client auth, `duration` and non-rotating
 * refresh tokens; `/api/v1/me`; `/api/submit` for self, link and image posts with Reddit's
 * refusals inside a 200 (`json.errors`); the image upload lease and an S3-style POST form bucket;
 * the account's submissions; delete; link flairs. Every API answer carries `X-Ratelimit-Used/
 * Remaining/Reset`; 429 once the window's budget is spent. Requests without the User-Agent Reddit
 * asks for are refused.
 *
 * @example
 * ```ts
 * const fake = await createRedditFake();
 * const reddit = createReddit({ ...fake.adapterOptions(), userAgent });
 * ```
 */
export async function createRedditFake(options: RedditFakeOptions = {}): Promise<RedditFake> {
  const clientId = options.clientId ?? 'fake-reddit-client';
  const clientSecret = options.clientSecret ?? 'fake-reddit-secret';
  const username = options.username ?? 'relaypost_test';
  const userId = options.userId ?? '1w72k9';
  const perWindow = options.requestsPerWindow ?? 600;
  const windowSeconds = options.windowSeconds ?? 600;
  const server = await FakeServer.start('reddit');
  const oauth = new FakeOAuthAuthority({
    clientId,
    clientSecret,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    issueRefreshTokens: true,
    rotateRefreshTokens: false,
    requirePkce: false,
    subject: userId,
  });
  const subreddits: RedditFakeSubreddit[] = options.subreddits ?? [
    {
      name: 'test',
      flairs: [
        { id: '3c1a9d2e-0000-4000-8000-000000000001', text: 'Discussion' },
        { id: '3c1a9d2e-0000-4000-8000-000000000002', text: 'Custom', textEditable: true },
      ],
    },
    {
      name: 'pics',
      allowSelfs: false,
      allowLinks: false,
      flairRequired: true,
      flairs: [{ id: '3c1a9d2e-0000-4000-8000-000000000003', text: 'OC' }],
    },
  ];
  const submissions: RedditFakeSubmission[] = [];
  const uploads: RedditFakeUpload[] = [];
  const exchanges: RedditFakeExchange[] = [];
  const publishFaults: PlatformFault[] = [];
  const submitErrors: Array<Array<[string, string, string | null]>> = [];
  const temporaryCodes = new Set<string>();
  let sequence = 1_000_000_000;
  const budget = { used: 0, remaining: perWindow, resetAt: Date.now() + windowSeconds * 1000 };

  const route = (method: string, path: string, handler: FakeHandler) => {
    server.route(method, path, async (request, params) => {
      const response = await handler(request, params);
      exchanges.push({ request, route: path, response });
      return response;
    });
  };

  /** Reddit blocks requests without a descriptive User-Agent. */
  const badAgent = (request: RecordedRequest) =>
    REDDIT_USER_AGENT_PATTERN.test(request.headers['user-agent'] ?? '')
      ? undefined
      : httpError(
          403,
          'Forbidden',
          {},
          { reason: 'blocked: send a User-Agent like <platform>:<app ID>:<version> (by /u/<user>)' },
        );

  function rateHeaders(): Record<string, string> {
    return {
      'x-ratelimit-used': String(budget.used),
      'x-ratelimit-remaining': budget.remaining.toFixed(1),
      'x-ratelimit-reset': String(Math.max(0, Math.ceil((budget.resetAt - Date.now()) / 1000))),
    };
  }

  /** An oauth.reddit.com route: User-Agent, bearer token, scope, and the request budget. */
  const api = (
    method: string,
    path: string,
    handler: (
      request: RecordedRequest,
      params: Record<string, string>,
    ) => FakeResponse | Promise<FakeResponse>,
  ) =>
    route(method, path, async (request, params) => {
      const refusal = badAgent(request);
      if (refusal) return refusal;
      if (budget.resetAt <= Date.now()) {
        budget.used = 0;
        budget.remaining = perWindow;
        budget.resetAt = Date.now() + windowSeconds * 1000;
      }
      if (budget.remaining < 1) {
        return { ...httpError(429, 'Too Many Requests'), headers: rateHeaders() };
      }
      budget.used += 1;
      budget.remaining -= 1;
      const authorization = (request.headers.authorization ?? '').replace(/^bearer /i, 'Bearer ');
      const check = oauth.check(authorization);
      let response: FakeResponse;
      if (!check.ok) response = unauthorized();
      else {
        const scope = SCOPES[`${method} ${path}`];
        response =
          scope && missingScopes(check.scope, [scope]).length > 0
            ? insufficientScope()
            : await handler(request, params);
      }
      return { ...response, headers: { ...rateHeaders(), ...response.headers } };
    });

  // --- OAuth (www.reddit.com) ------------------------------------------------------------------
  route('GET', '/api/v1/authorize', (request) => {
    const { response_type, duration, scope } = request.query;
    if (response_type !== 'code') return { status: 400, body: 'response_type must be code' };
    if (duration !== 'permanent' && duration !== 'temporary')
      return { status: 400, body: 'duration must be permanent or temporary' };
    if (!scope) return { status: 400, body: 'scope is required' };
    const asked = scope.split(/[ ,]+/).filter(Boolean);
    if (asked.some((s) => !KNOWN_SCOPES.has(s)) && request.query.redirect_uri) {
      // Reddit sends the user back with the OAuth error instead of a code.
      const back = new URL(request.query.redirect_uri);
      back.searchParams.set('error', 'invalid_scope');
      if (request.query.state) back.searchParams.set('state', request.query.state);
      return { status: 302, headers: { location: back.toString() } };
    }
    const answer = oauth.authorize({ ...request.query, scope: asked.join(' ') });
    const code = answer.headers?.location ? new URL(answer.headers.location).searchParams.get('code') : null;
    if (code && duration === 'temporary') temporaryCodes.add(code);
    return answer;
  });

  route('POST', '/api/v1/access_token', (request) => {
    const refusal = badAgent(request);
    if (refusal) return refusal;
    const basic = request.headers.authorization;
    if (!basic?.startsWith('Basic ') || !oauth.checkClient(undefined, basic))
      return httpError(401, 'Unauthorized');
    const form = request.form;
    if (!form) return oauthError('unsupported_grant_type');
    if (form.grant_type === 'authorization_code') {
      if (!form.code || !form.redirect_uri) return oauthError('invalid_request');
      const temporary = temporaryCodes.delete(form.code);
      const issued = oauth.exchangeCode({ code: form.code, redirectUri: form.redirect_uri });
      if (!issued) return oauthError('invalid_grant');
      const { refresh_token, ...rest } = issued;
      return { status: 200, body: temporary ? rest : { ...rest, refresh_token } };
    }
    if (form.grant_type === 'refresh_token') {
      const issued = form.refresh_token ? oauth.refresh(form.refresh_token) : null;
      return issued ? { status: 200, body: issued } : oauthError('invalid_grant', 400);
    }
    return oauthError('unsupported_grant_type');
  });

  // --- Account ---------------------------------------------------------------------------------
  api('GET', '/api/v1/me', () => ({
    status: 200,
    body: {
      id: userId,
      name: username,
      icon_img: 'https://styles.redditmedia.com/t5_1/styles/profileIcon_abc.png?width=256&amp;s=1',
      created_utc: 1_600_000_000,
      link_karma: 1,
      comment_karma: 1,
    },
  }));

  // --- Submissions -----------------------------------------------------------------------------
  function publishFault(): FakeResponse | undefined {
    const injected = submitErrors.shift();
    if (injected) return apiErrors(injected);
    const fault = publishFaults.shift();
    if (!fault) return undefined;
    switch (fault.kind) {
      case 'rate_limit':
        return httpError(429, 'Too Many Requests', {
          'x-ratelimit-used': String(budget.used),
          'x-ratelimit-remaining': '0.0',
          'x-ratelimit-reset': String(fault.retryAfterSeconds),
        });
      case 'server_error':
        return {
          status: fault.status ?? 503,
          headers: { 'content-type': 'text/html' },
          body: '<html><body><h1>all of our servers are busy right now</h1></body></html>',
        };
      case 'expired_token':
      case 'revoked_token':
        return unauthorized();
      case 'validation':
        return apiErrors([['NO_SELFS', fault.message ?? "This community doesn't allow text posts.", 'sr']]);
      case 'drop_after_apply':
        return undefined;
    }
  }

  /** The account's own profile, `u_<username>`: Reddit's profile "subreddit", open to every kind. */
  const profile: RedditFakeSubreddit = { name: `u_${username}` };

  function checkSubmit(form: Record<string, string>): FakeResponse | RedditFakeSubreddit {
    if (form.api_type !== 'json') return { status: 200, body: { jquery: [] } };
    if (!form.sr) return apiErrors([['SUBREDDIT_REQUIRED', 'you must specify a subreddit', 'sr']]);
    const asked = form.sr.toLowerCase();
    // ⚠ Another user's profile takes no posts from this account.
    if (asked.startsWith('u_') && asked !== profile.name.toLowerCase())
      return apiErrors([['SUBREDDIT_NOTALLOWED', "you aren't allowed to post there.", 'sr']]);
    const sr =
      asked === profile.name.toLowerCase() ? profile : subreddits.find((s) => s.name.toLowerCase() === asked);
    if (!sr)
      return apiErrors([
        ['SUBREDDIT_NOEXIST', "Hmm, that community doesn't exist. Try checking the spelling.", 'sr'],
      ]);
    const kind = form.kind;
    if (kind !== 'self' && kind !== 'link' && kind !== 'image')
      return apiErrors([['INVALID_OPTION', 'that option is not valid', 'kind']]);
    const title = form.title ?? '';
    if (!title.trim()) return apiErrors([['NO_TEXT', 'we need something here', 'title']]);
    if (countCodePoints(title) > 300)
      return apiErrors([['TOO_LONG', 'this is too long (max: 300)', 'title']]);
    if (kind === 'self' && sr.allowSelfs === false)
      return apiErrors([['NO_SELFS', "This community doesn't allow text posts.", 'sr']]);
    if (kind === 'link' && sr.allowLinks === false)
      return apiErrors([['NO_LINKS', 'This community only allows text posts.', 'sr']]);
    if (kind === 'image' && sr.allowImages === false)
      return apiErrors([['NO_IMAGES', "This community doesn't allow images.", 'sr']]);
    if (kind === 'self' && countCodePoints(form.text ?? '') > 40_000)
      return apiErrors([['TOO_LONG', 'this is too long (max: 40000)', 'text']]);
    if (kind !== 'self' && !/^https?:\/\/[^\s/]+\.?[^\s]*$/.test(form.url ?? ''))
      return apiErrors([['BAD_URL', 'you should check that url', 'url']]);
    if (
      kind === 'link' &&
      form.resubmit === 'false' &&
      submissions.some((s) => !s.deleted && s.subreddit === sr.name && s.url === form.url)
    )
      return apiErrors([['ALREADY_SUB', 'that link has already been submitted', 'url']]);
    if (form.flair_id !== undefined) {
      const flair = sr.flairs?.find((f) => f.id === form.flair_id);
      if (!flair)
        return apiErrors([['INVALID_FLAIR_TEMPLATE_ID', 'that flair template does not exist', 'flair']]);
      if (form.flair_text !== undefined && !flair.textEditable)
        return apiErrors([['FLAIR_TEXT_NOT_EDITABLE', 'this flair text is not editable', 'flair_text']]);
    } else if (sr.flairRequired)
      return apiErrors([['SUBMIT_VALIDATION_FLAIR_REQUIRED', 'Your post must contain post flair.', 'flair']]);
    return sr;
  }

  api('POST', '/api/submit', (request) => {
    const fault = publishFault();
    if (fault) return fault;
    const form = request.form;
    if (!form) return httpError(400, 'Bad Request');
    const checked = checkSubmit(form);
    if ('status' in checked) return checked;
    const kind = form.kind as RedditFakeSubmission['kind'];
    let image: Buffer | undefined;
    if (kind === 'image') {
      const upload = uploads.find((u) => form.url === `${server.url}/upload/${u.key}`);
      if (!upload?.bytes) return apiErrors([['BAD_URL', 'the image was not uploaded', 'url']]);
      image = upload.bytes;
    }
    const id = base36(sequence++);
    const submission: RedditFakeSubmission = {
      id,
      name: `t3_${id}`,
      subreddit: checked.name,
      kind,
      title: form.title ?? '',
      selftext: kind === 'self' ? (form.text ?? '') : '',
      url:
        kind === 'self'
          ? `https://www.reddit.com/r/${checked.name}/comments/${id}/post/`
          : kind === 'image'
            ? `https://i.redd.it/${randomBytes(8).toString('hex')}.png`
            : (form.url ?? ''),
      flairId: form.flair_id,
      flairText: form.flair_text,
      sendReplies: form.sendreplies !== 'false',
      nsfw: form.nsfw === 'true',
      spoiler: form.spoiler === 'true',
      image,
      createdUtc: Date.now() / 1000,
      deleted: false,
      hiddenReads: kind === 'image' ? (options.imagePostDelayReads ?? 0) : 0,
    };
    submissions.push(submission);
    if (kind === 'image') {
      // ⚠ As clients observe: media submits answer before the post exists, with a websocket to wait on.
      return {
        status: 200,
        body: {
          json: {
            errors: [],
            data: {
              user_submitted_page: `https://www.reddit.com/user/${username}/submitted/`,
              websocket_url: `wss://ws-fake.redditmedia.com/rte_images/${randomBytes(6).toString('hex')}`,
            },
          },
        },
      };
    }
    return {
      status: 200,
      body: {
        json: {
          errors: [],
          data: {
            url: `https://www.reddit.com/r/${checked.name}/comments/${id}/post/`,
            drafts_count: 0,
            id,
            name: submission.name,
          },
        },
      },
    };
  });

  const renderLink = (s: RedditFakeSubmission) => ({
    kind: 't3',
    data: {
      id: s.id,
      name: s.name,
      title: s.title,
      subreddit: s.subreddit,
      subreddit_name_prefixed: s.subreddit.startsWith('u_')
        ? `u/${s.subreddit.slice(2)}`
        : `r/${s.subreddit}`,
      author: username,
      selftext: s.selftext,
      url: s.url,
      is_self: s.kind === 'self',
      post_hint: s.kind === 'image' ? 'image' : undefined,
      permalink: `/r/${s.subreddit}/comments/${s.id}/post/`,
      created_utc: s.createdUtc,
      link_flair_template_id: s.flairId ?? null,
      over_18: s.nsfw,
      spoiler: s.spoiler,
    },
  });

  api('GET', '/user/:username/submitted', (request, { username: name = '' }) => {
    if (name.toLowerCase() !== username.toLowerCase())
      return { status: 200, body: { kind: 'Listing', data: { after: null, children: [] } } };
    const limit = Math.min(100, Math.max(1, Number(request.query.limit ?? 25) || 25));
    const visible = submissions.filter((s) => {
      if (s.deleted) return false;
      if (s.hiddenReads > 0) {
        s.hiddenReads -= 1;
        return false;
      }
      return true;
    });
    const newest = visible.reverse().slice(0, limit);
    return {
      status: 200,
      body: { kind: 'Listing', data: { after: null, dist: newest.length, children: newest.map(renderLink) } },
    };
  });

  api('POST', '/api/del', (request) => {
    const id = request.form?.id ?? '';
    const submission = submissions.find((s) => s.name === id);
    // Reddit answers {} whether or not there was anything to delete.
    if (submission) submission.deleted = true;
    return { status: 200, body: {} };
  });

  api('GET', '/r/:subreddit/api/link_flair_v2', (_request, { subreddit = '' }) => {
    const sr = subreddits.find((s) => s.name.toLowerCase() === subreddit.toLowerCase());
    if (!sr) return httpError(404, 'Not Found');
    return {
      status: 200,
      body: (sr.flairs ?? []).map((f) => ({
        id: f.id,
        text: f.text,
        text_editable: f.textEditable ?? false,
        type: 'text',
        allowable_content: 'all',
        mod_only: false,
      })),
    };
  });

  // --- Image uploads ---------------------------------------------------------------------------
  api('POST', '/api/media/asset.json', (request) => {
    const { filepath, mimetype } = request.form ?? {};
    if (!filepath || !mimetype)
      return apiErrors([['BAD_FILE', 'filepath and mimetype are required', 'filepath']]);
    if (!['image/jpeg', 'image/png', 'image/gif'].includes(mimetype))
      return apiErrors([['BAD_FILE_TYPE', 'that file type is not supported', 'mimetype']]);
    const assetId = randomBytes(6).toString('hex');
    const key = `rte_images/${assetId}`;
    const ext = filepath.split('.').at(-1) ?? 'png';
    const fields: Record<string, string> = {
      acl: 'private',
      key,
      'X-Amz-Credential': 'ASIAFAKEFAKE/20260101/us-east-1/s3/aws4_request',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Date': '20260101T000000Z',
      success_action_status: '201',
      'content-type': mimetype,
      'x-amz-storage-class': 'STANDARD',
      'x-amz-meta-ext': ext,
      policy: Buffer.from(JSON.stringify({ key })).toString('base64'),
      'X-Amz-Signature': randomBytes(32).toString('hex'),
      'x-amz-security-token': randomBytes(12).toString('base64'),
    };
    uploads.push({ assetId, key, mimetype, fields, bytes: undefined });
    return {
      status: 200,
      body: {
        args: {
          // Scheme-less, as Reddit gives it.
          action: `//${new URL(server.url).host}/upload`,
          fields: LEASE_FIELDS.map((name) => ({ name, value: fields[name] ?? '' })),
        },
        asset: {
          asset_id: assetId,
          processing_state: 'incomplete',
          payload: { filepath },
          websocket_url: `wss://ws-fake.redditmedia.com/rte_images/${assetId}?m=AQAA`,
        },
      },
    };
  });

  route('POST', '/upload', (request) => {
    const fields = request.multipart;
    if (!fields) return storageError(400, 'MalformedPOSTRequest', 'The body is not multipart/form-data.');
    const upload = uploads.find((u) => u.key === fields.key);
    if (!upload) return storageError(403, 'AccessDenied', 'Invalid according to Policy.');
    for (const name of LEASE_FIELDS) {
      if (fields[name] !== upload.fields[name])
        return storageError(
          403,
          'AccessDenied',
          `Invalid according to Policy: Policy Condition failed: ${name}`,
        );
    }
    const file = fields.file;
    if (!Buffer.isBuffer(file) || Object.keys(fields).at(-1) !== 'file')
      return storageError(400, 'InvalidArgument', 'The file must be the last field of the form.');
    if (file.length > 20 * 1024 * 1024)
      return storageError(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
    upload.bytes = file;
    return {
      status: 201,
      headers: { 'content-type': 'application/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>${server.url}/upload/${upload.key}</Location><Key>${upload.key}</Key></PostResponse>`,
    };
  });

  const toFakePost = (s: RedditFakeSubmission): FakePost => ({
    id: s.name,
    text: s.selftext,
    mediaCount: s.kind === 'image' ? 1 : 0,
    raw: s,
  });

  return {
    platform: 'reddit',
    server,
    oauth,
    username,
    adapterOptions: () => ({
      clientId,
      clientSecret,
      apiBaseUrl: server.url,
      authorizeUrl: `${server.url}/api/v1/authorize`,
      tokenUrl: `${server.url}/api/v1/access_token`,
      mediaUploadProtocol: 'http:',
    }),
    failNextPublish(fault, times = 1) {
      if (fault.kind === 'drop_after_apply') {
        server.scriptFault(
          (r) => r.method === 'POST' && r.path === '/api/submit',
          { kind: 'drop-after-apply' },
          times,
        );
        return;
      }
      for (let i = 0; i < times; i++) publishFaults.push(fault);
    },
    failNextSubmitWith(errors) {
      submitErrors.push(errors);
    },
    setRemaining(remaining, resetSeconds) {
      budget.remaining = remaining;
      if (resetSeconds !== undefined) budget.resetAt = Date.now() + resetSeconds * 1000;
    },
    posts: () => submissions.filter((s) => !s.deleted).map(toFakePost),
    submissions: () => [...submissions],
    uploads: () => [...uploads],
    exchanges: () => [...exchanges],
    expireAccessTokens: () => oauth.expireAll(),
    close: () => server.close(),
  };
}
