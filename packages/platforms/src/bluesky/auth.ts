import {
  type ConnectableAccount,
  type Credentials,
  type CredentialsInput,
  NeedsReconnectError,
  type PasswordAuth,
} from '@relaypost/core';
import type { KyInstance } from 'ky';
import { platformCall } from '../http/index.js';
import { mapBlueskyError } from './errors.js';
import { type Session, sessionSchema } from './wire.js';

const PLATFORM = 'bluesky';

/**
 * The `exp` claim of a JWT as an ISO instant, or undefined when it has none. The token is only
 * read, never verified: the PDS is the one that checks it.
 *
 * @example
 * ```ts
 * jwtExpiry(session.accessJwt) // '2026-05-01T12:00:00.000Z'
 * ```
 */
export function jwtExpiry(jwt: string): string | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(new TextDecoder().decode(base64UrlDecode(payload)));
    if (typeof claims !== 'object' || claims === null || !('exp' in claims)) return undefined;
    const exp = Number(claims.exp);
    return Number.isFinite(exp) ? new Date(exp * 1000).toISOString() : undefined;
  } catch {
    return undefined;
  }
}

function base64UrlDecode(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * Credentials from a session: the access JWT as access token, the refresh JWT as refresh token,
 * expiries from their `exp` claims.
 *
 * @example
 * ```ts
 * const input = credentialsFromSession(session);
 * ```
 */
export function credentialsFromSession(session: Session): CredentialsInput {
  const expiresAt = jwtExpiry(session.accessJwt);
  const refreshTokenExpiresAt = jwtExpiry(session.refreshJwt);
  return {
    accessToken: session.accessJwt,
    refreshToken: session.refreshJwt,
    tokenType: 'bearer',
    ...(expiresAt ? { expiresAt } : {}),
    ...(refreshTokenExpiresAt ? { refreshTokenExpiresAt } : {}),
  };
}

/** What the auth half needs from the factory. */
export interface BlueskyAuthConfig {
  service: string;
  http: KyInstance;
}

/**
 * App-password auth: `com.atproto.server.createSession` to log in, and
 * `com.atproto.server.refreshSession` (Bearer refresh JWT) to refresh. The PDS rotates the
 * refresh JWT on every refresh and retires the old one, so the returned credentials must be
 * stored. A refused refresh is a `NeedsReconnectError`.
 *
 * @example
 * ```ts
 * const auth = createBlueskyAuth({ service: 'https://bsky.social', http: createHttp() });
 * const account = await auth.login({ identifier: 'alice.bsky.social', password: 'app-password' });
 * ```
 */
export function createBlueskyAuth(config: BlueskyAuthConfig): PasswordAuth {
  const xrpc = (method: string) => `${config.service}/xrpc/${method}`;

  return {
    kind: 'password',

    async login({ identifier, password }): Promise<ConnectableAccount> {
      const body = await platformCall(
        { platform: PLATFORM, mutating: false, mapError: mapBlueskyError },
        () =>
          config.http
            .post(xrpc('com.atproto.server.createSession'), { json: { identifier, password } })
            .json(),
      );
      const session = sessionSchema.parse(body);
      const pds = pdsEndpoint(session.didDoc);
      return {
        externalId: session.did,
        handle: session.handle,
        scopes: [],
        credentials: credentialsFromSession(session),
        metadata: { did: session.did, ...(pds ? { pds } : {}) },
      };
    },

    async refresh(credentials: Credentials): Promise<CredentialsInput> {
      const refreshJwt = credentials.refreshToken?.reveal();
      if (!refreshJwt) {
        throw new NeedsReconnectError({ platform: PLATFORM, message: 'no refresh token: log in again' });
      }
      const body = await platformCall(
        { platform: PLATFORM, mutating: false, mapError: mapBlueskyError },
        () =>
          config.http
            .post(xrpc('com.atproto.server.refreshSession'), {
              headers: { authorization: `Bearer ${refreshJwt}` },
            })
            .json(),
      );
      return credentialsFromSession(sessionSchema.parse(body));
    },
  };
}

/** The `#atproto_pds` service endpoint of a DID document, if it names one. */
function pdsEndpoint(didDoc: unknown): string | undefined {
  if (typeof didDoc !== 'object' || didDoc === null || !('service' in didDoc)) return undefined;
  const services = (didDoc as { service: unknown }).service;
  if (!Array.isArray(services)) return undefined;
  for (const service of services as unknown[]) {
    if (typeof service !== 'object' || service === null) continue;
    const { id, serviceEndpoint } = service as { id?: unknown; serviceEndpoint?: unknown };
    if (typeof id === 'string' && id.endsWith('#atproto_pds') && typeof serviceEndpoint === 'string')
      return serviceEndpoint;
  }
  return undefined;
}
