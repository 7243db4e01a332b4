/**
 * `@relaypost/sdk/testing`: an in-memory double of the SDK for a host app's unit tests. It
 * implements the `RelayPost` interface over core's memory store and runs each post's life cycle
 * in-process on a clock the test moves: no Temporal, no Postgres, no worker. Its README says what
 * it models and what it does not.
 *
 * @packageDocumentation
 */
export { createMemoryMediaStore } from './memory-media-store.js';
export {
  createTestRelayPost,
  type TelegramApprover,
  type TestControls,
  type TestRelayPost,
  type TestRelayPostOptions,
} from './test-relaypost.js';
