import { createHash } from 'node:crypto';
import { cookies } from 'next/headers';
import { runtime } from '../runtime';

/** Binds an OAuth callback to the browser that started it: the cookie holds the state's hash. */
const OAUTH_COOKIE = 'rp_oauth';
const PATH = '/oauth/callback';
const hash = (state: string) => createHash('sha256').update(state).digest('base64url');

/**
 * Remembers the OAuth `state` this browser starts with (15 minutes, like the SDK's state).
 *
 * @example
 * ```ts
 * await rememberOAuthState(state);
 * ```
 */
export async function rememberOAuthState(state: string): Promise<void> {
  (await cookies()).set(OAUTH_COOKIE, hash(state), {
    httpOnly: true,
    sameSite: 'lax',
    secure: runtime().publicUrl.startsWith('https:'),
    path: PATH,
    maxAge: 900,
  });
}

/**
 * Whether the callback's `state` is the one this browser started; forgets it either way.
 *
 * @example
 * ```ts
 * if (!(await takeOAuthState(state))) return refuse();
 * ```
 */
export async function takeOAuthState(state: string): Promise<boolean> {
  const jar = await cookies();
  const stored = jar.get(OAUTH_COOKIE)?.value;
  jar.delete({ name: OAUTH_COOKIE, path: PATH });
  return Boolean(state && stored && hash(state) === stored);
}
