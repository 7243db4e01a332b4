/**
 * `@relaypost/platforms/testing`: fake platform servers that speak each platform's wire format,
 * for RelayPost's own tests and yours.
 *
 * @packageDocumentation
 */

// Each platform's fake server, speaking that platform's wire format.
export * from '../bluesky/fake/index.js';
export * from '../facebook/fake/index.js';
export * from '../instagram/fake/index.js';
export * from '../linkedin/fake/index.js';
export * from '../pinterest/fake/index.js';
export * from '../reddit/fake/index.js';
export * from '../threads/fake/index.js';
// `TikTokFakeOptions.chunkRules` takes these.
export type { ChunkRules } from '../tiktok/chunk-plan.js';
export * from '../tiktok/fake/index.js';
export * from '../x/fake/index.js';
export * from '../youtube/fake/index.js';
export {
  FakeOAuthAuthority,
  type FakeOAuthOptions,
  type IssuedTokens,
  type TokenCheck,
} from './fake-oauth.js';
export {
  type FakeHandler,
  type FakeResponse,
  FakeServer,
  type Fault,
  type RecordedRequest,
} from './fake-server.js';
export {
  MediaHost,
  makeFakeVideo,
  makePng,
  memoryMediaAccess,
  type TestMedia,
  testMedia,
} from './media-fixtures.js';
export type { FakePost, PlatformFake, PlatformFault } from './platform-fake.js';
