import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  needsRehash,
  passwordProblem,
  verifyAgainstDummy,
  verifyPassword,
} from '../src/auth/password.js';

const FAST = { memory: 1024, passes: 1, parallelism: 1 };

describe('password hashing (argon2id)', () => {
  it('produces a PHC string with a fresh salt every time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
  });

  it('verifies the right password and refuses others', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('normalises Unicode so the same password typed differently matches', async () => {
    const stored = await hashPassword('caf\u00e9 au lait!', FAST);
    expect(await verifyPassword('cafe\u0301 au lait!', stored)).toBe(true);
  });

  it('treats malformed hashes as a mismatch, never an exception', async () => {
    expect(await verifyPassword('x', 'not a hash')).toBe(false);
    expect(await verifyPassword('x', '$argon2i$v=19$m=1024,t=1,p=1$abc$def')).toBe(false);
    expect(await verifyPassword('x', '$bcrypt$whatever')).toBe(false);
  });

  it('keeps the cost in the hash: old cheap hashes still verify and ask for a rehash', async () => {
    const cheap = await hashPassword('correct horse battery', FAST);
    expect(cheap).toContain('m=1024,t=1,p=1');
    expect(await verifyPassword('correct horse battery', cheap)).toBe(true);
    expect(needsRehash(cheap)).toBe(true);
    expect(needsRehash(await hashPassword('correct horse battery'))).toBe(false);
  });

  it('spends a real verification on unknown users', async () => {
    expect(await verifyAgainstDummy('anything')).toBe(false);
  });

  it('refuses short passwords at sign-up', () => {
    expect(passwordProblem('short')).toMatch(/at least 10/);
    expect(passwordProblem('long enough password')).toBeNull();
  });
});
