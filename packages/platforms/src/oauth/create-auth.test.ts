import { type CredentialsInput, credentialsFromInput, ValidationError } from '@relaypost/core';
import { describe, expect, it } from 'vitest';
import { authorizationUrl, createOAuth2Auth, credentialsOf } from './create-auth.js';
import { freshAccessToken } from './fresh-token.js';
import type { CodeGrant, OAuthProvider, TokenSet } from './types.js';

const HOUR = 3_600_000;
const tokens = (overrides: Partial<TokenSet> = {}): TokenSet => ({
  accessToken: 'at-new',
  refreshToken: undefined,
  expiresAt: Date.parse('2026-05-01T12:00:00Z'),
  refreshTokenExpiresAt: undefined,
  scopes: undefined,
  tokenType: 'bearer',
  answer: {},
  ...overrides,
});
const base = {
  platform: 'test',
  authorizeUrl: 'https://auth.example.test/authorize?app=1',
  clientId: 'app-id',
  scopes: ['read', 'write'],
  scopeSeparator: ' ',
  pkce: 'none',
} as const;
const input = { redirectUri: 'https://app.example.test/cb', state: 'st', codeChallenge: 'ch' };

describe('authorizationUrl', () => {
  it('builds the standard query, keeps the base URL query, and adds the platform extras', () => {
    const url = new URL(
      authorizationUrl(
        { ...base, pkce: 'optional', scopeSeparator: ',', authorizeParams: { duration: 'permanent' } },
        input,
      ),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      app: '1',
      response_type: 'code',
      client_id: 'app-id',
      redirect_uri: input.redirectUri,
      scope: 'read,write',
      state: 'st',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
      duration: 'permanent',
    });
  });

  it("names the client id the platform's way and uses the scopes asked for", () => {
    const url = new URL(
      authorizationUrl({ ...base, clientIdParam: 'client_key' }, { ...input, scopes: ['only'] }),
    );
    expect(url.searchParams.get('client_key')).toBe('app-id');
    expect(url.searchParams.has('client_id')).toBe(false);
    expect(url.searchParams.get('scope')).toBe('only');
  });

  it('sends no challenge to a platform without PKCE, and refuses to go without one where it is required', () => {
    expect(new URL(authorizationUrl(base, input)).searchParams.has('code_challenge')).toBe(false);
    const refusal = (() => {
      try {
        return authorizationUrl({ ...base, pkce: 'required' }, { redirectUri: 'https://a.test', state: 's' });
      } catch (error) {
        return error;
      }
    })();
    expect(ValidationError.isInstance(refusal)).toBe(true);
    expect((refusal as ValidationError).issues[0]?.path).toBe('codeChallenge');
  });
});

describe('createOAuth2Auth', () => {
  function provider(pkce: OAuthProvider['pkce'], withRefresh: boolean) {
    const exchanged: CodeGrant[] = [];
    const grants = {
      exchange: async (grant: CodeGrant) => {
        exchanged.push(grant);
        return tokens({ refreshToken: 'rt-1', scopes: ['read'] });
      },
      ...(withRefresh ? { refresh: async () => tokens({ accessToken: 'at-2' }) } : {}),
    };
    const auth = createOAuth2Auth({
      ...base,
      pkce,
      tokens: grants,
      accounts: async ({ credentials, scopes }) => [{ externalId: '1', handle: 'h', scopes, credentials }],
    });
    return { auth, exchanged };
  }

  it('exchanges the code, hands the credentials and granted scopes to the account reader', async () => {
    const { auth, exchanged } = provider('optional', true);
    const [account] = await auth.exchangeCode({
      code: 'c',
      redirectUri: 'https://a.test',
      codeVerifier: 'v',
    });
    expect(exchanged).toEqual([{ code: 'c', redirectUri: 'https://a.test', codeVerifier: 'v' }]);
    expect(account?.scopes).toEqual(['read']);
    expect(account?.credentials).toEqual({
      accessToken: 'at-new',
      refreshToken: 'rt-1',
      expiresAt: '2026-05-01T12:00:00.000Z',
      tokenType: 'bearer',
    });
  });

  it('keeps the verifier from a platform without PKCE, and refuses an exchange without one where it is required', async () => {
    const none = provider('none', false);
    await none.auth.exchangeCode({ code: 'c', redirectUri: 'https://a.test', codeVerifier: 'v' });
    expect(none.exchanged[0]?.codeVerifier).toBeUndefined();
    const required = provider('required', false);
    await expect(required.auth.exchangeCode({ code: 'c', redirectUri: 'https://a.test' })).rejects.toSatisfy(
      ValidationError.isInstance,
    );
    expect(required.exchanged).toHaveLength(0);
  });

  it('offers refresh only when the grants do', async () => {
    expect('refresh' in provider('none', false).auth).toBe(false);
    const { auth } = provider('none', true);
    const refreshed = await auth.refresh?.(
      credentialsFromInput({ accessToken: 'at-1', refreshToken: 'rt-1' }),
    );
    expect(refreshed).toMatchObject({ accessToken: 'at-2', refreshToken: 'rt-1' });
  });
});

describe('credentialsOf after a refresh', () => {
  const previous = credentialsFromInput({
    accessToken: 'at-old',
    refreshToken: 'rt-old',
    refreshTokenExpiresAt: '2027-01-01T00:00:00.000Z',
  });

  it('keeps the used refresh token and its expiry when the answer repeats none', () => {
    expect(credentialsOf(tokens(), previous)).toMatchObject({
      refreshToken: 'rt-old',
      refreshTokenExpiresAt: '2027-01-01T00:00:00.000Z',
    });
  });

  it('keeps none where every refresh rotates it', () => {
    const next = credentialsOf(tokens(), previous, true);
    expect(next.refreshToken).toBeUndefined();
    expect(next.refreshTokenExpiresAt).toBeUndefined();
  });

  it("takes a new refresh token, with the answer's expiry and never the old one's", () => {
    const unknownExpiry = credentialsOf(tokens({ refreshToken: 'rt-new' }), previous);
    expect(unknownExpiry.refreshToken).toBe('rt-new');
    expect(unknownExpiry.refreshTokenExpiresAt).toBeUndefined();
    const at = Date.parse('2026-07-01T00:00:00Z');
    expect(
      credentialsOf(tokens({ refreshToken: 'rt-new', refreshTokenExpiresAt: at }), previous),
    ).toMatchObject({ refreshToken: 'rt-new', refreshTokenExpiresAt: '2026-07-01T00:00:00.000Z' });
  });
});

describe('freshAccessToken', () => {
  const creds = (expiresInMs: number, refreshToken?: string) =>
    credentialsFromInput({
      accessToken: 'old',
      ...(refreshToken ? { refreshToken } : {}),
      expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
    });
  const refresh = async (): Promise<CredentialsInput> => ({ accessToken: 'new' });
  const margin = { marginMs: 5 * 60_000 };

  it('keeps a token with time left, or one that cannot be refreshed', async () => {
    expect(await freshAccessToken(creds(HOUR, 'rt'), refresh, undefined, margin)).toBe('old');
    expect(await freshAccessToken(creds(1000), refresh, undefined, margin)).toBe('old');
    expect(await freshAccessToken(creds(1000, 'rt'), undefined, undefined, margin)).toBe('old');
  });

  it('refreshes one about to end and hands the new credentials over first', async () => {
    const handed: CredentialsInput[] = [];
    const token = await freshAccessToken(
      creds(1000, 'rt'),
      refresh,
      async (c) => void handed.push(c),
      margin,
    );
    expect(token).toBe('new');
    expect(handed).toEqual([{ accessToken: 'new' }]);
  });

  it('refreshes a token that is its own refresh credential (Instagram Login, Threads)', async () => {
    const options = { ...margin, refreshesAccessToken: true };
    expect(await freshAccessToken(creds(1000), refresh, undefined, options)).toBe('new');
  });
});
