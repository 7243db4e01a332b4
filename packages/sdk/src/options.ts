import type {
  MediaStore,
  MediaUrlProvider,
  PlatformAdapter,
  PlatformId,
  RelayPostStore,
} from '@relaypost/core';
import { z } from 'zod';
import type { AnthropicKeyCheckOptions } from './ai-key-check.js';
import type { UrlDownloadOptions } from './media/download.js';

/**
 * How to reach Temporal: a local dev server, a self-hosted cluster, or Temporal Cloud. Left out,
 * `address` and `namespace` are the worker's defaults: `TEMPORAL_ADDRESS` or `localhost:7233`,
 * `TEMPORAL_NAMESPACE` or `default`.
 */
export const temporalOptionsSchema = z.object({
  /** `host:port`, e.g. `localhost:7233` or `<ns>.<acct>.tmprl.cloud:7233`. */
  address: z.string().min(3).optional(),
  namespace: z.string().min(1).optional(),
  /** Temporal Cloud API key (implies TLS). */
  apiKey: z.string().min(1).optional(),
  /** `true` for TLS with system roots, or mTLS material (PEM strings). */
  tls: z
    .union([
      z.boolean(),
      z.object({
        serverName: z.string().optional(),
        serverRootCACertificate: z.string().optional(),
        clientCertificate: z.string().optional(),
        clientPrivateKey: z.string().optional(),
      }),
    ])
    .optional(),
});
export type TemporalOptions = z.input<typeof temporalOptionsSchema>;

export const encryptionKeysSchema = z
  .array(
    z.object({
      id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, _ or -'),
      key: z.string().min(1),
    }),
  )
  .min(1, 'at least one encryption key is required');

/** Options of `createRelayPost`. */
export interface RelayPostOptions {
  /** Where Temporal is; left out, the worker's defaults (`TEMPORAL_ADDRESS` or `localhost:7233`). */
  temporal?: TemporalOptions;
  /** A store you built, or a Postgres connection string (migrations run on first use). */
  database: { store: RelayPostStore } | { connectionString: string; schema?: string };
  /**
   * AES-256 keys (base64, 32 bytes) for secrets at rest, Temporal payloads and OAuth state. The
   * first encrypts. A list, or the worker's `RELAYPOST_ENCRYPTION_KEYS` string (`k2:<base64>,k1:<base64>`).
   */
  encryptionKeys: string | Array<{ id: string; key: string }>;
  /** The platforms this app offers, as adapters (`createX({...})`, `createBluesky()`...). */
  adapters: Partial<Record<PlatformId, PlatformAdapter>>;
  /**
   * Where uploads go, the store the worker reads. Only `media.upload` and `media.delete` need it:
   * without it they fail with a `ConfigurationError` naming this option.
   */
  mediaStore?: MediaStore;
  /** Hands out URLs for platforms that fetch media; defaults to the media store's pre-signed URLs. */
  mediaUrls?: MediaUrlProvider;
  /**
   * How `media.upload({ data: { url } })` downloads: by default only from public addresses (no
   * loopback, private or link-local ones, after every redirect), at most 5 redirects.
   */
  urlDownloads?: UrlDownloadOptions;
  /** How long an OAuth `state` stays valid. Default 15 minutes. */
  oauthStateTtlSeconds?: number;
  /**
   * Anthropic keys are checked when a workspace saves one (`GET /v1/models/{model}`, refused keys
   * and unknown models are `ValidationError`s); `baseURL` as the worker's `ANTHROPIC_BASE_URL`.
   */
  anthropic?: AnthropicKeyCheckOptions;
}
