import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';

/** argon2id cost. The defaults are OWASP's first recommendation (19 MiB, 2 passes, 1 lane). */
export interface PasswordHashParams {
  /** Memory in KiB. */
  memory: number;
  passes: number;
  parallelism: number;
}

export const DEFAULT_PASSWORD_PARAMS: PasswordHashParams = { memory: 19_456, passes: 2, parallelism: 1 };

/** Passwords shorter than this are refused at sign-up. */
export const MIN_PASSWORD_LENGTH = 10;
/** Longer inputs are refused before hashing (argon2 takes any length; this caps the work). */
export const MAX_PASSWORD_LENGTH = 1024;

const TAG_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, params: PasswordHashParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    argon2(
      'argon2id',
      {
        message: Buffer.from(password.normalize('NFKC'), 'utf8'),
        nonce: salt,
        memory: params.memory,
        passes: params.passes,
        parallelism: params.parallelism,
        tagLength: TAG_LENGTH,
      },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/**
 * Hashes a password with argon2id (Node's built-in `crypto.argon2`) into a PHC string that
 * carries its own salt and cost, so costs can be raised later without breaking old hashes.
 *
 * @example
 * ```ts
 * const stored = await hashPassword('correct horse battery staple');
 * // '$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>'
 * ```
 */
export async function hashPassword(
  password: string,
  params: PasswordHashParams = DEFAULT_PASSWORD_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await derive(password, salt, params);
  return `$argon2id$v=19$m=${params.memory},t=${params.passes},p=${params.parallelism}$${b64(salt)}$${b64(hash)}`;
}

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/**
 * Checks a password against a stored PHC string in constant time. A malformed hash is a
 * mismatch, never an exception.
 *
 * @example
 * ```ts
 * if (!(await verifyPassword(input, user.passwordHash))) return unauthorised();
 * ```
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = PHC.exec(stored);
  if (!match || password.length > MAX_PASSWORD_LENGTH) return false;
  const [, m, t, p, salt, hash] = match;
  const expected = Buffer.from(hash!, 'base64');
  const params = { memory: Number(m), passes: Number(t), parallelism: Number(p) };
  const actual = await derive(password, Buffer.from(salt!, 'base64'), params);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether a stored hash was made with weaker parameters than `params` (rehash on next sign-in). */
export function needsRehash(stored: string, params: PasswordHashParams = DEFAULT_PASSWORD_PARAMS): boolean {
  const match = PHC.exec(stored);
  if (!match) return true;
  return (
    Number(match[1]) < params.memory ||
    Number(match[2]) < params.passes ||
    Number(match[3]) < params.parallelism
  );
}

let dummy: Promise<string> | null = null;

/**
 * Spends the same time as a real check, for sign-ins with an unknown email: the response time
 * does not tell whether an account exists.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword('relaypost-dummy-password');
  await verifyPassword(password, await dummy);
  return false;
}

/** PHC strings use unpadded standard base64. */
function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

/** A human-readable reason the password is not acceptable, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  return null;
}
