import type {
  AccountStatus,
  Actor,
  ConnectedAccount,
  CreateWorkspaceInput,
  HistoryEvent,
  ListPostsFilter,
  MediaAsset,
  Page,
  PlatformCapabilities,
  PlatformId,
  Post,
  PostMetrics,
  UpdateWorkspaceInput,
  Workspace,
  WorkspaceExport,
} from '@relaypost/core';
import type { AnalyticsSummary } from './api/analytics.js';
import type { UploadMediaInput } from './api/media.js';
import type { CreatePostRequest, PostEdit, PostWithState } from './api/posts.js';

/**
 * What a host app holds: `createRelayPost()` returns one, and `@relaypost/sdk/testing`'s
 * in-memory double implements the same interface for the app's own unit tests. Every method
 * answers with a promise; bad input is a rejected `ValidationError` naming the field.
 *
 * @example
 * ```ts
 * async function schedule(relaypost: RelayPost, workspaceId: string, accountId: string) {
 *   return relaypost.posts.create(workspaceId, { content: { text: 'Hi' }, targets: [{ accountId }] });
 * }
 * ```
 */
export interface RelayPost {
  workspaces: WorkspacesApi;
  accounts: AccountsApi;
  media: MediaApi;
  posts: PostsApi;
  analytics: AnalyticsApi;
  /** The platforms this app offers, with their capabilities (for composers). */
  platforms(): PlatformInfo[];
  /** Closes the connections; later calls, and calls still running, answer with a `ConfigurationError`. */
  close(): Promise<void>;
}

/** A platform as `RelayPost.platforms()` lists it. */
export interface PlatformInfo {
  platform: PlatformId;
  displayName: string;
  auth: 'oauth2' | 'password';
  capabilities: PlatformCapabilities;
}

/** Workspaces: settings (time zone, AI, Telegram, webhook), export and erasure. */
export interface WorkspacesApi {
  /** Creates a workspace; an Anthropic key is checked with Anthropic before it is saved. */
  create(input: CreateWorkspaceInput): Promise<Workspace>;
  get(workspaceId: string): Promise<Workspace>;
  /** Changes settings; a new Anthropic key is checked with Anthropic before it is saved. */
  update(workspaceId: string, input: UpdateWorkspaceInput, actor?: Actor): Promise<Workspace>;
  list(options?: { limit?: number; cursor?: string }): Promise<Page<Workspace>>;
  /** Everything the workspace holds as one JSON document, secrets left out. */
  export(workspaceId: string): Promise<WorkspaceExport>;
  /** Erases the workspace and everything in it; the workflows of its pending posts are stopped. */
  erase(workspaceId: string): Promise<{ stoppedWorkflows: number }>;
}

/** Connected accounts: OAuth and app-password connections, listing, disconnecting. */
export interface AccountsApi {
  /** Starts an OAuth connection: send the user to `url`; `state` carries what the callback needs. */
  beginOAuth(input: {
    workspaceId: string;
    platform: PlatformId;
    redirectUri: string;
    scopes?: string[];
  }): Promise<{ url: string; state: string }>;
  /** Finishes an OAuth connection from the callback's `code` and `state`. */
  completeOAuth(callback: { state: string; code: string }, actor?: Actor): Promise<ConnectedAccount[]>;
  /** Connects an app-password platform (Bluesky). The password is used once and not stored. */
  connectWithPassword(
    login: {
      workspaceId: string;
      platform: PlatformId;
      identifier: string;
      password: string;
    },
    actor?: Actor,
  ): Promise<ConnectedAccount>;
  list(
    workspaceId: string,
    filter?: { platform?: PlatformId; status?: AccountStatus },
  ): Promise<ConnectedAccount[]>;
  get(workspaceId: string, accountId: string): Promise<ConnectedAccount>;
  /** Deletes the tokens at once and cancels the account's targets in every pending post. */
  disconnect(workspaceId: string, accountId: string, actor?: Actor): Promise<{ affectedPostIds: string[] }>;
  /** Connecting again through OAuth: the same platform account is updated in place. */
  reconnect(request: { workspaceId: string; accountId: string; redirectUri: string }): Promise<{
    url: string;
    state: string;
  }>;
  /** Which platforms can be connected and how. */
  platforms(): Array<{ platform: PlatformId; auth: 'oauth2' | 'password' }>;
}

/** Media: uploads checked against each target platform's limits, then stored. */
export interface MediaApi {
  upload(input: UploadMediaInput, actor?: Actor): Promise<MediaAsset>;
  get(workspaceId: string, mediaId: string): Promise<MediaAsset>;
  list(workspaceId: string, options?: { limit?: number; cursor?: string }): Promise<Page<MediaAsset>>;
  /** Corrects an asset's alt text (null removes it). */
  update(
    workspaceId: string,
    mediaId: string,
    patch: { altText: string | null },
    actor?: Actor,
  ): Promise<MediaAsset>;
  /** The asset's bytes from the media store. */
  read(workspaceId: string, mediaId: string): Promise<Uint8Array>;
  /** A time-limited URL a browser can load the asset from. */
  url(workspaceId: string, mediaId: string, options?: { expiresInSeconds?: number }): Promise<string>;
  delete(workspaceId: string, mediaId: string): Promise<void>;
}

/** Posts: create (validated against every target), read, change through the workflow, history. */
export interface PostsApi {
  /** Creates a post and starts its life cycle; `publishAt.timeZone` defaults to the workspace's zone. */
  create(workspaceId: string, input: CreatePostRequest, actor?: Actor): Promise<Post>;
  get(workspaceId: string, postId: string): Promise<PostWithState>;
  list(workspaceId: string, filter?: ListPostsFilter): Promise<Page<Post>>;
  history(workspaceId: string, postId: string): Promise<HistoryEvent[]>;
  edit(workspaceId: string, postId: string, edit: PostEdit, actor?: Actor): Promise<PostWithState>;
  reschedule(
    workspaceId: string,
    postId: string,
    at: { at: string; timeZone?: string },
    actor?: Actor,
  ): Promise<PostWithState>;
  approve(workspaceId: string, postId: string, actor?: Actor): Promise<PostWithState>;
  reject(workspaceId: string, postId: string, reason?: string, actor?: Actor): Promise<PostWithState>;
  cancel(workspaceId: string, postId: string, reason?: string, actor?: Actor): Promise<PostWithState>;
  publishNow(workspaceId: string, postId: string, actor?: Actor): Promise<PostWithState>;
  regenerateCaption(
    workspaceId: string,
    postId: string,
    brief?: string,
    actor?: Actor,
  ): Promise<PostWithState>;
  /** Waits until the post's life cycle is over, however it ended, and returns the stored post. */
  waitForResult(workspaceId: string, postId: string): Promise<Post>;
}

/** Analytics from the store: outcomes per platform and period. */
export interface AnalyticsApi {
  summary(workspaceId: string, range: { from: string; to: string }): Promise<AnalyticsSummary>;
  /** Engagement numbers for a published target, where its platform offers them. */
  targetMetrics(workspaceId: string, postId: string, targetId: string): Promise<PostMetrics | null>;
}
