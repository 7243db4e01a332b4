import { randomUUID } from 'node:crypto';
import {
  type ConnectedAccount,
  type HistoryEvent,
  type HistoryEventInput,
  type MediaAsset,
  NotFoundError,
  type PlatformId,
  type Post,
  type PostPatch,
  type RelayPostStore,
  Secret,
  type Workspace,
} from '@relaypost/core';

/**
 * A small in-memory store with just what the caption, approval and finish activities and the
 * Telegram bridge read and write (until core's `createMemoryStore` is available to these tests).
 */
export interface MiniStore {
  store: RelayPostStore;
  workspaces: Map<string, Workspace>;
  posts: Map<string, Post>;
  accounts: ConnectedAccount[];
  media: MediaAsset[];
  events: HistoryEvent[];
  addWorkspace(overrides?: Partial<Workspace>): Workspace;
  addAccount(workspaceId: string, platform: PlatformId, handle: string): ConnectedAccount;
  addPost(
    workspaceId: string,
    input: {
      text: string;
      accounts: ConnectedAccount[];
      mediaIds?: string[];
      publishAt?: string;
      caption?: Post['caption'];
    },
  ): Post;
}

export function createMiniStore(): MiniStore {
  const workspaces = new Map<string, Workspace>();
  const posts = new Map<string, Post>();
  const accounts: ConnectedAccount[] = [];
  const media: MediaAsset[] = [];
  const events: HistoryEvent[] = [];
  const now = () => new Date().toISOString();
  const getWorkspace = (id: string) => {
    const workspace = workspaces.get(id);
    if (!workspace) throw new NotFoundError('workspace', id);
    return workspace;
  };
  const getPost = (workspaceId: string, id: string) => {
    const post = posts.get(id);
    if (!post || post.workspaceId !== workspaceId) throw new NotFoundError('post', id);
    return post;
  };
  const store = {
    workspaces: { get: async (id: string) => getWorkspace(id) },
    accounts: { list: async (workspaceId: string) => accounts.filter((a) => a.workspaceId === workspaceId) },
    media: {
      getMany: async (workspaceId: string, ids: readonly string[]) =>
        media.filter((m) => m.workspaceId === workspaceId && ids.includes(m.id)),
    },
    posts: {
      get: async (workspaceId: string, id: string) => structuredClone(getPost(workspaceId, id)),
      update: async (workspaceId: string, id: string, patch: PostPatch) => {
        const post = getPost(workspaceId, id);
        if (patch.content) post.content = { text: '', mediaIds: [], thread: false, ...patch.content };
        if (patch.targets) {
          post.targets = patch.targets.map((input) => {
            const existing = post.targets.find((t) => t.id === input.id || t.accountId === input.accountId);
            if (!existing) throw new Error('mini store: new targets are not supported');
            return {
              ...existing,
              text: input.text ?? null,
              mediaIds: input.mediaIds ?? null,
              options: input.options ?? {},
            };
          });
        }
        post.version += 1;
        post.updatedAt = now();
        return structuredClone(post);
      },
      setStatus: async (workspaceId: string, id: string, status: Post['status']) => {
        const post = getPost(workspaceId, id);
        post.status = status;
        post.version += 1;
        post.updatedAt = now();
        return structuredClone(post);
      },
    },
    history: {
      append: async (workspaceId: string, input: HistoryEventInput) => {
        const existing = input.id
          ? events.find((e) => e.id === input.id && e.workspaceId === workspaceId)
          : undefined;
        if (existing) return existing;
        const event: HistoryEvent = {
          id: input.id ?? randomUUID(),
          workspaceId,
          seq: events.length + 1,
          type: input.type,
          postId: input.postId ?? null,
          targetId: input.targetId ?? null,
          accountId: input.accountId ?? null,
          actor: input.actor ?? { kind: 'system' },
          data: structuredClone(input.data ?? {}),
          occurredAt: input.occurredAt ?? now(),
        };
        events.push(event);
        return event;
      },
      list: async (workspaceId: string, filter: { postId?: string } = {}) =>
        events.filter((e) => e.workspaceId === workspaceId && (!filter.postId || e.postId === filter.postId)),
    },
  } as unknown as RelayPostStore;

  return {
    store,
    workspaces,
    posts,
    accounts,
    media,
    events,
    addWorkspace(overrides = {}) {
      const workspace: Workspace = {
        id: randomUUID(),
        name: 'Acme',
        timeZone: 'Europe/Berlin',
        ai: {
          anthropicApiKey: new Secret('sk-ant-test-key'),
          model: 'claude-caption-test',
          brandVoiceSamples: [],
          tone: null,
        },
        telegram: null,
        webhook: null,
        createdAt: now(),
        updatedAt: now(),
        ...overrides,
      };
      workspaces.set(workspace.id, workspace);
      return workspace;
    },
    addAccount(workspaceId, platform, handle) {
      const account: ConnectedAccount = {
        id: randomUUID(),
        workspaceId,
        platform,
        externalId: `ext-${handle}`,
        handle,
        displayName: null,
        avatarUrl: null,
        scopes: [],
        status: 'connected',
        expiresAt: null,
        metadata: {},
        createdAt: now(),
        updatedAt: now(),
      };
      accounts.push(account);
      return account;
    },
    addPost(workspaceId, input) {
      const id = randomUUID();
      const post: Post = {
        id,
        workspaceId,
        status: 'awaiting_approval',
        problem: null,
        content: { text: input.text, mediaIds: input.mediaIds ?? [], thread: false },
        publishAt: input.publishAt ? { at: input.publishAt, timeZone: 'Europe/Berlin' } : null,
        approval: {
          mode: 'required',
          onDeadline: 'expire',
          reapproveOnEdit: true,
          remindMinutesBefore: [60],
        },
        caption: input.caption ?? null,
        idempotencyKey: null,
        targets: input.accounts.map((account) => ({
          id: randomUUID(),
          postId: id,
          accountId: account.id,
          platform: account.platform,
          text: null,
          mediaIds: null,
          options: {},
          status: 'pending',
          result: { externalId: null, url: null, publishedAt: null, error: null },
          idempotencyKey: randomUUID(),
          updatedAt: now(),
        })),
        version: 1,
        createdAt: now(),
        updatedAt: now(),
      };
      posts.set(id, post);
      return post;
    },
  };
}
