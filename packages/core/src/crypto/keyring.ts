import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { DecryptionError } from '../errors/decryption-error.js';
import { ConfigurationError } from '../errors/relaypost-error.js';

/** Ciphertexts start with this, so the format can change later without guessing. */
const PREFIX = 'rp1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** One key as configured: an id that is written into every ciphertext, and 32 bytes in base64. */
export interface KeyringKey {
  id: string;
  /** Base64 (standard or url-safe) encoding of exactly 32 random bytes. */
  key: string;
}

export interface CreateKeyringOptions {
  /** Every key that may still decrypt. Keep old keys listed until `reencryptSecrets()` has run. */
  keys: readonly KeyringKey[];
  /** The key new ciphertexts use; defaults to the first key. */
  primaryKeyId?: string;
}

/**
 * Encrypts secrets with AES-256-GCM. Ciphertexts look like `rp1:<keyId>:<iv>:<ciphertext+tag>`
 * (base64url parts), name the key that sealed them, and only open with the same `aad`, which binds
 * a ciphertext to the row and field it was written for.
 */
export interface Keyring {
  /** The id of the key that encrypts. */
  readonly primaryKeyId: string;
  encrypt(plaintext: string, aad?: string): string;
  /** Throws `DecryptionError` when the text was changed, the key is unknown, or `aad` differs. */
  decrypt(ciphertext: string, aad?: string): string;
  /** True when the ciphertext was sealed with a key other than the primary one. */
  needsReencryption(ciphertext: string): boolean;
  /** Decrypts and encrypts again with the primary key. */
  reencrypt(ciphertext: string, aad?: string): string;
}

/**
 * Builds a keyring from configured keys.
 *
 * @example
 * ```ts
 * const keyring = createKeyring({
 *   keys: [
 *     { id: '2026-06', key: process.env.RELAYPOST_KEY_2026_06! }, // encrypts
 *     { id: '2025-12', key: process.env.RELAYPOST_KEY_2025_12! }, // still decrypts old values
 *   ],
 * });
 * const sealed = keyring.encrypt('token', 'accounts:42:credentials');
 * keyring.decrypt(sealed, 'accounts:42:credentials'); // 'token'
 * ```
 */
export function createKeyring(options: CreateKeyringOptions): Keyring {
  const keys = parseKeys(options.keys);
  const primaryKeyId = options.primaryKeyId ?? options.keys[0]!.id;
  const primaryKey = keys.get(primaryKeyId);
  if (primaryKey === undefined) {
    throw new ConfigurationError(`Keyring: primaryKeyId "${primaryKeyId}" is not one of the listed keys`);
  }

  const encrypt = (plaintext: string, aad = ''): string => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, primaryKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [PREFIX, primaryKeyId, iv.toString('base64url'), body.toString('base64url')].join(':');
  };

  const decrypt = (ciphertext: string, aad = ''): string => {
    const sealed = parseCiphertext(ciphertext);
    const key = keys.get(sealed.keyId);
    if (key === undefined) {
      throw new DecryptionError(
        `Cannot decrypt: key "${sealed.keyId}" is not in the keyring (add it back to the keys list)`,
        sealed.keyId,
      );
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, sealed.iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(sealed.body.subarray(sealed.body.length - TAG_BYTES));
      const data = sealed.body.subarray(0, sealed.body.length - TAG_BYTES);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch (error) {
      // GCM only says "unable to authenticate"; the usual causes are worth naming.
      throw new DecryptionError(
        `Cannot decrypt with key "${sealed.keyId}": the ciphertext was altered, belongs to another ` +
          'record, or the key material changed',
        sealed.keyId,
        { cause: error },
      );
    }
  };

  return {
    primaryKeyId,
    encrypt,
    decrypt,
    needsReencryption: (ciphertext) => parseCiphertext(ciphertext).keyId !== primaryKeyId,
    reencrypt: (ciphertext, aad) => encrypt(decrypt(ciphertext, aad), aad),
  };
}

/**
 * Returns a new random key (32 bytes, base64) for {@link createKeyring}.
 *
 * @example
 * ```ts
 * console.log(`RELAYPOST_ENCRYPTION_KEY=${generateEncryptionKey()}`);
 * ```
 */
export function generateEncryptionKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

// Key objects, not raw bytes: a cipher made from bytes imports the key again every time.
function parseKeys(configured: readonly KeyringKey[]): Map<string, KeyObject> {
  if (!Array.isArray(configured) || configured.length === 0) {
    throw new ConfigurationError('Keyring: at least one key is required (see generateEncryptionKey())');
  }
  const keys = new Map<string, KeyObject>();
  configured.forEach((entry, index) => {
    if (typeof entry?.id !== 'string' || !KEY_ID.test(entry.id)) {
      throw new ConfigurationError(
        `Keyring: keys.${index}.id must be 1-64 letters, digits, "_" or "-" (it is written into ciphertexts)`,
      );
    }
    if (keys.has(entry.id)) throw new ConfigurationError(`Keyring: key id "${entry.id}" is listed twice`);
    const key = decodeKey(entry.key);
    if (key?.length !== KEY_BYTES) {
      // Never echo the value: it may be a real key with a typo.
      throw new ConfigurationError(
        `Keyring: key "${entry.id}" must be ${KEY_BYTES} bytes encoded as base64 (see generateEncryptionKey())`,
      );
    }
    keys.set(entry.id, createSecretKey(key));
  });
  return keys;
}

function decodeKey(value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(value.trim())) return undefined;
  return Buffer.from(value.trim(), value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
}

interface SealedValue {
  keyId: string;
  iv: Buffer;
  /** Ciphertext followed by the 16-byte tag. */
  body: Buffer;
}

function parseCiphertext(ciphertext: string): SealedValue {
  const parts = typeof ciphertext === 'string' ? ciphertext.split(':') : [];
  const [prefix, keyId, iv, body] = parts;
  const base64url = /^[A-Za-z0-9_-]+$/;
  if (
    parts.length !== 4 ||
    prefix !== PREFIX ||
    keyId === undefined ||
    !KEY_ID.test(keyId) ||
    iv === undefined ||
    !base64url.test(iv) ||
    body === undefined ||
    !base64url.test(body)
  ) {
    throw new DecryptionError(
      'Cannot decrypt: not a RelayPost ciphertext (expected rp1:<keyId>:<iv>:<data>)',
    );
  }
  const ivBytes = Buffer.from(iv, 'base64url');
  const bodyBytes = Buffer.from(body, 'base64url');
  if (ivBytes.length !== IV_BYTES || bodyBytes.length < TAG_BYTES) {
    throw new DecryptionError('Cannot decrypt: the ciphertext is truncated', keyId);
  }
  return { keyId, iv: ivBytes, body: bodyBytes };
}
