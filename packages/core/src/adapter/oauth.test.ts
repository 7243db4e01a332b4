import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createOAuthState, createPkcePair } from '../index.js';
import { pkceChallenge } from './oauth.js';

describe('PKCE and state', () => {
  it('makes an S256 challenge that matches RFC 7636', async () => {
    // RFC 7636 appendix B test vector.
    expect(await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const pair = await createPkcePair();
    expect(pair.verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(pair.challenge).toBe(createHash('sha256').update(pair.verifier).digest('base64url'));
  });

  it('makes unguessable states', () => {
    expect(createOAuthState()).not.toBe(createOAuthState());
    expect(createOAuthState()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
