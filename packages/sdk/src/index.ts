/**
 * `@relaypost/sdk`: embed RelayPost in your app. `createRelayPost(options)` gives typed APIs for
 * workspaces, connected accounts, media, posts and analytics; posts run as Temporal workflows
 * executed by `@relaypost/worker`.
 *
 * @packageDocumentation
 */

/** Verifies the signature on RelayPost's outcome webhooks in the host app's handler. */
export {
  type VerifyWebhookSignatureInput,
  verifyWebhookSignature,
  type WebhookEvent,
} from '@relaypost/workflows/client';
export type { AnthropicKeyCheckOptions } from './ai-key-check.js';
export type { AnalyticsSummary, PlatformStats } from './api/analytics.js';
export type { MediaSource, UploadMediaInput } from './api/media.js';
export type { CreatePostRequest, PostEdit, PostWithState } from './api/posts.js';
export { type EncryptionKey, parseEncryptionKeys } from './encryption-keys.js';
export type {
  AccountsApi,
  AnalyticsApi,
  MediaApi,
  PlatformInfo,
  PostsApi,
  RelayPost,
  WorkspacesApi,
} from './interface.js';
export * from './media/index.js';
export {
  encryptionKeysSchema,
  type RelayPostOptions,
  type TemporalOptions,
  temporalOptionsSchema,
} from './options.js';
export { createRelayPost } from './relaypost.js';
