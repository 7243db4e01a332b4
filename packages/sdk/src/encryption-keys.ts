import { ValidationError, type ValidationIssue } from '@relaypost/core';

/** One encryption key: an id (stored with every sealed value) and 32 random bytes in base64. */
export interface EncryptionKey {
  id: string;
  key: string;
}

const ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const KEY_BYTES = 32;

/**
 * The keys in a `RELAYPOST_ENCRYPTION_KEYS` value, and what is wrong with it: comma-separated
 * `id:base64` pairs, the first one encrypting. Problems name the key by position and id, never
 * its bytes.
 */
export function readEncryptionKeys(value: string): { keys: EncryptionKey[]; problems: string[] } {
  const problems: string[] = [];
  const keys = value
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair, index) => {
      const colon = pair.indexOf(':');
      const id = colon < 0 ? '' : pair.slice(0, colon).trim();
      const key = colon < 0 ? '' : pair.slice(colon + 1).trim();
      const name = `key ${index + 1}${ID.test(id) ? ` ("${id}")` : ''}`;
      if (!ID.test(id)) {
        problems.push(`${name} must be id:base64 with an id of 1-32 letters, digits, _ or -`);
      } else if (!BASE64.test(key) || Buffer.from(key, 'base64').length !== KEY_BYTES) {
        problems.push(`${name} must be id:base64 of ${KEY_BYTES} bytes (relaypost keygen prints one)`);
      }
      return { id, key };
    });
  if (keys.length === 0)
    problems.push('needs at least one key: id:base64 of 32 bytes (relaypost keygen prints one)');
  const ids = keys.map((k) => k.id);
  for (const [index, id] of ids.entries()) {
    if (id && ids.indexOf(id) !== index) problems.push(`key ${index + 1}: id "${id}" is used twice`);
  }
  return { keys, problems };
}

/**
 * Parses the `RELAYPOST_ENCRYPTION_KEYS` string the worker takes (`k2:<base64>,k1:<base64>`, the
 * first key encrypts, all decrypt) into the list `createRelayPost` and `createKeyring` take.
 * `createRelayPost({ encryptionKeys })` also accepts the string itself.
 *
 * @throws {ValidationError} naming each bad key (`encryptionKeys`), never its bytes.
 * @example
 * ```ts
 * const keys = parseEncryptionKeys(process.env.RELAYPOST_ENCRYPTION_KEYS ?? '');
 * const keyring = createKeyring({ keys });
 * ```
 */
export function parseEncryptionKeys(value: string): EncryptionKey[] {
  const { keys, problems } = readEncryptionKeys(value);
  if (problems.length) {
    const issues: ValidationIssue[] = problems.map((message) => ({ path: 'encryptionKeys', message }));
    throw new ValidationError(issues, 'encryptionKeys');
  }
  return keys;
}
