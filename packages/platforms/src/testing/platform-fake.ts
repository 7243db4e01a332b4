import type { PlatformId } from '@relaypost/core';
import type { FakeServer } from './fake-server.js';

/** A failure a platform fake can be told to produce, in the platform's own wire format. */
export type PlatformFault =
  /** 429 with Retry-After or the platform's rate-limit headers. */
  | { kind: 'rate_limit'; retryAfterSeconds: number }
  | { kind: 'server_error'; status?: 500 | 502 | 503 | 504 }
  /** The post is created, then the connection drops before the answer: an unknown outcome. */
  | { kind: 'drop_after_apply' }
  | { kind: 'expired_token' }
  | { kind: 'revoked_token' }
  /** The platform refuses the content (its validation error envelope). */
  | { kind: 'validation'; message?: string };

/** A post as the fake platform stored it. */
export interface FakePost {
  id: string;
  text: string;
  mediaCount: number;
  /** The post this one replies to (threads). */
  replyTo?: string | undefined;
  /** The platform-specific record, for detailed assertions. */
  raw: unknown;
}

/**
 * What every platform fake offers the conformance suite and users' own tests: the server,
 * the posts that landed, and failures scripted in the platform's wire format.
 */
export interface PlatformFake {
  readonly platform: PlatformId;
  readonly server: FakeServer;
  /** The next call that creates a post fails with `fault` (`times` calls in a row). */
  failNextPublish(fault: PlatformFault, times?: number): void;
  /** Posts that landed and were not deleted, oldest first. */
  posts(): FakePost[];
  /** Every access token issued so far stops working (as if it expired). */
  expireAccessTokens(): void;
  close(): Promise<void>;
}
