/**
 * `@relaypost/platforms`: one adapter per social platform, all implementing the
 * `PlatformAdapter` v1 spec from `@relaypost/core`. Each platform's fake server is exported here
 * and from `@relaypost/platforms/testing`.
 *
 * @packageDocumentation
 */
export * from './bluesky/index.js';
export * from './facebook/index.js';
export type { GraphCallOptions, GraphClient, GraphErrorOptions } from './graph/index.js';
export * from './http/index.js';
export * from './instagram/index.js';
export * from './linkedin/index.js';
// The shapes of every OAuth platform's `auth` (named by the factories' return types).
export type { OAuthAuthOf, Refresh } from './oauth/create-auth.js';
export type { CodeGrant, TokenGrants, TokenSet } from './oauth/types.js';
export * from './pinterest/index.js';
export * from './reddit/index.js';
export * from './threads/index.js';
export * from './tiktok/index.js';
export * from './x/index.js';
export * from './youtube/index.js';
