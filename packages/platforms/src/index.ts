/**
 * `@relaypost/platforms`: one adapter per social platform, all implementing the
 * `PlatformAdapter` v1 spec from `@relaypost/core`. A host app needs only what is here: each
 * platform's factory and its options, its capabilities as data, the scopes the docs name, and the
 * HTTP transport. Fake servers are in `@relaypost/platforms/testing`, the adapter conformance
 * suite in `@relaypost/platforms/conformance`; everything else is internal.
 *
 * @packageDocumentation
 */
export * from './bluesky/index.js';
export * from './facebook/index.js';
export { createHttp, createNodeFetch, type HttpOptions, type NodeFetchOptions } from './http/index.js';
export * from './instagram/index.js';
export * from './linkedin/index.js';
// The shape of every OAuth adapter's `auth`, which the factories' return types name.
export type { CodeGrant, OAuthAuthOf, TokenGrants, TokenSet } from './oauth/index.js';
export * from './pinterest/index.js';
export * from './reddit/index.js';
export * from './threads/index.js';
export * from './tiktok/index.js';
export * from './x/index.js';
export * from './youtube/index.js';
