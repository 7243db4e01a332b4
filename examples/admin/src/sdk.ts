import type {
  Actor,
  ConnectedAccount,
  CreatePostInput,
  HistoryEvent,
  ListPostsFilter,
  MediaAsset,
  Page,
  PlatformCapabilities,
  PlatformId,
  Post,
  UpdateWorkspaceInput,
  Workspace,
  WorkspaceExport,
} from '@relaypost/core';

/**
 * The part of the RelayPost SDK this app uses, written out as a structural type so that the
 * app's own tests can hand it an in-memory double. The object `createRelayPost()` from
 * `@relaypost/sdk` returns satisfies it (checked at compile time in `test/sdk-shape.test.ts`),
 * so host apps pass that object in unchanged.
 *
 * @example
 * ```ts
 * import { createRelayPost } from '@relaypost/sdk';
 * const relaypost: AdminRelayPost = await createRelayPost({ ... });
 * ```
 */
export interface AdminRelayPost {
  workspaces: {
    create(input: { name: string; timeZone?: string }): Promise<Workspace>;
    get(workspaceId: string): Promise<Workspace>;
    update(workspaceId: string, input: UpdateWorkspaceInput): Promise<Workspace>;
    export(workspaceId: string): Promise<WorkspaceExport>;
    erase(workspaceId: string): Promise<{ stoppedWorkflows: number }>;
  };
  accounts: {
    beginOAuth(input: { workspaceId: string; platform: PlatformId; redirectUri: string }): Promise<{
      url: string;
      state: string;
    }>;
    completeOAuth(input: { state: string; code: string }): Promise<ConnectedAccount[]>;
    connectWithPassword(input: {
      workspaceId: string;
      platform: PlatformId;
      identifier: string;
      password: string;
    }): Promise<ConnectedAccount>;
    list(workspaceId: string): Promise<ConnectedAccount[]>;
    get(workspaceId: string, accountId: string): Promise<ConnectedAccount>;
    disconnect(workspaceId: string, accountId: string): Promise<{ affectedPostIds: string[] }>;
    reconnect(input: { workspaceId: string; accountId: string; redirectUri: string }): Promise<{
      url: string;
      state: string;
    }>;
  };
  media: {
    upload(input: {
      workspaceId: string;
      data: Uint8Array;
      mimeType?: string;
      altText?: string;
      platforms?: PlatformId[];
      maxBytes?: number;
    }): Promise<MediaAsset>;
    get(workspaceId: string, mediaId: string): Promise<MediaAsset>;
  };
  posts: {
    create(workspaceId: string, input: CreatePostInput): Promise<Post>;
    get(workspaceId: string, postId: string): Promise<Post & { live: AdminLiveState | null }>;
    list(workspaceId: string, filter?: ListPostsFilter): Promise<Page<Post>>;
    history(workspaceId: string, postId: string): Promise<HistoryEvent[]>;
    approve(workspaceId: string, postId: string, actor?: Actor): Promise<unknown>;
    reject(workspaceId: string, postId: string, reason?: string, actor?: Actor): Promise<unknown>;
    cancel(workspaceId: string, postId: string, reason?: string, actor?: Actor): Promise<unknown>;
    publishNow(workspaceId: string, postId: string, actor?: Actor): Promise<unknown>;
    reschedule(
      workspaceId: string,
      postId: string,
      at: { at: string; timeZone: string },
      actor?: Actor,
    ): Promise<unknown>;
    regenerateCaption(workspaceId: string, postId: string, brief?: string, actor?: Actor): Promise<unknown>;
  };
  analytics: {
    summary(workspaceId: string, range: { from: string; to: string }): Promise<AnalyticsSummaryLike>;
  };
  platforms(): Array<{
    platform: PlatformId;
    displayName: string;
    auth: 'oauth2' | 'password';
    capabilities: PlatformCapabilities;
  }>;
}

/** What the post's workflow reports right now (the fields this app shows). */
export interface AdminLiveState {
  status: Post['status'];
  approved: boolean;
  approvedBy: Actor | null;
  rejectedReason: string | null;
}

/** `analytics.summary()`'s result (`AnalyticsSummary` in `@relaypost/sdk`), the fields charted here. */
export interface AnalyticsSummaryLike {
  from: string;
  to: string;
  posts: number;
  byPlatform: Array<{
    platform: PlatformId;
    published: number;
    failed: number;
    uncertain: number;
    successRate: number | null;
    latenessMs: { p50: number | null; p99: number | null; max: number | null };
  }>;
  daily: Array<{ day: string; platform: PlatformId; published: number; failed: number }>;
}
