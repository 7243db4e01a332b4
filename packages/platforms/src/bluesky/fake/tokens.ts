import { createHmac, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The scopes of the PDS's session JWTs: `com.atproto.access` for a login with the account
 * password, `com.atproto.appPass` / `com.atproto.appPassPrivileged` for an app password, and
 * `com.atproto.refresh` for refresh tokens.
 */
export type FakeScope =
  | 'com.atproto.access'
  | 'com.atproto.appPass'
  | 'com.atproto.appPassPrivileged'
  | 'com.atproto.refresh';

/** A session token's claims, as the PDS puts them in its JWTs. */
export interface FakeClaims {
  scope: FakeScope;
  sub: string;
  iat: number;
  exp: number;
  jti?: string;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Signs and checks HS256 JWTs shaped like the PDS's session tokens (`typ` `at+jwt` for access,
 * `refresh+jwt` for refresh; `scope`, `sub` = DID, `iat`, `exp`, and a `jti` on refresh tokens).
 *
 * @example
 * ```ts
 * const jwts = new FakeJwts();
 * const token = jwts.sign({ scope: 'com.atproto.access', sub: did, iat, exp });
 * ```
 */
export class FakeJwts {
  private readonly secret = createSecretKey(randomBytes(32));
  /** Tokens already checked: a benchmark's thousand requests a second carry the same one. */
  private readonly verified = new Map<string, FakeClaims>();

  sign(claims: FakeClaims): string {
    const typ = claims.scope === 'com.atproto.refresh' ? 'refresh+jwt' : 'at+jwt';
    const head = `${b64({ typ, alg: 'HS256' })}.${b64(claims)}`;
    return `${head}.${createHmac('sha256', this.secret).update(head).digest('base64url')}`;
  }

  /** The claims of a token this fake signed, or undefined when the signature does not match. */
  verify(token: string): FakeClaims | undefined {
    const known = this.verified.get(token);
    if (known) return known;
    const [head, body, signature] = token.split('.');
    if (!head || !body || !signature) return undefined;
    const expected = createHmac('sha256', this.secret).update(`${head}.${body}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as FakeClaims;
      this.verified.set(token, claims);
      return claims;
    } catch {
      return undefined;
    }
  }
}
