import {
  type AdapterContent,
  ContentRejectedError,
  type MediaAccess,
  NeedsReconnectError,
  type PlatformAdapter,
  PlatformError,
  type PublishRequest,
  RateLimitedError,
  TransientError,
  UnknownOutcomeError,
} from '@relaypost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformFake } from '../testing/platform-fake.js';
import { authorizeAtFake, type ConnectedTestAccount, connectThroughAuth } from './connect.js';

/** A content sample that must fail validation at `path`. */
export interface InvalidSample {
  name: string;
  content: AdapterContent;
  /** The path the issue must name, e.g. `text` or `media.0.sizeBytes`. */
  path: string;
}

/** Everything the conformance suite needs to exercise one adapter against its fake. */
export interface AdapterConformanceHarness {
  /** Starts the fake and builds an adapter configured to talk to it. */
  setup(): Promise<{
    fake: PlatformFake;
    adapter: PlatformAdapter;
    media: MediaAccess;
    cleanup?: () => Promise<void>;
  }>;
  redirectUri?: string;
  /** For app-password platforms: credentials the fake accepts. */
  login?: { identifier: string; password: string };
  /** A valid post without media (or with the least media the platform requires). */
  textPost: AdapterContent;
  /** A valid post with media. */
  mediaPost: AdapterContent;
  /** One sample per limit the adapter enforces. */
  invalid: InvalidSample[];
  /** Whether the platform hands out a new refresh token on refresh (and retires the old one). */
  rotatesRefreshTokens: boolean;
  /** Whether the platform supports refresh at all (false: LinkedIn without partner access). */
  supportsRefresh?: boolean;
  /**
   * A post the adapter must publish as a reply chain (required when `capabilities.threads`), so the
   * chain runs with the adapter's default scopes against a fake that checks them.
   */
  threadPost?: AdapterContent;
  /** Text the fake stores for `textPost` (default: `textPost.text`). */
  expectedText?: string;
}

/**
 * Registers the adapter conformance tests every platform must pass: auth (URL with state and
 * PKCE, exchange, refresh with rotation), publish text and media, delete, validation of every
 * limit, and each failure mapped to the right error kind — including the unknown outcome, which
 * must be reconciled by `findPublished` and never duplicated.
 *
 * @example
 * ```ts
 * describeAdapterConformance('bluesky', { setup: async () => ({ fake, adapter, media }), ... });
 * ```
 */
export function describeAdapterConformance(name: string, harness: AdapterConformanceHarness): void {
  describe(`${name} adapter conformance`, () => {
    let fake: PlatformFake;
    let adapter: PlatformAdapter;
    let media: MediaAccess;
    let cleanup: (() => Promise<void>) | undefined;
    let connected: ConnectedTestAccount;
    const redirectUri = harness.redirectUri ?? 'https://app.example.test/oauth/callback';

    const connect = () =>
      connectThroughAuth(adapter, { redirectUri, ...(harness.login ? { login: harness.login } : {}) });
    const request = (content: AdapterContent, key = crypto.randomUUID()): PublishRequest => ({
      account: connected.account,
      credentials: connected.credentials,
      content,
      media,
      idempotencyKey: key,
    });

    beforeAll(async () => {
      ({ fake, adapter, media, cleanup } = await harness.setup());
      connected = await connect();
    });
    afterAll(async () => {
      await fake?.close();
      await cleanup?.();
    });

    it('implements specification v1 with capabilities as data', () => {
      expect(adapter.specificationVersion).toBe('v1');
      expect(adapter.platform).toBe(fake.platform);
      expect(adapter.capabilities.text.maxLength).toBeGreaterThan(0);
      expect(adapter.capabilities.media.maxItems).toBeGreaterThanOrEqual(0);
    });

    describe('auth', () => {
      it('builds an authorization URL with state, redirect and PKCE', async (context) => {
        if (adapter.auth.kind !== 'oauth2')
          return context.skip('signs in with a password: no authorization URL');
        const { authorizationUrl } = await authorizeAtFake(adapter, redirectUri);
        expect(authorizationUrl.searchParams.get('state')).toBeTruthy();
        expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(redirectUri);
        if (adapter.auth.pkce) {
          expect(authorizationUrl.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
          expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
        }
      });

      it('exchanges the code for credentials and an account', () => {
        expect(connected.credentials.accessToken.reveal().length).toBeGreaterThan(0);
        expect(connected.account.externalId.length).toBeGreaterThan(0);
        expect(connected.account.handle.length).toBeGreaterThan(0);
      });

      it('rejects a code exchange with the wrong PKCE verifier', async (context) => {
        if (adapter.auth.kind !== 'oauth2' || !adapter.auth.pkce)
          return context.skip('the platform uses no PKCE');
        const { code } = await authorizeAtFake(adapter, redirectUri);
        await expect(
          adapter.auth.exchangeCode({ code, redirectUri, codeVerifier: 'x'.repeat(64) }),
        ).rejects.toSatisfy((e: unknown) => PlatformError.isInstance(e));
      });

      it('refreshes credentials and keeps or rotates the refresh token', async () => {
        if (harness.supportsRefresh === false) {
          expect(adapter.auth.kind === 'oauth2' ? adapter.auth.refresh : undefined).toBeUndefined();
          return;
        }
        const auth = adapter.auth;
        const refresh = auth.kind === 'oauth2' ? auth.refresh?.bind(auth) : auth.refresh.bind(auth);
        expect(refresh).toBeDefined();
        const own = await connect();
        const refreshed = await refresh!(own.credentials);
        expect(refreshed.accessToken).not.toBe(own.credentials.accessToken.reveal());
        if (harness.rotatesRefreshTokens) {
          expect(refreshed.refreshToken).toBeTruthy();
          expect(refreshed.refreshToken).not.toBe(own.credentials.refreshToken?.reveal());
          await expect(refresh!(own.credentials)).rejects.toSatisfy((e: unknown) =>
            NeedsReconnectError.isInstance(e),
          );
        }
      });
    });

    describe('publish', () => {
      it('publishes a text post', async () => {
        const result = await adapter.publish(request(harness.textPost));
        expect(result.externalId).toBeTruthy();
        expect(result.parts.length).toBeGreaterThanOrEqual(1);
        expect(Number.isNaN(Date.parse(result.publishedAt))).toBe(false);
        const landed = fake.posts().find((p) => p.id === result.externalId);
        expect(landed?.text).toBe(harness.expectedText ?? harness.textPost.text);
      });

      it('publishes a post with media', async () => {
        const result = await adapter.publish(request(harness.mediaPost));
        const landed = fake.posts().find((p) => p.id === result.externalId);
        expect(landed?.mediaCount).toBe(harness.mediaPost.media.length);
      });

      it('publishes a prepared post as publish would, and refuses bad content only when sent', async (context) => {
        if (!adapter.preparePublish) return context.skip('the adapter has no preparePublish (optional)');
        const bad = harness.invalid[0];
        const before = fake.posts().length;
        const refused = bad ? await adapter.preparePublish(request(bad.content)) : undefined;
        const prepared = await adapter.preparePublish(request(harness.textPost));
        expect(fake.posts()).toHaveLength(before);
        const result = await prepared({ firstAttempt: true });
        const landed = fake.posts().find((p) => p.id === result.externalId);
        expect(landed?.text).toBe(harness.expectedText ?? harness.textPost.text);
        if (refused)
          await expect(refused({ firstAttempt: true })).rejects.toSatisfy(ContentRejectedError.isInstance);
        expect(fake.posts()).toHaveLength(before + 1);
      });

      it('publishes a reply chain with the default scopes', async (context) => {
        if (!adapter.capabilities.threads) return context.skip('the platform has no reply chains');
        const thread = harness.threadPost;
        expect(thread, 'capabilities.threads is true: give the harness a threadPost').toBeDefined();
        const result = await adapter.publish(request(thread!));
        expect(result.parts.length).toBeGreaterThan(1);
        const landed = result.parts.map((part) => fake.posts().find((p) => p.id === part.externalId));
        expect(landed.every(Boolean), JSON.stringify(result.parts)).toBe(true);
        for (let i = 1; i < landed.length; i++) expect(landed[i]?.replyTo).toBe(landed[i - 1]?.id);
      });

      it('deletes what it published', async (context) => {
        if (!adapter.capabilities.delete) return context.skip('the platform has no delete in its API');
        const published = await adapter.publish(request(harness.textPost));
        await adapter.delete({
          account: connected.account,
          credentials: connected.credentials,
          externalId: published.externalId,
          parts: published.parts,
        });
        expect(fake.posts().some((p) => p.id === published.externalId)).toBe(false);
      });
    });

    describe('validation', () => {
      it('accepts the valid samples', () => {
        expect(adapter.validate(harness.textPost)).toEqual([]);
        expect(adapter.validate(harness.mediaPost)).toEqual([]);
      });

      for (const sample of harness.invalid) {
        it(`reports ${sample.name} at ${sample.path}`, () => {
          const issues = adapter.validate(sample.content);
          const issue = issues.find((i) => i.path === sample.path);
          expect(issue, JSON.stringify(issues)).toBeDefined();
          expect(issue?.message.length).toBeGreaterThan(0);
        });
      }
    });

    describe('failure mapping', () => {
      it('maps a rate limit to RateLimitedError with the wait', async () => {
        fake.failNextPublish({ kind: 'rate_limit', retryAfterSeconds: 42 });
        const error = await adapter.publish(request(harness.textPost)).catch((e: unknown) => e);
        expect(RateLimitedError.isInstance(error), String(error)).toBe(true);
        const wait = (error as RateLimitedError).retryAfterMs ?? 0;
        expect(wait).toBeGreaterThanOrEqual(40_000);
        expect(wait).toBeLessThanOrEqual(44_000);
      });

      it('maps a 5xx to TransientError', async () => {
        fake.failNextPublish({ kind: 'server_error', status: 503 });
        const error = await adapter.publish(request(harness.textPost)).catch((e: unknown) => e);
        expect(TransientError.isInstance(error), String(error)).toBe(true);
      });

      it('maps an expired token to NeedsReconnectError', async () => {
        fake.failNextPublish({ kind: 'expired_token' });
        const error = await adapter.publish(request(harness.textPost)).catch((e: unknown) => e);
        expect(NeedsReconnectError.isInstance(error), String(error)).toBe(true);
      });

      it('maps a revoked token to NeedsReconnectError', async () => {
        fake.failNextPublish({ kind: 'revoked_token' });
        const error = await adapter.publish(request(harness.textPost)).catch((e: unknown) => e);
        expect(NeedsReconnectError.isInstance(error), String(error)).toBe(true);
      });

      it('maps a platform validation error to ContentRejectedError', async () => {
        fake.failNextPublish({ kind: 'validation', message: 'the platform refused this' });
        const error = await adapter.publish(request(harness.textPost)).catch((e: unknown) => e);
        expect(ContentRejectedError.isInstance(error), String(error)).toBe(true);
        expect((error as ContentRejectedError).retryable).toBe(false);
      });

      it('reports a dropped connection after the post landed as UnknownOutcomeError, and finds the post', async () => {
        const before = fake.posts().length;
        fake.failNextPublish({ kind: 'drop_after_apply' });
        const req = request(harness.textPost);
        const error = await adapter.publish(req).catch((e: unknown) => e);
        expect(UnknownOutcomeError.isInstance(error), String(error)).toBe(true);
        expect(fake.posts().length).toBe(before + 1);
        const found = await adapter.findPublished(req);
        expect(found?.externalId).toBe(fake.posts().at(-1)?.id);
        expect(fake.posts().length).toBe(before + 1);
      });

      it('finds nothing for a post that never landed', async () => {
        const found = await adapter.findPublished(
          request({
            ...harness.textPost,
            text: `${harness.textPost.text} ${crypto.randomUUID().slice(0, 8)}`,
          }),
        );
        expect(found).toBeNull();
      });
    });
  });
}
