import { randomBytes } from 'node:crypto';
import { FakeOAuthAuthority, type IssuedTokens, missingScopes } from '../../testing/fake-oauth.js';
import {
  type FakeHandler,
  type FakeResponse,
  FakeServer,
  type RecordedRequest,
} from '../../testing/fake-server.js';
import type { FakePost, PlatformFake, PlatformFault } from '../../testing/platform-fake.js';
import {
  invalidParameters,
  notFound,
  notPermitted,
  pinterestError,
  rateLimited,
  storageError,
  unauthenticated,
} from './errors.js';

/** Options for {@link createPinterestFake}. */
export interface PinterestFakeOptions {
  clientId?: string;
  clientSecret?: string;
  userId?: string;
  username?: string;
  /** Boards the account owns at the start (ids are assigned). Default: two boards, one with sections. */
  boards?: Array<{ name: string; privacy?: 'PUBLIC' | 'PROTECTED' | 'SECRET'; sections?: string[] }>;
  /** `GET /v5/media/{id}` answers `processing` this many times before `succeeded`. Default 1. */
  processingPolls?: number;
  /**
   * ⚠ A refresh retires the refresh token it used (a new one is issued every time). Pinterest's
   * continuous refresh tokens are renewed on each refresh; whether the old one keeps working is not
   * documented. Default true.
   */
  rotateRefreshTokens?: boolean;
  accessTokenTtlSeconds?: number;
}

/** One request and the answer the fake gave, for contract tests. */
export interface PinterestFakeExchange {
  request: RecordedRequest;
  /** The route pattern that answered, e.g. `/v5/pins/:pin_id`. */
  route: string;
  response: FakeResponse;
}

export interface PinterestFakeBoard {
  id: string;
  name: string;
  privacy: 'PUBLIC' | 'PROTECTED' | 'SECRET';
  sections: Array<{ id: string; name: string }>;
}

/** A Pin as the fake stores it. */
export interface PinterestFakePin {
  id: string;
  boardId: string;
  boardSectionId: string | undefined;
  title: string | undefined;
  description: string | undefined;
  link: string | undefined;
  altText: string | undefined;
  dominantColor: string | undefined;
  sourceType: string;
  /** Image bytes Pinterest fetched or decoded (one per image), or the video's bytes. */
  media: Buffer[];
  cover: { url?: string; keyFrameTime?: number } | undefined;
  createdAt: string;
  deleted: boolean;
}

/** A registered video upload. */
export interface PinterestFakeMedia {
  id: string;
  key: string;
  status: 'registered' | 'processing' | 'succeeded' | 'failed';
  bytes: Buffer | undefined;
  pollsLeft: number;
}

/** The Pinterest fake: the platform fake contract plus Pinterest-specific helpers. */
export interface PinterestFake extends PlatformFake {
  readonly platform: 'pinterest';
  readonly oauth: FakeOAuthAuthority;
  readonly userId: string;
  /** Options that point `createPinterest` at this fake. */
  adapterOptions(): {
    clientId: string;
    clientSecret: string;
    apiBaseUrl: string;
    authorizeUrl: string;
    tokenUrl: string;
  };
  boards(): PinterestFakeBoard[];
  /** Adds a board (and sections) and returns it. */
  addBoard(name: string, sections?: string[]): PinterestFakeBoard;
  pins(): PinterestFakePin[];
  media(): PinterestFakeMedia[];
  exchanges(): PinterestFakeExchange[];
  /** The next video to finish processing ends `failed`. */
  failNextProcessing(): void;
}

const DIGITS = /^\d+$/;
const BASE64 = /^[a-zA-Z0-9+/=]+$/;
const PIN_FIELDS = new Set([
  'board_id',
  'board_section_id',
  'title',
  'description',
  'link',
  'alt_text',
  'dominant_color',
  'media_source',
  'parent_pin_id',
  'sponsor_id',
]);
const UPLOAD_FIELDS = [
  'Content-Type',
  'key',
  'policy',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-signature',
] as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The image type of some bytes, from their magic number. */
function imageTypeOf(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  return undefined;
}

/**
 * Starts a fake Pinterest API v5 on loopback: OAuth with HTTP Basic client auth and continuous
 * (rotating) refresh tokens, the user account, boards and sections with bookmark pagination, Pins
 * from an image URL (really fetched), base64 data, 2–5 image URLs or an uploaded video, the video
 * upload flow (register, an S3-style multipart POST form, processing over status polls), board Pin
 * listings and delete. It refuses what the OpenAPI document refuses: over-long fields, unknown
 * fields, bad ids, media that is not an image, unprocessed videos, boards that are not the user's,
 * and tokens without an operation's scopes. Secret boards exist only for a grant with
 * `boards:read_secret`; their Pins need `pins:read_secret` to be read and `pins:write_secret` to be
 * created or deleted.
 *
 * @example
 * ```ts
 * const fake = await createPinterestFake();
 * const pinterest = createPinterest(fake.adapterOptions());
 * ```
 */
export async function createPinterestFake(options: PinterestFakeOptions = {}): Promise<PinterestFake> {
  const clientId = options.clientId ?? '1500000';
  const clientSecret = options.clientSecret ?? 'pinterest-fake-secret';
  const userId = options.userId ?? '2783136121146311751';
  const username = options.username ?? 'relaypost_test';
  const processingPolls = options.processingPolls ?? 1;
  const server = await FakeServer.start('pinterest');
  const oauth = new FakeOAuthAuthority({
    clientId,
    clientSecret,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 30 * 24 * 3600,
    issueRefreshTokens: true,
    rotateRefreshTokens: options.rotateRefreshTokens ?? true,
    requirePkce: false,
    subject: userId,
  });
  let sequence = 549_755_885_175n;
  const newId = () => (sequence++).toString();
  const boards: PinterestFakeBoard[] = [];
  const pins: PinterestFakePin[] = [];
  const media = new Map<string, PinterestFakeMedia>();
  const exchanges: PinterestFakeExchange[] = [];
  const publishFaults: PlatformFault[] = [];
  const processingFailures: boolean[] = [];

  function addBoard(
    name: string,
    sections: string[] = [],
    privacy: PinterestFakeBoard['privacy'] = 'PUBLIC',
  ) {
    const board = { id: newId(), name, privacy, sections: sections.map((s) => ({ id: newId(), name: s })) };
    boards.push(board);
    return board;
  }
  for (const board of options.boards ?? [
    { name: 'Recipes', sections: ['Salads', 'Soups'] },
    { name: 'Travel', privacy: 'SECRET' as const },
  ])
    addBoard(board.name, board.sections, board.privacy);

  /** Registers a route whose answers are recorded for contract tests. */
  const route = (method: string, path: string, handler: FakeHandler) => {
    server.route(method, path, async (request, params) => {
      const response = await handler(request, params);
      exchanges.push({ request, route: path, response });
      return response;
    });
  };

  /** An authenticated API route that needs `scopes` (the OpenAPI document's, per operation). */
  const api = (
    method: string,
    path: string,
    scopes: readonly string[],
    handler: (
      request: RecordedRequest,
      params: Record<string, string>,
      /** The grant's scope string, for the checks that depend on the resource (secret boards). */
      granted: string,
    ) => FakeResponse | Promise<FakeResponse>,
  ) =>
    route(method, `/v5${path}`, (request, params) => {
      const check = oauth.check(request.headers.authorization);
      if (!check.ok) return unauthenticated();
      const missing = missingScopes(check.scope, scopes);
      if (missing.length > 0) return notPermitted(`Missing required scopes: ${missing.join(', ')}`);
      return handler(request, params, check.scope);
    });

  /** Whether the grant sees secret boards (`boards:read_secret`). */
  const seesSecretBoards = (granted: string) => missingScopes(granted, ['boards:read_secret']).length === 0;
  /** ⚠ What a secret board needs on top of an operation's scopes: `pins:read_secret` or `pins:write_secret`. */
  function secretRefusal(
    board: PinterestFakeBoard,
    granted: string,
    needed: string,
  ): FakeResponse | undefined {
    if (board.privacy !== 'SECRET') return undefined;
    const missing = missingScopes(granted, [needed]);
    return missing.length > 0 ? notPermitted(`Missing required scopes: ${missing.join(', ')}`) : undefined;
  }

  /** Bookmark pagination over `items` (`page_size` 1..250, default 25). */
  function paginate<T>(request: RecordedRequest, items: T[], render: (item: T) => unknown): FakeResponse {
    const size = request.query.page_size === undefined ? 25 : Number(request.query.page_size);
    if (!Number.isInteger(size) || size < 1 || size > 250)
      return invalidParameters('page_size must be an integer between 1 and 250');
    let offset = 0;
    if (request.query.bookmark !== undefined) {
      offset = Number(Buffer.from(request.query.bookmark, 'base64url').toString('utf8'));
      if (!Number.isInteger(offset) || offset < 0) return invalidParameters('bookmark is not valid');
    }
    const page = items.slice(offset, offset + size);
    const next =
      offset + size < items.length ? Buffer.from(String(offset + size)).toString('base64url') : null;
    return { status: 200, body: { items: page.map(render), bookmark: next } };
  }

  // --- OAuth -----------------------------------------------------------------------------------
  route('GET', '/oauth', (request) => {
    if (request.query.response_type !== 'code') return { status: 400, body: 'response_type must be code' };
    if (!request.query.scope) return { status: 400, body: 'scope is required' };
    // Pinterest takes scopes separated by commas.
    const scope = request.query.scope.split(',').join(' ');
    return oauth.authorize({ ...request.query, scope });
  });

  const tokenAnswer = (issued: IssuedTokens, responseType: string): FakeResponse => {
    const refreshIn = 60 * 24 * 3600;
    return {
      status: 200,
      body: {
        access_token: issued.access_token,
        refresh_token: issued.refresh_token,
        response_type: responseType,
        token_type: 'bearer',
        expires_in: issued.expires_in,
        refresh_token_expires_in: refreshIn,
        refresh_token_expires_at: Math.floor(Date.now() / 1000) + refreshIn,
        scope: issued.scope,
      },
    };
  };

  route('POST', '/v5/oauth/token', (request) => {
    if (!request.form) return pinterestError(400, 1, 'Body must be application/x-www-form-urlencoded.');
    const basic = request.headers.authorization;
    if (!basic?.startsWith('Basic ') || !oauth.checkClient(undefined, basic))
      return pinterestError(401, 2, 'Authentication failed: invalid client credentials.');
    const form = request.form;
    if (form.grant_type === 'authorization_code') {
      if (!form.code || !form.redirect_uri) return invalidParameters('code and redirect_uri are required');
      const issued = oauth.exchangeCode({ code: form.code, redirectUri: form.redirect_uri });
      return issued
        ? tokenAnswer(issued, 'authorization_code')
        : pinterestError(400, 1, 'Invalid authorization code.');
    }
    if (form.grant_type === 'refresh_token') {
      const issued = form.refresh_token ? oauth.refresh(form.refresh_token) : null;
      return issued ? tokenAnswer(issued, 'refresh_token') : pinterestError(400, 1, 'Invalid refresh token.');
    }
    return invalidParameters('grant_type must be authorization_code, refresh_token or client_credentials');
  });

  // --- Account and boards ----------------------------------------------------------------------
  api('GET', '/user_account', ['user_accounts:read'], () => ({
    status: 200,
    body: {
      account_type: 'BUSINESS',
      id: userId,
      username,
      business_name: 'RelayPost Test',
      profile_image: 'https://i.pinimg.com/280x280_RS/00/00/00/0000.jpg',
      website_url: 'https://relaypost.dev',
      board_count: boards.length,
      pin_count: pins.filter((p) => !p.deleted).length,
    },
  }));

  const renderBoard = (b: PinterestFakeBoard) => ({
    id: b.id,
    name: b.name,
    description: null,
    privacy: b.privacy,
    owner: { username },
    pin_count: pins.filter((p) => !p.deleted && p.boardId === b.id).length,
  });

  // Without boards:read_secret, secret boards are not there: "all boards that can be returned
  // (based on the scopes of the token …)" (GET /boards in the OpenAPI document).
  api('GET', '/boards', ['boards:read'], (request, _params, granted) => {
    const privacy = request.query.privacy;
    if (
      privacy !== undefined &&
      !['PUBLIC', 'PROTECTED', 'SECRET', 'PUBLIC_AND_SECRET', 'ALL'].includes(privacy)
    )
      return invalidParameters('privacy is not a valid value');
    const listed = boards
      .filter((b) => b.privacy !== 'SECRET' || seesSecretBoards(granted))
      .filter((b) =>
        privacy === 'PUBLIC' || privacy === 'PROTECTED' || privacy === 'SECRET'
          ? b.privacy === privacy
          : true,
      );
    return paginate(request, listed, renderBoard);
  });

  /** The user's board, or the refusal; a secret board is not found without `boards:read_secret`. */
  function ownBoard(boardId: string, granted: string): PinterestFakeBoard | FakeResponse {
    if (!DIGITS.test(boardId)) return invalidParameters(`board_id ${boardId} is not a valid id`);
    const board = boards.find((b) => b.id === boardId);
    if (!board || (board.privacy === 'SECRET' && !seesSecretBoards(granted))) return notFound('Board');
    return board;
  }

  api('GET', '/boards/:board_id/sections', ['boards:read'], (request, { board_id = '' }, granted) => {
    const board = ownBoard(board_id, granted);
    if ('status' in board) return board;
    return paginate(request, board.sections, (s) => ({ id: s.id, name: s.name }));
  });

  const renderPin = (p: PinterestFakePin) => ({
    id: p.id,
    created_at: p.createdAt,
    board_id: p.boardId,
    board_section_id: p.boardSectionId ?? null,
    board_owner: { username },
    is_owner: true,
    is_standard: true,
    has_been_promoted: false,
    creative_type:
      p.sourceType === 'video_id' ? 'VIDEO' : p.sourceType === 'multiple_image_urls' ? 'CAROUSEL' : 'REGULAR',
    title: p.title ?? null,
    description: p.description ?? null,
    link: p.link ?? null,
    alt_text: p.altText ?? null,
    dominant_color: p.dominantColor ?? null,
    parent_pin_id: null,
    pin_metrics: null,
  });

  api(
    'GET',
    '/boards/:board_id/pins',
    ['boards:read', 'pins:read'],
    (request, { board_id = '' }, granted) => {
      const board = ownBoard(board_id, granted);
      if ('status' in board) return board;
      const secret = secretRefusal(board, granted, 'pins:read_secret');
      if (secret) return secret;
      const listed = pins.filter((p) => !p.deleted && p.boardId === board.id).reverse();
      return paginate(request, listed, renderPin);
    },
  );

  // --- Pins ------------------------------------------------------------------------------------
  function publishFault(): FakeResponse | undefined {
    const fault = publishFaults.shift();
    if (!fault) return undefined;
    switch (fault.kind) {
      case 'rate_limit':
        return rateLimited(fault.retryAfterSeconds);
      case 'server_error':
        return pinterestError(fault.status ?? 503, 5, 'Service unavailable. Please try again later.');
      case 'expired_token':
      case 'revoked_token':
        return unauthenticated();
      case 'validation':
        return invalidParameters(`description: ${fault.message ?? 'the description is not allowed'}`);
      case 'drop_after_apply':
        return undefined;
    }
  }

  async function fetchImage(url: unknown, field: string): Promise<Buffer | FakeResponse> {
    if (typeof url !== 'string' || !/^https?:\/\//.test(url))
      return invalidParameters(`${field} must be an http(s) URL`);
    const response = await fetch(url).catch(() => undefined);
    if (!response?.ok) return invalidParameters(`${field}: the image could not be downloaded`);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (!imageTypeOf(bytes)) return invalidParameters(`${field}: the file is not a supported image`);
    return bytes;
  }

  /** The media a `media_source` names, or the refusal. */
  async function mediaOf(
    source: unknown,
  ): Promise<{ sourceType: string; media: Buffer[]; cover?: PinterestFakePin['cover'] } | FakeResponse> {
    if (!isObject(source)) return invalidParameters('media_source is required');
    switch (source.source_type) {
      case 'image_url': {
        const bytes = await fetchImage(source.url, 'media_source.url');
        return Buffer.isBuffer(bytes) ? { sourceType: 'image_url', media: [bytes] } : bytes;
      }
      case 'image_base64': {
        const { content_type, data } = source;
        if (content_type !== 'image/jpeg' && content_type !== 'image/png')
          return invalidParameters('media_source.content_type must be image/jpeg or image/png');
        if (typeof data !== 'string' || !BASE64.test(data))
          return invalidParameters('media_source.data must be base64');
        const bytes = Buffer.from(data, 'base64');
        if (imageTypeOf(bytes) !== content_type)
          return invalidParameters('media_source.data does not hold an image of content_type');
        return { sourceType: 'image_base64', media: [bytes] };
      }
      case 'multiple_image_urls': {
        const items = source.items;
        if (!Array.isArray(items) || items.length < 2 || items.length > 5)
          return invalidParameters('media_source.items must hold 2 to 5 images');
        const images: Buffer[] = [];
        for (const [index, item] of items.entries()) {
          const bytes = await fetchImage(
            isObject(item) ? item.url : undefined,
            `media_source.items[${index}].url`,
          );
          if (!Buffer.isBuffer(bytes)) return bytes;
          images.push(bytes);
        }
        return { sourceType: 'multiple_image_urls', media: images };
      }
      case 'video_id': {
        const id = source.media_id;
        if (typeof id !== 'string' || !DIGITS.test(id))
          return invalidParameters('media_source.media_id is not valid');
        const item = media.get(id);
        if (!item) return notFound('Media');
        if (item.status !== 'succeeded' || !item.bytes)
          return invalidParameters(`media_source.media_id ${id} is not ready (status ${item.status})`);
        const url = source.cover_image_url;
        const keyFrame = source.cover_image_key_frame_time;
        if (url === undefined && keyFrame === undefined)
          return invalidParameters('media_source.cover_image_url or cover_image_key_frame_time is required');
        if (url !== undefined) {
          const cover = await fetchImage(url, 'media_source.cover_image_url');
          if (!Buffer.isBuffer(cover)) return cover;
        }
        if (
          keyFrame !== undefined &&
          (typeof keyFrame !== 'number' || !Number.isInteger(keyFrame) || keyFrame < 0)
        )
          return invalidParameters('media_source.cover_image_key_frame_time must be a non-negative integer');
        return {
          sourceType: 'video_id',
          media: [item.bytes],
          cover: {
            ...(typeof url === 'string' ? { url } : {}),
            ...(typeof keyFrame === 'number' ? { keyFrameTime: keyFrame } : {}),
          },
        };
      }
      default:
        return invalidParameters('media_source.source_type is not supported');
    }
  }

  function checkText(body: Record<string, unknown>): FakeResponse | undefined {
    const limits: Array<[string, number]> = [
      ['title', 100],
      ['description', 800],
      ['link', 2048],
      ['alt_text', 500],
    ];
    for (const [field, max] of limits) {
      const value = body[field];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string') return invalidParameters(`${field} must be a string`);
      if ([...value].length > max) return invalidParameters(`${field} must be at most ${max} characters`);
    }
    if (typeof body.link === 'string' && !/^https?:\/\/\S+$/.test(body.link))
      return invalidParameters('link must be an http(s) URL');
    if (body.dominant_color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(String(body.dominant_color)))
      return invalidParameters('dominant_color must be a hex colour');
    return undefined;
  }

  api(
    'POST',
    '/pins',
    ['boards:read', 'boards:write', 'pins:read', 'pins:write'],
    async (request, _params, granted) => {
      const fault = publishFault();
      if (fault) return fault;
      if (!(request.headers['content-type'] ?? '').includes('application/json') || !isObject(request.json))
        return invalidParameters('the body must be a JSON object');
      const body = request.json;
      const unknown = Object.keys(body).find((key) => !PIN_FIELDS.has(key));
      if (unknown) return invalidParameters(`${unknown} is not a known field`);
      const board = ownBoard(typeof body.board_id === 'string' ? body.board_id : '', granted);
      if ('status' in board) return board;
      const secret = secretRefusal(board, granted, 'pins:write_secret');
      if (secret) return secret;
      const sectionId = body.board_section_id;
      if (sectionId !== undefined && sectionId !== null && !board.sections.some((s) => s.id === sectionId))
        return invalidParameters(
          `board_section_id ${String(sectionId)} is not a section of board ${board.id}`,
        );
      const refusal = checkText(body);
      if (refusal) return refusal;
      const found = await mediaOf(body.media_source);
      if ('status' in found) return found;
      const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
      const pin: PinterestFakePin = {
        id: newId(),
        boardId: board.id,
        boardSectionId: str(sectionId),
        title: str(body.title),
        description: str(body.description),
        link: str(body.link),
        altText: str(body.alt_text),
        dominantColor: str(body.dominant_color),
        sourceType: found.sourceType,
        media: found.media,
        cover: found.cover,
        createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        deleted: false,
      };
      pins.push(pin);
      return { status: 201, body: renderPin(pin) };
    },
  );

  api(
    'DELETE',
    '/pins/:pin_id',
    ['boards:read', 'boards:write', 'pins:read', 'pins:write'],
    (_request, { pin_id = '' }, granted) => {
      if (!DIGITS.test(pin_id)) return invalidParameters(`pin_id ${pin_id} is not a valid id`);
      const pin = pins.find((p) => p.id === pin_id && !p.deleted);
      if (!pin) return notFound('Pin');
      const board = ownBoard(pin.boardId, granted);
      if ('status' in board) return notFound('Pin');
      const secret = secretRefusal(board, granted, 'pins:write_secret');
      if (secret) return secret;
      pin.deleted = true;
      return { status: 204 };
    },
  );

  // --- Video uploads ---------------------------------------------------------------------------
  const uploadParameters = (item: PinterestFakeMedia): Record<string, string> => ({
    'Content-Type': 'multipart/form-data',
    key: item.key,
    policy: Buffer.from(JSON.stringify({ key: item.key })).toString('base64'),
    'x-amz-algorithm': 'AWS4-HMAC-SHA256',
    'x-amz-credential': 'ASIAFAKEFAKEFAKE/20260101/us-east-1/s3/aws4_request',
    'x-amz-date': '20260101T000000Z',
    'x-amz-security-token': randomBytes(12).toString('base64'),
    'x-amz-signature': randomBytes(32).toString('hex'),
  });
  const expectedFields = new Map<string, Record<string, string>>();

  api('POST', '/media', ['pins:read', 'pins:write'], (request) => {
    if (!isObject(request.json) || request.json.media_type !== 'video')
      return invalidParameters("media_type must be 'video'");
    const id = newId();
    const item: PinterestFakeMedia = {
      id,
      key: `uploads/fa/ke/00/${userId}:video:${id}`,
      status: 'registered',
      bytes: undefined,
      pollsLeft: processingPolls,
    };
    media.set(id, item);
    const parameters = uploadParameters(item);
    expectedFields.set(item.key, parameters);
    return {
      status: 201,
      body: {
        media_id: id,
        media_type: 'video',
        upload_url: `${server.url}/upload/`,
        upload_parameters: parameters,
      },
    };
  });

  // The storage bucket: a POST form that must carry every parameter, then the file last.
  route('POST', '/upload', (request) => {
    const fields = request.multipart;
    if (!fields) return storageError(400, 'MalformedPOSTRequest', 'The body is not multipart/form-data.');
    const key = fields.key;
    const expected = typeof key === 'string' ? expectedFields.get(key) : undefined;
    if (!expected) return storageError(403, 'AccessDenied', 'Invalid according to Policy.');
    for (const name of UPLOAD_FIELDS) {
      if (fields[name] !== expected[name])
        return storageError(403, 'AccessDenied', `Policy condition failed: ${name}`);
    }
    const names = Object.keys(fields);
    const file = fields.file;
    if (!Buffer.isBuffer(file) || names.at(-1) !== 'file')
      return storageError(400, 'InvalidArgument', 'The file must be the last field of the form.');
    const item = [...media.values()].find((m) => m.key === key);
    if (!item) return storageError(403, 'AccessDenied', 'Unknown key.');
    item.bytes = file;
    item.status = 'processing';
    expectedFields.delete(item.key);
    return { status: 204 };
  });

  api('GET', '/media/:media_id', ['pins:read'], (_request, { media_id = '' }) => {
    if (!DIGITS.test(media_id)) return invalidParameters(`media_id ${media_id} is not a valid id`);
    const item = media.get(media_id);
    if (!item) return notFound('Media');
    if (item.status === 'processing') {
      if (item.pollsLeft > 0) item.pollsLeft -= 1;
      else item.status = processingFailures.shift() ? 'failed' : 'succeeded';
    }
    return { status: 200, body: { media_id: item.id, media_type: 'video', status: item.status } };
  });

  const toFakePost = (p: PinterestFakePin): FakePost => ({
    id: p.id,
    text: p.description ?? '',
    mediaCount: p.sourceType === 'video_id' ? 1 : p.media.length,
    raw: p,
  });

  return {
    platform: 'pinterest',
    server,
    oauth,
    userId,
    adapterOptions: () => ({
      clientId,
      clientSecret,
      apiBaseUrl: `${server.url}/v5`,
      authorizeUrl: `${server.url}/oauth/`,
      tokenUrl: `${server.url}/v5/oauth/token`,
    }),
    failNextPublish(fault, times = 1) {
      if (fault.kind === 'drop_after_apply') {
        server.scriptFault(
          (r) => r.method === 'POST' && r.path === '/v5/pins',
          { kind: 'drop-after-apply' },
          times,
        );
        return;
      }
      for (let i = 0; i < times; i++) publishFaults.push(fault);
    },
    failNextProcessing() {
      processingFailures.push(true);
    },
    boards: () => boards.map((b) => ({ ...b, sections: [...b.sections] })),
    addBoard: (name, sections) => addBoard(name, sections),
    posts: () => pins.filter((p) => !p.deleted).map(toFakePost),
    pins: () => [...pins],
    media: () => [...media.values()],
    exchanges: () => [...exchanges],
    expireAccessTokens: () => oauth.expireAll(),
    close: () => server.close(),
  };
}
