import type {
  AccountStatus,
  ConnectAccountInput,
  ConnectedAccount,
  Credentials,
  CredentialsInput,
} from '../schemas/account.js';
import type { Actor, HistoryEvent, HistoryEventInput } from '../schemas/history.js';
import type { MediaAsset, MediaAssetInput } from '../schemas/media.js';
import type { PlatformId } from '../schemas/platform.js';
import type {
  CreatePostInput,
  Post,
  PostProblem,
  PostStatus,
  PostTarget,
  TargetResult,
  TargetStatus,
} from '../schemas/post.js';
import type { CreateWorkspaceInput, UpdateWorkspaceInput, Workspace } from '../schemas/workspace.js';

/**
 * Where RelayPost keeps its data. Every method takes the workspace id first and never reads or
 * changes another workspace's rows. Inputs are validated (a `ValidationError` names the field);
 * each method is one transaction: it writes everything or nothing.
 *
 * Two implementations ship: `createPostgresStore` (`@relaypost/core/postgres`) and
 * `createMemoryStore`. Both pass the same conformance suite (`@relaypost/core/testing`).
 */
export interface RelayPostStore {
  workspaces: WorkspaceStore;
  accounts: AccountStore;
  posts: PostStore;
  media: MediaStoreMetadata;
  history: HistoryStore;
  /** Re-encrypts every secret with the keyring's current key; returns how many values changed. */
  reencryptSecrets(): Promise<{ reencrypted: number }>;
  close(): Promise<void>;
}

export interface WorkspaceStore {
  create(input: CreateWorkspaceInput): Promise<Workspace>;
  get(workspaceId: string): Promise<Workspace>;
  update(workspaceId: string, input: UpdateWorkspaceInput): Promise<Workspace>;
  list(options?: { limit?: number; cursor?: string }): Promise<Page<Workspace>>;
  /**
   * Deletes the workspace and everything in it (tokens at once). Returns the posts that were
   * still pending so the workflow layer can cancel their workflows.
   */
  erase(workspaceId: string): Promise<{ pendingPostIds: string[] }>;
  /** One JSON document with everything the workspace holds, secrets left out. */
  export(workspaceId: string): Promise<WorkspaceExport>;
}

export interface AccountStore {
  /** Connects an account; connecting the same platform + external id again updates it (reconnect). */
  connect(workspaceId: string, input: ConnectAccountInput): Promise<ConnectedAccount>;
  get(workspaceId: string, accountId: string): Promise<ConnectedAccount>;
  list(
    workspaceId: string,
    filter?: { platform?: PlatformId; status?: AccountStatus },
  ): Promise<ConnectedAccount[]>;
  /** Decrypted credentials; only activities that call a platform should ask. */
  getCredentials(workspaceId: string, accountId: string): Promise<Credentials>;
  /** Replaces the credentials (after a refresh), keeping the old refresh token when none is given. */
  updateCredentials(
    workspaceId: string,
    accountId: string,
    credentials: CredentialsInput,
  ): Promise<ConnectedAccount>;
  setStatus(workspaceId: string, accountId: string, status: AccountStatus): Promise<ConnectedAccount>;
  /** Accounts (in every workspace) whose access token expires before `before`, for proactive refresh. */
  listExpiring(
    before: string,
    options?: { limit?: number },
  ): Promise<Array<{ workspaceId: string; accountId: string; platform: PlatformId; expiresAt: string }>>;
  /**
   * Disconnects: credentials are deleted at once, the account is kept as `disconnected` for history,
   * and pending targets on it are cancelled. Returns the posts that had pending targets on it.
   */
  disconnect(workspaceId: string, accountId: string): Promise<{ affectedPostIds: string[] }>;
  /** Erases the account and its credentials; its targets are cancelled. */
  erase(workspaceId: string, accountId: string): Promise<{ affectedPostIds: string[] }>;
}

export interface ListPostsFilter {
  status?: PostStatus | readonly PostStatus[];
  accountId?: string;
  platform?: PlatformId;
  /** Publish time (creation time for unscheduled posts) from (inclusive) and to (exclusive). */
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass back to get the next page; null on the last page. */
  nextCursor: string | null;
}

export interface PostStore {
  /**
   * Creates a post with its targets (platform taken from each target's account).
   * With an `idempotencyKey` that was used before, returns the existing post and `created: false`.
   */
  create(workspaceId: string, input: CreatePostInput): Promise<{ post: Post; created: boolean }>;
  get(workspaceId: string, postId: string): Promise<Post>;
  list(workspaceId: string, filter?: ListPostsFilter): Promise<Page<Post>>;
  /**
   * Replaces content / targets / time / approval and disarms the publish hold. Fails with
   * `ConflictError` when `expectedVersion` is stale or the post is already `publishing`.
   */
  update(
    workspaceId: string,
    postId: string,
    patch: PostPatch,
    options?: { expectedVersion?: number },
  ): Promise<Post>;
  /**
   * Moves the post to `status`. With `expected`, fails with `ConflictError` unless the post is in
   * that status now (a cancel must not overwrite a publish that was claimed a moment before).
   * Any status but `publishing` disarms the post's publish hold; with `arm`, a move to
   * `scheduled` arms it for that hold in the same write (see {@link PostStore.armPublish}).
   * The post's `problem` becomes `problem` (stamped now), or none. A final status ends every
   * target still open: pending ones are cancelled, ones being sent become uncertain, so a final
   * post never has a target in a non-final state.
   */
  setStatus(
    workspaceId: string,
    postId: string,
    status: PostStatus,
    options?: {
      expected?: PostStatus;
      arm?: string;
      problem?: { kind: PostProblem['kind']; message: string };
    },
  ): Promise<Post>;
  /**
   * Arms a `scheduled` post for one publish attempt named `hold`, replacing any earlier hold.
   * Any later change to the post (an update, a status other than `publishing`) disarms it, so a
   * publish prepared before the change can no longer claim it. Fails with `ConflictError` unless
   * the post is `scheduled`.
   */
  armPublish(workspaceId: string, postId: string, hold: string): Promise<void>;
  /**
   * The moment a target is committed to being published; from then on the post can no longer be
   * updated or cancelled. `claimed`: the post was armed with `hold` and the target was pending;
   * both are now `publishing`. `resumed`: this hold had already claimed the target (an earlier
   * attempt that may have reached the platform). `superseded`: the post changed, was disarmed or
   * re-armed, or the target is no longer pending.
   */
  claimTarget(workspaceId: string, postId: string, targetId: string, hold: string): Promise<TargetClaim>;
  setTargetStatus(
    workspaceId: string,
    postId: string,
    targetId: string,
    status: TargetStatus,
    result?: Partial<TargetResult>,
  ): Promise<PostTarget>;
  /** Posts not yet final that have a pending target on this account. */
  listPendingForAccount(workspaceId: string, accountId: string): Promise<string[]>;
  /**
   * For maintenance only (it reads every workspace): posts that are not final and whose last
   * change is before `updatedBefore`, oldest change first, a page at a time. The reconciliation
   * finds posts whose workflow is gone with it.
   *
   * @example
   * ```ts
   * const cutoff = new Date(Date.now() - 60_000).toISOString();
   * let page = await store.posts.listUnfinished({ updatedBefore: cutoff, limit: 100 });
   * while (page.nextCursor) page = await store.posts.listUnfinished({ updatedBefore: cutoff, cursor: page.nextCursor });
   * ```
   */
  listUnfinished(options: {
    updatedBefore: string;
    limit?: number;
    cursor?: string;
  }): Promise<Page<UnfinishedPost>>;
  delete(workspaceId: string, postId: string): Promise<void>;
}

/** A post {@link PostStore.listUnfinished} found: where it is and how far it got. */
export interface UnfinishedPost {
  workspaceId: string;
  postId: string;
  status: PostStatus;
  updatedAt: string;
}

/** The answer of {@link PostStore.claimTarget}. */
export type TargetClaim = 'claimed' | 'resumed' | 'superseded';

export interface PostPatch {
  content?: CreatePostInput['content'];
  targets?: CreatePostInput['targets'];
  publishAt?: CreatePostInput['publishAt'] | null;
  approval?: CreatePostInput['approval'];
  caption?: CreatePostInput['caption'] | null;
}

export interface MediaStoreMetadata {
  add(workspaceId: string, input: MediaAssetInput): Promise<MediaAsset>;
  get(workspaceId: string, mediaId: string): Promise<MediaAsset>;
  getMany(workspaceId: string, mediaIds: readonly string[]): Promise<MediaAsset[]>;
  list(workspaceId: string, options?: { limit?: number; cursor?: string }): Promise<Page<MediaAsset>>;
  /** Corrects what describes the file (its alt text, null to remove it); the bytes never change. */
  update(workspaceId: string, mediaId: string, patch: MediaPatch): Promise<MediaAsset>;
  delete(workspaceId: string, mediaId: string): Promise<void>;
}

/** What `media.update` may change. */
export interface MediaPatch {
  altText?: string | null;
}

export interface HistoryStore {
  /** Appends an event. Appending an event id that exists is a no-op that returns the stored event. */
  append(workspaceId: string, input: HistoryEventInput): Promise<HistoryEvent>;
  list(
    workspaceId: string,
    filter?: { postId?: string; accountId?: string; afterSeq?: number; limit?: number },
  ): Promise<HistoryEvent[]>;
  /** Deletes events older than `before` in every workspace (retention); returns how many. */
  purgeOlderThan(before: string): Promise<{ deleted: number }>;
}

/** The export document (version 1): everything but secrets. */
export interface WorkspaceExport {
  format: 'relaypost.workspace-export';
  version: 1;
  exportedAt: string;
  workspace: Omit<Workspace, 'ai' | 'telegram' | 'webhook'> & {
    ai: { model: string; brandVoiceSamples: string[]; tone: string | null; hasApiKey: boolean } | null;
    telegram: {
      approverChatIds: Array<number | string>;
      approverUserIds: number[];
      hasBotToken: boolean;
    } | null;
    webhook: { url: string; hasSecret: boolean } | null;
  };
  accounts: ConnectedAccount[];
  posts: Post[];
  media: MediaAsset[];
  history: HistoryEvent[];
}

export type { Actor };
