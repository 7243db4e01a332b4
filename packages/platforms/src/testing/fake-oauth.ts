import { createHash, randomBytes } from 'node:crypto';
import type { FakeResponse } from './fake-server.js';

export interface FakeOAuthOptions {
  clientId: string;
  clientSecret?: string;
  accessTokenTtlSeconds: number;
  /** Issue refresh tokens at all (LinkedIn only does for approved partners). */
  issueRefreshTokens: boolean;
  /** A refresh returns a new refresh token and the old one stops working. */
  rotateRefreshTokens: boolean;
  /** Require a PKCE S256 challenge on authorize and its verifier on exchange. */
  requirePkce: boolean;
  /** The platform user the tokens belong to. */
  subject: string;
}

export interface IssuedTokens {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: 'bearer';
  scope: string;
}

export type TokenCheck =
  | { ok: true; subject: string; scope: string }
  | { ok: false; reason: 'missing' | 'unknown' | 'expired' | 'revoked' };

interface Grant {
  redirectUri: string;
  challenge: string | undefined;
  scope: string;
}

interface AccessToken {
  expiresAt: number;
  revoked: boolean;
  scope: string;
}

function token(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

/**
 * The authorization-server half of a platform fake: authorize redirects, code exchange with
 * PKCE checks, refresh (optionally rotating), bearer-token checks, expiry and revocation.
 * Each platform fake wraps its answers in the platform's own wire format.
 */
export class FakeOAuthAuthority {
  private readonly codes = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, { scope: string; valid: boolean }>();

  constructor(readonly options: FakeOAuthOptions) {}

  /** Handles the user's visit to the authorize URL: consent is given at once, 302 back to the app. */
  authorize(query: Record<string, string>): FakeResponse {
    const { client_id, redirect_uri, state, code_challenge, code_challenge_method, scope } = query;
    if (client_id !== this.options.clientId) return { status: 400, body: 'unknown client_id' };
    if (!redirect_uri || !state) return { status: 400, body: 'redirect_uri and state are required' };
    if (this.options.requirePkce && (!code_challenge || code_challenge_method !== 'S256')) {
      return { status: 400, body: 'PKCE S256 code_challenge is required' };
    }
    const code = token('code');
    this.codes.set(code, { redirectUri: redirect_uri, challenge: code_challenge, scope: scope ?? '' });
    const target = new URL(redirect_uri);
    target.searchParams.set('code', code);
    target.searchParams.set('state', state);
    return { status: 302, headers: { location: target.toString() } };
  }

  /** Trades a code for tokens; `null` means `invalid_grant`. */
  exchangeCode(input: {
    code: string;
    redirectUri: string;
    codeVerifier?: string | undefined;
  }): IssuedTokens | null {
    const grant = this.codes.get(input.code);
    this.codes.delete(input.code);
    if (!grant || grant.redirectUri !== input.redirectUri) return null;
    if (grant.challenge !== undefined) {
      if (!input.codeVerifier) return null;
      const expected = createHash('sha256').update(input.codeVerifier).digest('base64url');
      if (expected !== grant.challenge) return null;
    }
    return this.issue(grant.scope);
  }

  /** Checks client credentials given as form fields or as HTTP Basic auth. */
  checkClient(form: Record<string, string> | undefined, authorization: string | undefined): boolean {
    let id = form?.client_id ?? form?.client_key;
    let secret = form?.client_secret;
    if (authorization?.startsWith('Basic ')) {
      const [user, pass] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
      id = decodeURIComponent(user ?? '');
      secret = decodeURIComponent(pass ?? '');
    }
    if (id !== this.options.clientId) return false;
    return this.options.clientSecret === undefined || secret === this.options.clientSecret;
  }

  /** New tokens from a refresh token; `null` means `invalid_grant`. */
  refresh(refreshToken: string): IssuedTokens | null {
    const stored = this.refreshTokens.get(refreshToken);
    if (!stored?.valid) return null;
    if (this.options.rotateRefreshTokens) stored.valid = false;
    const issued = this.issue(stored.scope, !this.options.rotateRefreshTokens);
    if (!this.options.rotateRefreshTokens) issued.refresh_token = refreshToken;
    return issued;
  }

  /** Issues tokens directly (for fakes whose login is not OAuth, or to seed a test). */
  issue(scope: string, reuseRefresh = false): IssuedTokens {
    const access = token('at');
    this.accessTokens.set(access, {
      expiresAt: Date.now() + this.options.accessTokenTtlSeconds * 1000,
      revoked: false,
      scope,
    });
    const issued: IssuedTokens = {
      access_token: access,
      expires_in: this.options.accessTokenTtlSeconds,
      token_type: 'bearer',
      scope,
    };
    if (this.options.issueRefreshTokens && !reuseRefresh) {
      const refresh = token('rt');
      this.refreshTokens.set(refresh, { scope, valid: true });
      issued.refresh_token = refresh;
    }
    return issued;
  }

  /** Checks an `Authorization: Bearer` header (or a bare token). */
  check(authorization: string | undefined): TokenCheck {
    if (!authorization) return { ok: false, reason: 'missing' };
    const value = authorization.startsWith('Bearer ') ? authorization.slice(7) : authorization;
    const stored = this.accessTokens.get(value);
    if (!stored) return { ok: false, reason: 'unknown' };
    if (stored.revoked) return { ok: false, reason: 'revoked' };
    if (stored.expiresAt <= Date.now()) return { ok: false, reason: 'expired' };
    return { ok: true, subject: this.options.subject, scope: stored.scope };
  }

  expireAll(): void {
    for (const stored of this.accessTokens.values()) stored.expiresAt = 0;
  }

  revokeAll(): void {
    for (const stored of this.accessTokens.values()) stored.revoked = true;
    for (const stored of this.refreshTokens.values()) stored.valid = false;
  }
}

/**
 * The scopes in `needed` that a grant lacks: what a fake answers with the platform's own
 * "insufficient scope" error. `granted` is the grant's scope string, space- or comma-separated.
 *
 * @example
 * ```ts
 * const missing = missingScopes(check.scope, ['tweet.write', 'users.read']);
 * if (missing.length > 0) return forbidden(`Missing scopes: ${missing.join(', ')}`);
 * ```
 */
export function missingScopes(granted: string, needed: readonly string[]): string[] {
  const have = new Set(granted.split(/[\s,]+/).filter(Boolean));
  return needed.filter((scope) => !have.has(scope));
}
