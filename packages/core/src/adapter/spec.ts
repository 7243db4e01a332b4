import type { z } from 'zod';
import type { ValidationIssue } from '../errors/validation-error.js';
import type { Credentials, CredentialsInput } from '../schemas/account.js';
import type { JsonValue } from '../schemas/common.js';
import type { MediaAsset } from '../schemas/media.js';
import type { PlatformId } from '../schemas/platform.js';
import type { PlatformCapabilities } from './capabilities.js';
import type { MediaAccess } from './media-access.js';
import type { MetricsRequest, PostMetrics } from './metrics.js';

/**
 * The contract between RelayPost and one social platform, version 1.
 *
 * Users do not call adapters directly: the workflows do. Adapters throw only the platform
 * error family (`RateLimitedError`, `TransientError`, `NeedsReconnectError`,
 * `ContentRejectedError`, `UnknownOutcomeError`) for platform failures, and never retry
 * on their own: retries happen once, at the Temporal activity boundary.
 *
 * @example
 * ```ts
 * const bluesky = createBluesky({ service: 'https://bsky.social' });
 * const problems = bluesky.validate({ text: 'hi', media: [], thread: false, options: {} });
 * ```
 */
export interface PlatformAdapterV1<TPlatform extends PlatformId = PlatformId> {
  readonly specificationVersion: 'v1';
  readonly platform: TPlatform;
  /** A human name, e.g. "LinkedIn". */
  readonly displayName: string;
  readonly capabilities: PlatformCapabilities;
  /** zod schema for this platform's per-target `options` (subreddit, board, privacy...). */
  readonly optionsSchema: z.ZodType<Record<string, unknown>>;
  readonly auth: OAuth2Auth | PasswordAuth;

  /** Every violation of the platform's limits, each with field, limit and actual value. Never throws. */
  validate(content: AdapterContent): ValidationIssue[];

  /** Publishes one target. Idempotent per `idempotencyKey` where the platform allows. */
  publish(request: PublishRequest): Promise<PublishResult>;

  /**
   * Optional: does ahead of time the part of `publish` that writes nothing (checks, text
   * processing, look-ups, request bodies), while the publish waits for its second. Calling the
   * result then publishes as `publish({ ...request, firstAttempt })` would. It never throws:
   * a problem found ahead (content the platform refuses, say) is thrown by the returned function,
   * exactly where `publish` would have thrown it.
   */
  preparePublish?(request: PublishRequest): Promise<PreparedPublish>;

  /**
   * After an `UnknownOutcomeError`: did the post land? Looks it up by idempotency key or among
   * the account's recent posts. `null` means it did not land and publishing again is safe.
   */
  findPublished(request: PublishRequest): Promise<PublishResult | null>;

  /** Removes a published post (and every part of a thread). */
  delete(request: DeleteRequest): Promise<void>;

  /**
   * Engagement metrics of a published post, where the platform offers them
   * (`capabilities.metrics` says which). A token without the metrics scope is a
   * `NeedsReconnectError` naming the scope; a rate limit a `RateLimitedError` (collection waits).
   */
  getMetrics?(request: MetricsRequest): Promise<PostMetrics>;
}

/** The adapter spec's current version. */
export type PlatformAdapter<TPlatform extends PlatformId = PlatformId> = PlatformAdapterV1<TPlatform>;

/** What is to be published on one target, after per-target overrides were applied. */
export interface AdapterContent {
  text: string;
  media: readonly MediaAsset[];
  /** Split text over the limit into a reply thread (where `capabilities.threads`). */
  thread: boolean;
  options: Record<string, unknown>;
}

/** The account as an adapter sees it: no RelayPost-internal fields. */
export interface AdapterAccount {
  id: string;
  externalId: string;
  handle: string;
  metadata: Record<string, unknown>;
}

export interface PublishRequest {
  account: AdapterAccount;
  credentials: Credentials;
  content: AdapterContent;
  /** Reads media bytes or hands out time-limited URLs. */
  media: MediaAccess;
  /** Stable across retries of the same target: the same key must never publish twice. */
  idempotencyKey: string;
  signal?: AbortSignal;
  /** Called when the adapter refreshed the credentials mid-call; the caller persists them. */
  onCredentialsRefreshed?: (credentials: CredentialsInput) => Promise<void>;
  /** Records progress of a long upload so a retry can resume (Temporal heartbeat details). */
  reportProgress?: (state: JsonValue) => void;
  /** The last progress recorded by an earlier attempt, if any. */
  resumeFrom?: JsonValue;
  /**
   * True when nothing can have been sent for this key before (the target was claimed for this
   * attempt just now): an adapter may skip looking up earlier writes. Absent means "maybe".
   */
  firstAttempt?: boolean;
}

/** A publish prepared by {@link PlatformAdapterV1.preparePublish}: sends it. */
export type PreparedPublish = (send: { firstAttempt: boolean }) => Promise<PublishResult>;

export interface PublishedPart {
  externalId: string;
  url: string | null;
}

export interface PublishResult {
  /** The platform's id of the post (the first one, for a thread). */
  externalId: string;
  url: string | null;
  publishedAt: string;
  /** Every post created, in order (a thread has several). */
  parts: PublishedPart[];
  /** Features that were degraded rather than failed (e.g. "alt text dropped"). */
  warnings: string[];
}

export interface DeleteRequest {
  account: AdapterAccount;
  credentials: Credentials;
  externalId: string;
  parts?: readonly PublishedPart[];
  signal?: AbortSignal;
  onCredentialsRefreshed?: (credentials: CredentialsInput) => Promise<void>;
}

/** An account an OAuth grant or a login makes available to connect. */
export interface ConnectableAccount {
  externalId: string;
  handle: string;
  displayName?: string;
  avatarUrl?: string;
  scopes: string[];
  credentials: CredentialsInput;
  metadata?: Record<string, JsonValue>;
}

export interface OAuth2Auth {
  kind: 'oauth2';
  /** Whether the platform takes a PKCE challenge. */
  pkce: boolean;
  defaultScopes: readonly string[];
  /** The URL to send the user to. */
  authorizationUrl(input: {
    redirectUri: string;
    state: string;
    codeChallenge?: string;
    scopes?: readonly string[];
  }): string;
  /** Trades the callback's code for credentials and the accounts they reach (a user's pages...). */
  exchangeCode(input: {
    code: string;
    redirectUri: string;
    codeVerifier?: string;
  }): Promise<ConnectableAccount[]>;
  /** New credentials from a refresh token; keeps a rotated refresh token. Absent when unsupported. */
  refresh?(credentials: Credentials): Promise<CredentialsInput>;
}

export interface PasswordAuth {
  kind: 'password';
  /** Logs in with an identifier and an app password. */
  login(input: { identifier: string; password: string }): Promise<ConnectableAccount>;
  refresh(credentials: Credentials): Promise<CredentialsInput>;
}

/**
 * A typed registry of adapter factories; the platform id union is derived from its keys.
 *
 * @example
 * ```ts
 * const registry = defineAdapterRegistry({ bluesky: createBluesky });
 * type Ids = RegistryPlatformId<typeof registry>; // 'bluesky'
 * ```
 */
export type AdapterRegistry = {
  [P in PlatformId]?: (options: never) => PlatformAdapter<P>;
};

export function defineAdapterRegistry<const R extends AdapterRegistry>(registry: R): R {
  return registry;
}

export type RegistryPlatformId<R extends AdapterRegistry> = Extract<keyof R, PlatformId>;
