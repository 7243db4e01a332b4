import { describe, expect, it } from 'vitest';
import { ConfigurationError, createKeyring, DecryptionError, generateEncryptionKey } from '../index.js';

const oldKey = { id: 'old', key: generateEncryptionKey() };
const newKey = { id: 'new', key: generateEncryptionKey() };

/** Changes one character of the base64url part at `index` so the bytes differ. */
function tamper(ciphertext: string, index: 2 | 3): string {
  const parts = ciphertext.split(':');
  const part = parts[index]!;
  parts[index] = (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
  return parts.join(':');
}

function decryptError(fn: () => unknown): DecryptionError {
  try {
    fn();
  } catch (error) {
    if (DecryptionError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a DecryptionError');
}

describe('keyring', () => {
  it('round-trips text, with and without associated data', () => {
    const keyring = createKeyring({ keys: [oldKey] });
    for (const text of ['', 'token', 'ünïcødé 🔑', 'x'.repeat(10_000)]) {
      expect(keyring.decrypt(keyring.encrypt(text))).toBe(text);
      expect(keyring.decrypt(keyring.encrypt(text, 'accounts:1:credentials'), 'accounts:1:credentials')).toBe(
        text,
      );
    }
  });

  it('writes rp1:<keyId>:<iv>:<data> with a fresh 12-byte IV each time', () => {
    const keyring = createKeyring({ keys: [oldKey] });
    const a = keyring.encrypt('same');
    const b = keyring.encrypt('same');
    expect(a).toMatch(/^rp1:old:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(Buffer.from(a.split(':')[2]!, 'base64url')).toHaveLength(12);
    expect(a).not.toBe(b);
    expect(a).not.toContain('same');
  });

  it('rejects tampered IVs and bodies without revealing the plaintext', () => {
    const keyring = createKeyring({ keys: [oldKey] });
    const sealed = keyring.encrypt('secret-token-value');
    for (const bad of [tamper(sealed, 2), tamper(sealed, 3), sealed.slice(0, -4)]) {
      const error = decryptError(() => keyring.decrypt(bad));
      expect(error.message).not.toContain('secret-token-value');
      expect(error.keyId).toBe('old');
    }
    expect(() => keyring.decrypt('rp1:old:short:data')).toThrow(/truncated/);
    expect(() => keyring.decrypt('plain text')).toThrow(DecryptionError);
    expect(() => keyring.decrypt('rp1:old:a:b:c')).toThrow(/not a RelayPost ciphertext/);
  });

  it('binds the ciphertext to its associated data', () => {
    const keyring = createKeyring({ keys: [oldKey] });
    const sealed = keyring.encrypt('t', 'accounts:1:credentials');
    expect(() => keyring.decrypt(sealed, 'accounts:2:credentials')).toThrow(/belongs to another record/);
    expect(() => keyring.decrypt(sealed)).toThrow(DecryptionError);
  });

  it('fails with the wrong key material under the same id', () => {
    const sealed = createKeyring({ keys: [oldKey] }).encrypt('t');
    const other = createKeyring({ keys: [{ id: 'old', key: generateEncryptionKey() }] });
    expect(decryptError(() => other.decrypt(sealed)).message).toMatch(/key "old"/);
  });

  it('names an unknown key id', () => {
    const sealed = createKeyring({ keys: [oldKey] }).encrypt('t');
    const error = decryptError(() => createKeyring({ keys: [newKey] }).decrypt(sealed));
    expect(error.message).toMatch(/key "old" is not in the keyring/);
    expect(error.keyId).toBe('old');
  });

  it('rotates: old ciphertexts still open, re-encryption moves them to the primary key', () => {
    const before = createKeyring({ keys: [oldKey] });
    const sealed = before.encrypt('rotate me', 'workspaces:1:webhook.secret');
    const after = createKeyring({ keys: [newKey, oldKey] });
    expect(after.primaryKeyId).toBe('new');
    expect(after.decrypt(sealed, 'workspaces:1:webhook.secret')).toBe('rotate me');
    expect(after.needsReencryption(sealed)).toBe(true);

    const moved = after.reencrypt(sealed, 'workspaces:1:webhook.secret');
    expect(moved.startsWith('rp1:new:')).toBe(true);
    expect(after.needsReencryption(moved)).toBe(false);
    expect(createKeyring({ keys: [newKey] }).decrypt(moved, 'workspaces:1:webhook.secret')).toBe('rotate me');
  });

  it('uses primaryKeyId when given', () => {
    const keyring = createKeyring({ keys: [oldKey, newKey], primaryKeyId: 'new' });
    expect(keyring.encrypt('x').split(':')[1]).toBe('new');
  });

  it('rejects bad configuration with ConfigurationError, never echoing key material', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    const cases: Array<() => unknown> = [
      () => createKeyring({ keys: [] }),
      () => createKeyring({ keys: [{ id: 'a', key: short }] }),
      () => createKeyring({ keys: [{ id: 'a', key: 'not base64!' }] }),
      () => createKeyring({ keys: [{ id: 'has:colon', key: generateEncryptionKey() }] }),
      () => createKeyring({ keys: [oldKey, oldKey] }),
      () => createKeyring({ keys: [oldKey], primaryKeyId: 'missing' }),
    ];
    for (const make of cases) {
      try {
        make();
        expect.unreachable('should have thrown');
      } catch (error) {
        expect(ConfigurationError.isInstance(error)).toBe(true);
        expect((error as Error).message).not.toContain(short);
        expect((error as Error).message).not.toContain(oldKey.key);
      }
    }
  });

  it('accepts url-safe base64 keys', () => {
    const raw = Buffer.alloc(32, 251);
    const keyring = createKeyring({ keys: [{ id: 'k', key: raw.toString('base64url') }] });
    const standard = createKeyring({ keys: [{ id: 'k', key: raw.toString('base64') }] });
    expect(standard.decrypt(keyring.encrypt('same key'))).toBe('same key');
  });

  it('generates distinct 32-byte keys', () => {
    const a = generateEncryptionKey();
    expect(Buffer.from(a, 'base64')).toHaveLength(32);
    expect(a).not.toBe(generateEncryptionKey());
  });
});
