import {
  ConfigurationError,
  createKeyring,
  type Keyring,
  type MediaStore,
  type MediaUrlProvider,
  type PlatformAdapter,
  type PlatformId,
  parseOrThrow,
  type RelayPostStore,
  ValidationError,
} from '@relaypost/core';
import { createPostWorkflowClient, type PostWorkflowClient } from '@relaypost/workflows/client';
import type { AnthropicKeyCheckOptions } from './ai-key-check.js';
import { createAccountsApi } from './api/accounts.js';
import { createAnalyticsApi } from './api/analytics.js';
import { createMediaApi } from './api/media.js';
import { createPostsApi } from './api/posts.js';
import { createWorkspacesApi } from './api/workspaces.js';
import { parseEncryptionKeys } from './encryption-keys.js';
import { Gate, gated } from './gate.js';
import type { RelayPost } from './interface.js';
import type { UrlDownloadOptions } from './media/download.js';
import { encryptionKeysSchema, type RelayPostOptions } from './options.js';
import { openStore } from './store.js';
import { connectTemporal } from './temporal.js';

export type { RelayPost } from './interface.js';

/** What every API namespace shares. */
export interface SdkContext {
  store: RelayPostStore;
  /** The typed client of post workflows (start, update, state, wait, terminate). */
  workflows: PostWorkflowClient;
  keyring: Keyring;
  adapters: Partial<Record<PlatformId, PlatformAdapter>>;
  mediaStore: MediaStore | null;
  mediaUrls: MediaUrlProvider | null;
  urlDownloads: UrlDownloadOptions | undefined;
  oauthStateTtlSeconds: number;
  /** How Anthropic keys are checked when they are saved. */
  anthropic: AnthropicKeyCheckOptions;
  /** The current time in milliseconds: `Date.now`, or the in-memory double's clock. */
  now(): number;
  adapterFor(platform: PlatformId): PlatformAdapter;
  /** The media store, or a `ConfigurationError` naming the option when `operation` needs one. */
  requireMediaStore(operation: string): MediaStore;
}

/** What {@link sdkContext} builds a context from: the client's options and its connections. */
export type SdkContextInput = Pick<
  RelayPostOptions,
  'adapters' | 'mediaStore' | 'mediaUrls' | 'urlDownloads' | 'oauthStateTtlSeconds' | 'anthropic'
> & {
  store: RelayPostStore;
  workflows: PostWorkflowClient;
  keyring: Keyring;
  now?: () => number;
};

/** The context every API namespace shares, from the options (defaults filled in). */
export function sdkContext(input: SdkContextInput): SdkContext {
  const { adapters, mediaStore } = input;
  return {
    store: input.store,
    workflows: input.workflows,
    keyring: input.keyring,
    adapters,
    mediaStore: mediaStore ?? null,
    mediaUrls: input.mediaUrls ?? null,
    urlDownloads: input.urlDownloads,
    oauthStateTtlSeconds: input.oauthStateTtlSeconds ?? 900,
    anthropic: input.anthropic ?? {},
    now: input.now ?? Date.now,
    adapterFor(platform) {
      const adapter = adapters[platform];
      if (!adapter)
        throw new ValidationError([
          { path: 'platform', message: `${platform} is not configured in this app`, actual: platform },
        ]);
      return adapter;
    },
    requireMediaStore(operation) {
      if (mediaStore) return mediaStore;
      throw new ConfigurationError(
        `${operation} needs a media store: pass the mediaStore option to createRelayPost ` +
          '(createLocalMediaStore({ directory }) or createS3MediaStore({ ... })), the store the worker reads',
      );
    },
  };
}

/**
 * The `RelayPost` facade over a context: every namespace's methods run through `gate`, and
 * `close` shuts the gate before it calls `release`. `createRelayPost` and the in-memory double
 * both answer with one.
 */
export function relayPostOver(ctx: SdkContext, gate: Gate, release: () => Promise<void>): RelayPost {
  return {
    workspaces: gated(createWorkspacesApi(ctx), gate),
    accounts: gated(createAccountsApi(ctx), gate),
    media: gated(createMediaApi(ctx), gate),
    posts: gated(createPostsApi(ctx), gate),
    analytics: gated(createAnalyticsApi(ctx), gate),
    platforms: () =>
      Object.values(ctx.adapters).map((adapter) => ({
        platform: adapter.platform,
        displayName: adapter.displayName,
        auth: adapter.auth.kind,
        capabilities: adapter.capabilities,
      })),
    async close(): Promise<void> {
      if (gate.closed) return;
      gate.close();
      await release();
    },
  };
}

/**
 * The RelayPost SDK for host apps: one object with typed namespaces for workspaces, accounts,
 * media, posts and analytics. Posts run as Temporal workflows; data lives in Postgres (or the
 * store you pass); every secret is encrypted with `encryptionKeys`.
 *
 * Temporal defaults to the worker's `TEMPORAL_ADDRESS` (else `localhost:7233`); `mediaStore` is
 * needed once media is uploaded.
 *
 * @example
 * ```ts
 * const relaypost = await createRelayPost({
 *   database: { connectionString: process.env.DATABASE_URL! },
 *   encryptionKeys: process.env.RELAYPOST_ENCRYPTION_KEYS!, // the worker's value: k1:<base64>
 *   adapters: { bluesky: createBluesky() },
 *   mediaStore: createLocalMediaStore({ directory: './media' }),
 * });
 * const ws = await relaypost.workspaces.create({ name: 'Acme', timeZone: 'Europe/Berlin' });
 * ```
 */
export async function createRelayPost(options: RelayPostOptions): Promise<RelayPost> {
  const keys =
    typeof options.encryptionKeys === 'string'
      ? parseEncryptionKeys(options.encryptionKeys)
      : parseOrThrow(encryptionKeysSchema, options.encryptionKeys, 'encryptionKeys');
  const keyring = createKeyring({ keys });
  const { store, close: closeStore } = await openStore(options.database, keyring);
  const temporal = await connectTemporal(options.temporal ?? {}, keys).catch(async (error: unknown) => {
    await closeStore();
    throw error;
  });
  const ctx = sdkContext({
    ...options,
    store,
    workflows: createPostWorkflowClient(temporal.client),
    keyring,
  });
  return relayPostOver(ctx, new Gate(), async () => {
    await temporal.close();
    await closeStore();
  });
}
