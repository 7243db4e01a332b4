import { createHash, randomBytes } from 'node:crypto';
import { type FakeResponse, FakeServer, type RecordedRequest } from '../../testing/fake-server.js';
import type { FakePost, PlatformFake, PlatformFault } from '../../testing/platform-fake.js';
import { isTid } from '../record-key.js';
import { FakeJwts, type FakeScope } from './tokens.js';
import { type FakeBlob, validatePostRecord } from './validate-record.js';

/** Options for {@link createBlueskyFake}. */
export interface BlueskyFakeOptions {
  /** The account's handle (also accepted as login identifier). Default `alice.test`. */
  identifier?: string;
  /** The app password login accepts. Default `app-pass-word-1234`. */
  password?: string;
  /** The app password is privileged (may reach DMs). Default false. */
  privilegedAppPassword?: boolean;
  /**
   * The account's own password, which login also accepts, with a full-access session. Default
   * `account-password-never-share`.
   */
  accountPassword?: string;
  /** Access JWT lifetime. Default 2 hours, as the PDS. */
  accessTtlSeconds?: number;
  /** Largest upload `uploadBlob` takes. Default 5,000,000 bytes ⚠ (a PDS setting). */
  maxUploadBytes?: number;
}

/** A record as the fake stores it. */
export interface BlueskyFakeRecord {
  uri: string;
  cid: string;
  repo: string;
  collection: string;
  rkey: string;
  value: Record<string, unknown>;
  indexedAt: string;
}

/** The Bluesky fake: the platform fake contract plus PDS-specific helpers. */
export interface BlueskyFake extends PlatformFake {
  readonly platform: 'bluesky';
  readonly did: string;
  readonly handle: string;
  /** Options that point `createBluesky` at this fake. */
  adapterOptions(): { service: string };
  /** Adds another account (to be mentioned) and returns its DID. */
  addAccount(handle: string): string;
  /** Every live record, oldest first. */
  records(): BlueskyFakeRecord[];
  /** Uploaded blobs by CID. */
  blobs(): ReadonlyMap<string, FakeBlob>;
  /** Every refresh JWT issued so far stops working (as if the app password was revoked). */
  revokeSessions(): void;
}

const err = (status: number, error: string, message: string): FakeResponse => ({
  status,
  body: { error, message },
});
const invalid = (message: string) => err(400, 'InvalidRequest', message);

/** Session scopes that may use the repo and identity endpoints (the PDS's ACCESS_STANDARD). */
const STANDARD: readonly FakeScope[] = [
  'com.atproto.access',
  'com.atproto.appPassPrivileged',
  'com.atproto.appPass',
];
/** Session scopes that may manage the account (ACCESS_FULL): an account-password login only. */
const FULL: readonly FakeScope[] = ['com.atproto.access'];

function fakeCid(prefix: 'bafyrei' | 'bafkrei', data: Buffer | string): string {
  // Real CIDs are base32 multihashes; a base32-looking digest is all the adapter needs.
  const digest = createHash('sha256').update(data).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = prefix;
  for (const byte of digest.subarray(0, 32)) out += alphabet.charAt(byte % 32);
  return out + alphabet.charAt(digest.length % 32).repeat(20);
}

function newDid(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return `did:plc:${Array.from(randomBytes(24), (b) => alphabet.charAt(b % 32)).join('')}`;
}

/**
 * A fake PDS on loopback speaking XRPC: `com.atproto.server.createSession|refreshSession`,
 * `com.atproto.identity.resolveHandle`, `com.atproto.repo.uploadBlob|createRecord|getRecord|
 * deleteRecord|listRecords`, and two account-management endpoints
 * (`com.atproto.server.createAppPassword`, `requestAccountDelete`). Session tokens are
 * real-looking HS256 JWTs with `exp` and the PDS's scopes: a login with the app password gets
 * `com.atproto.appPass` (or `appPassPrivileged`), which the repo endpoints take and account
 * management refuses ("Bad token scope"); the account password gets `com.atproto.access`. Refresh
 * rotates the refresh JWT, keeps the session's scope, and retires the old one. Records are validated (text, facets, embeds,
 * reply refs, TID record keys), and a second write to a taken key gets the 500 a real PDS gives.
 *
 * @example
 * ```ts
 * const fake = await createBlueskyFake({ identifier: 'alice.test', password: 'pw' });
 * const bluesky = createBluesky(fake.adapterOptions());
 * ```
 */
export async function createBlueskyFake(options: BlueskyFakeOptions = {}): Promise<BlueskyFake> {
  const server = await FakeServer.start('bluesky');
  const handle = options.identifier ?? 'alice.test';
  const password = options.password ?? 'app-pass-word-1234';
  const accountPassword = options.accountPassword ?? 'account-password-never-share';
  const appPassScope: FakeScope = options.privilegedAppPassword
    ? 'com.atproto.appPassPrivileged'
    : 'com.atproto.appPass';
  const accessTtl = options.accessTtlSeconds ?? 7200;
  const maxUpload = options.maxUploadBytes ?? 5_000_000;
  const did = newDid();
  const jwts = new FakeJwts();
  const handles = new Map<string, string>([[handle, did]]);
  const records = new Map<string, BlueskyFakeRecord>();
  const blobs = new Map<string, FakeBlob>();
  /** Live refresh JWT ids and the scope of the access JWTs they renew. */
  const liveRefreshIds = new Map<string, FakeScope>();
  const expiredAccess = new Set<string>();
  const issuedAccess: string[] = [];
  let revision = 0;

  const now = () => Math.floor(Date.now() / 1000);
  const path = (method: string) => `/xrpc/${method}`;

  function issueSession(subject: string, scope: FakeScope) {
    const iat = now();
    const jti = randomBytes(24).toString('base64url');
    liveRefreshIds.set(jti, scope);
    // A jti keeps two access JWTs issued in the same second apart (the PDS's would be equal).
    const accessJwt = jwts.sign({
      scope,
      sub: subject,
      iat,
      exp: iat + accessTtl,
      jti: randomBytes(8).toString('base64url'),
    });
    issuedAccess.push(accessJwt);
    const refreshJwt = jwts.sign({
      scope: 'com.atproto.refresh',
      sub: subject,
      iat,
      exp: iat + 90 * 86_400,
      jti,
    });
    return {
      accessJwt,
      refreshJwt,
      did: subject,
      handle,
      didDoc: {
        '@context': ['https://www.w3.org/ns/did/v1'],
        id: subject,
        alsoKnownAs: [`at://${handle}`],
        service: [{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: server.url }],
      },
      email: `${handle}@example.test`,
      emailConfirmed: true,
      active: true,
    };
  }

  /**
   * The DID behind a Bearer token whose scope is one of `scopes`, or the PDS's error answer: a
   * refresh JWT where an access JWT belongs (or the other way round) cannot be verified, and an
   * app-password session on an account-management endpoint has a "Bad token scope".
   */
  function authenticate(req: RecordedRequest, scopes: readonly FakeScope[]) {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) return err(401, 'AuthMissing', 'Authentication Required');
    const token = header.slice('Bearer '.length).trim();
    const claims = jwts.verify(token);
    const refreshing = scopes.includes('com.atproto.refresh');
    if (!claims || (claims.scope === 'com.atproto.refresh') !== refreshing)
      return err(400, 'InvalidToken', 'Token could not be verified');
    if (claims.exp <= now() || expiredAccess.has(token)) return err(400, 'ExpiredToken', 'Token has expired');
    if (refreshing && (!claims.jti || !liveRefreshIds.has(claims.jti)))
      return err(400, 'ExpiredToken', 'Token has been revoked');
    if (!scopes.includes(claims.scope)) return err(400, 'InvalidToken', 'Bad token scope');
    return { did: claims.sub, jti: claims.jti, scope: claims.scope };
  }

  const isError = (value: unknown): value is FakeResponse =>
    typeof value === 'object' && value !== null && 'status' in value;

  function jsonBody(req: RecordedRequest): Record<string, unknown> | FakeResponse {
    if (!(req.headers['content-type'] ?? '').includes('application/json'))
      return invalid('Request encoding (Content-Type) required but not provided');
    if (typeof req.json !== 'object' || req.json === null || Array.isArray(req.json))
      return invalid('Request body must be a JSON object');
    return req.json as Record<string, unknown>;
  }

  function repoDid(repo: unknown): string | undefined {
    if (typeof repo !== 'string') return undefined;
    return repo.startsWith('did:') ? repo : handles.get(repo.toLowerCase());
  }

  server.route('POST', path('com.atproto.server.createSession'), (req) => {
    const body = jsonBody(req);
    if (isError(body)) return body;
    if (typeof body.identifier !== 'string' || typeof body.password !== 'string')
      return invalid('Input must have the properties "identifier" and "password"');
    const known = body.identifier.toLowerCase() === handle || body.identifier === did;
    const scope =
      body.password === password
        ? appPassScope
        : body.password === accountPassword
          ? 'com.atproto.access'
          : undefined;
    if (!known || !scope) return err(401, 'AuthenticationRequired', 'Invalid identifier or password');
    return { status: 200, body: issueSession(did, scope) };
  });

  server.route('POST', path('com.atproto.server.refreshSession'), (req) => {
    const auth = authenticate(req, ['com.atproto.refresh']);
    if (isError(auth)) return auth;
    const scope = (auth.jti && liveRefreshIds.get(auth.jti)) || appPassScope;
    if (auth.jti) liveRefreshIds.delete(auth.jti);
    return { status: 200, body: issueSession(auth.did, scope) };
  });

  // Account management takes a full-access session (the account password): an app password's
  // session is refused, as the PDS refuses it.
  server.route('POST', path('com.atproto.server.createAppPassword'), (req) => {
    const auth = authenticate(req, FULL);
    if (isError(auth)) return auth;
    const body = jsonBody(req);
    if (isError(body)) return body;
    if (typeof body.name !== 'string' || body.name === '')
      return invalid('Input must have the property "name"');
    const created = randomBytes(8).toString('hex').match(/.{4}/g)?.join('-') ?? '';
    return {
      status: 200,
      body: {
        name: body.name,
        password: created,
        createdAt: new Date().toISOString(),
        privileged: body.privileged === true,
      },
    };
  });

  server.route('POST', path('com.atproto.server.requestAccountDelete'), (req) => {
    const auth = authenticate(req, FULL);
    return isError(auth) ? auth : { status: 200 };
  });

  server.route('GET', path('com.atproto.identity.resolveHandle'), (req) => {
    const asked = req.query.handle;
    if (!asked) return invalid('Error: Params must have the property "handle"');
    const found = handles.get(asked.toLowerCase());
    return found
      ? { status: 200, body: { did: found } }
      : err(400, 'HandleNotFound', 'Unable to resolve handle');
  });

  server.route('POST', path('com.atproto.repo.uploadBlob'), (req) => {
    const auth = authenticate(req, STANDARD);
    if (isError(auth)) return auth;
    const mimeType = req.headers['content-type'];
    if (!mimeType) return invalid('Request encoding (Content-Type) required but not provided');
    if (req.body.length > maxUpload)
      return err(
        400,
        'BlobTooLarge',
        `This file is too large. It is ${req.body.length} bytes but the maximum size is ${maxUpload} bytes.`,
      );
    const cid = fakeCid('bafkrei', req.body);
    const blob: FakeBlob = { cid, mimeType, size: req.body.length, owner: auth.did };
    blobs.set(cid, blob);
    return { status: 200, body: { blob: { $type: 'blob', ref: { $link: cid }, mimeType, size: blob.size } } };
  });

  server.route('POST', path('com.atproto.repo.createRecord'), (req) => {
    const auth = authenticate(req, STANDARD);
    if (isError(auth)) return auth;
    const body = jsonBody(req);
    if (isError(body)) return body;
    const repo = repoDid(body.repo);
    if (!repo) return invalid('Input must have the property "repo"');
    if (repo !== auth.did) return err(401, 'AuthenticationRequired', 'Authentication Required');
    if (body.collection !== 'app.bsky.feed.post')
      return invalid(`this fake stores app.bsky.feed.post records only, not ${String(body.collection)}`);
    const rkey = body.rkey === undefined ? nextTid() : body.rkey;
    if (typeof rkey !== 'string' || !isTid(rkey))
      return invalid(
        `Invalid record key for app.bsky.feed.post: Invalid TID string (got "${String(rkey)}") at $`,
      );
    const uri = `at://${repo}/app.bsky.feed.post/${rkey}`;
    // The PDS has no conflict error for a taken key: the write fails inside the repo.
    if (records.has(uri)) return err(500, 'InternalServerError', 'Internal Server Error');
    const problem = validatePostRecord(body.record, {
      blobs,
      repo,
      cidOf: (ref) => records.get(ref)?.cid,
    });
    if (problem) return err(400, problem.error, problem.message);
    const value = body.record as Record<string, unknown>;
    const cid = fakeCid('bafyrei', JSON.stringify(value) + uri);
    records.set(uri, {
      uri,
      cid,
      repo,
      collection: 'app.bsky.feed.post',
      rkey,
      value,
      indexedAt: new Date().toISOString(),
    });
    revision += 1;
    return {
      status: 200,
      body: {
        uri,
        cid,
        commit: { cid: fakeCid('bafyrei', `commit-${revision}`), rev: nextTid() },
        validationStatus: 'valid',
      },
    };
  });

  server.route('GET', path('com.atproto.repo.getRecord'), (req) => {
    const { repo, collection, rkey } = req.query;
    if (!repo || !collection || !rkey)
      return invalid('Error: Params must have the properties "repo", "collection" and "rkey"');
    const uri = `at://${repoDid(repo) ?? repo}/${collection}/${rkey}`;
    const record = records.get(uri);
    if (!record) return err(400, 'RecordNotFound', `Could not locate record: ${uri}`);
    return { status: 200, body: { uri, cid: record.cid, value: record.value } };
  });

  server.route('POST', path('com.atproto.repo.deleteRecord'), (req) => {
    const auth = authenticate(req, STANDARD);
    if (isError(auth)) return auth;
    const body = jsonBody(req);
    if (isError(body)) return body;
    const repo = repoDid(body.repo);
    if (!repo || typeof body.collection !== 'string' || typeof body.rkey !== 'string')
      return invalid('Input must have the properties "repo", "collection" and "rkey"');
    if (repo !== auth.did) return err(401, 'AuthenticationRequired', 'Authentication Required');
    // Deleting a missing record succeeds, as on a PDS.
    records.delete(`at://${repo}/${body.collection}/${body.rkey}`);
    return { status: 200, body: {} };
  });

  server.route('GET', path('com.atproto.repo.listRecords'), (req) => {
    const { repo, collection } = req.query;
    if (!repo || !collection)
      return invalid('Error: Params must have the properties "repo" and "collection"');
    const owner = repoDid(repo) ?? repo;
    const limit = Math.min(100, Math.max(1, Number(req.query.limit ?? 50) || 50));
    const reverse = req.query.reverse === 'true';
    const sorted = [...records.values()]
      .filter((r) => r.repo === owner && r.collection === collection)
      .sort((a, b) => (reverse ? a.rkey.localeCompare(b.rkey) : b.rkey.localeCompare(a.rkey)));
    const cursor = req.query.cursor;
    const after = cursor ? sorted.filter((r) => (reverse ? r.rkey > cursor : r.rkey < cursor)) : sorted;
    const page = after.slice(0, limit);
    return {
      status: 200,
      body: {
        records: page.map((r) => ({ uri: r.uri, cid: r.cid, value: r.value })),
        ...(after.length > limit && page.length > 0 ? { cursor: page.at(-1)?.rkey } : {}),
      },
    };
  });

  let lastTid = 0n;
  function nextTid(): string {
    const ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';
    let micros = BigInt(Date.now()) * 1000n;
    if (micros <= lastTid) micros = lastTid + 1n;
    lastTid = micros;
    let value = (micros << 10n) | BigInt(randomBytes(2).readUInt16BE() & 0x3ff);
    let out = '';
    for (let i = 0; i < 13; i++) {
      out = ALPHABET.charAt(Number(value & 31n)) + out;
      value >>= 5n;
    }
    return out;
  }

  const isCreate = (r: RecordedRequest) =>
    r.method === 'POST' && r.path === path('com.atproto.repo.createRecord');

  return {
    platform: 'bluesky',
    server,
    did,
    handle,
    adapterOptions: () => ({ service: server.url }),
    addAccount(other: string) {
      const otherDid = newDid();
      handles.set(other.toLowerCase(), otherDid);
      return otherDid;
    },
    records: () => [...records.values()],
    blobs: () => blobs,
    posts(): FakePost[] {
      return [...records.values()]
        .filter((r) => r.collection === 'app.bsky.feed.post')
        .map((r) => {
          const embed = r.value.embed as { $type?: string; images?: unknown[] } | undefined;
          const reply = r.value.reply as { parent?: { uri?: string } } | undefined;
          return {
            id: r.uri,
            text: typeof r.value.text === 'string' ? r.value.text : '',
            mediaCount: embed?.$type === 'app.bsky.embed.images' ? (embed.images?.length ?? 0) : 0,
            replyTo: reply?.parent?.uri,
            raw: r.value,
          };
        });
    },
    failNextPublish(fault: PlatformFault, times = 1) {
      server.scriptFault(isCreate, faultFor(fault), times);
    },
    expireAccessTokens() {
      for (const token of issuedAccess) expiredAccess.add(token);
    },
    revokeSessions() {
      liveRefreshIds.clear();
    },
    close: () => server.close(),
  };
}

/** A platform fault in the PDS's wire format. */
function faultFor(fault: PlatformFault) {
  switch (fault.kind) {
    case 'rate_limit': {
      const reset = Math.ceil(Date.now() / 1000) + fault.retryAfterSeconds;
      return {
        kind: 'respond' as const,
        response: {
          status: 429,
          headers: {
            'ratelimit-limit': '5000',
            'ratelimit-remaining': '0',
            'ratelimit-reset': String(reset),
            'ratelimit-policy': '5000;w=3600',
          },
          body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
        },
      };
    }
    case 'server_error':
      return {
        kind: 'respond' as const,
        response: err(fault.status ?? 500, 'InternalServerError', 'Internal Server Error'),
      };
    case 'drop_after_apply':
      return { kind: 'drop-after-apply' as const };
    case 'expired_token':
      return { kind: 'respond' as const, response: err(400, 'ExpiredToken', 'Token has expired') };
    case 'revoked_token':
      return {
        kind: 'respond' as const,
        response: err(401, 'AuthenticationRequired', 'Token has been revoked'),
      };
    case 'validation':
      return {
        kind: 'respond' as const,
        response: invalid(
          fault.message ??
            'Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes',
        ),
      };
  }
}
