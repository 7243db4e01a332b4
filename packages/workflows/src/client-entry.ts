/**
 * `@relaypost/workflows/client`: what talks to post workflows from outside a worker — the typed
 * client, the update and query definitions with their argument types, the names, and the data
 * converter that encrypts every payload. It loads no worker, no Telegram and no Anthropic code,
 * so the SDK (and any host app's own Temporal client) depends on nothing of those.
 *
 * @packageDocumentation
 */
export {
  createPostWorkflowClient,
  MAX_UPDATE_BYTES,
  type PostUpdateArgs,
  type PostUpdateName,
  type PostWorkflowClient,
} from './client.js';
export { createRelayPostDataConverter, failureConverterPath } from './codec/data-converter.js';
export {
  createEncryptionCodec,
  ENCRYPTED_ENCODING,
  ENCRYPTION_KEY_ID_KEY,
  type EncryptionCodec,
  type EncryptionCodecOptions,
  type EncryptionKey,
} from './codec/encryption-codec.js';
export * from './names.js';
export {
  signWebhookBody,
  type VerifyWebhookSignatureInput,
  verifyWebhookSignature,
  type WebhookEvent,
} from './notify/webhook.js';
export * from './types.js';
export * from './workflows/definitions.js';
