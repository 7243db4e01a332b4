import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * CSRF protection with a signed double-submit cookie (OWASP's recommended variant).
 *
 * Every browser gets a random `csrf` cookie (HttpOnly, SameSite=Lax). Each form carries a token
 * that is an HMAC, under the app's session secret, of that cookie *and* the current session id.
 * A POST is accepted only when the token matches the cookie the browser sent. Another site can
 * make the browser send the cookie but cannot read it or compute the HMAC; a token from before
 * sign-in stops working after it (the session is part of the MAC), so a token cannot be fixed.
 *
 * @example
 * ```ts
 * const csrf = createCsrf(sessionSecret);
 * const token = csrf.tokenFor(cookieValue, session?.id ?? null);
 * csrf.verify(cookieValue, session?.id ?? null, form.get('_csrf')); // true
 * ```
 */
export function createCsrf(secret: string) {
  if (secret.length < 16) throw new Error('sessionSecret must be at least 16 characters');
  const mac = (cookie: string, sessionId: string | null) =>
    createHmac('sha256', secret)
      .update(`relaypost-admin-csrf\0${cookie}\0${sessionId ?? ''}`)
      .digest('base64url');

  return {
    /** A fresh cookie value for a browser that has none. */
    newCookieValue: (): string => randomBytes(24).toString('base64url'),

    /** The token to put in forms (`_csrf`) and in the `x-csrf-token` header of scripted calls. */
    tokenFor: (cookie: string, sessionId: string | null): string => mac(cookie, sessionId),

    /** Whether `submitted` is the token for this cookie and session. */
    verify(
      cookie: string | undefined,
      sessionId: string | null,
      submitted: string | null | undefined,
    ): boolean {
      if (!cookie || !submitted || typeof submitted !== 'string') return false;
      const expected = Buffer.from(mac(cookie, sessionId));
      const actual = Buffer.from(submitted);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
  };
}

export type Csrf = ReturnType<typeof createCsrf>;

/**
 * Defence in depth next to the token: a state-changing request whose `Origin` (or, without one,
 * `Referer`) names another site is refused. The request's own `Host` counts as this site too, so
 * `localhost` and `127.0.0.1` both work in dev mode. Requests with neither header pass on to the
 * token check.
 *
 * @example
 * ```ts
 * sameOrigin({ origin: 'https://evil.example' }, 'https://admin.example') // false
 * ```
 */
export function sameOrigin(
  headers: { origin?: string | undefined; referer?: string | undefined; host?: string | undefined },
  publicUrl: string,
): boolean {
  if (headers.origin === 'null') return false;
  const source = headers.origin ?? headers.referer;
  if (!source) return true;
  let origin: URL;
  try {
    origin = new URL(source);
  } catch {
    return false;
  }
  if (origin.origin === new URL(publicUrl).origin) return true;
  return headers.host !== undefined && origin.host === headers.host;
}
