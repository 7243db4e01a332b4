import { randomBytes } from 'node:crypto';
import {
  type ConnectedAccount,
  type CreatePostInput,
  type CreateWorkspaceInput,
  createKeyring,
  createMemoryStore,
  type PlatformId,
  type Post,
  type PostStatus,
  type RelayPostStore,
  type Workspace,
} from '@relaypost/core';

/**
 * Data for the activity and Telegram tests, written through the store's own methods (core's
 * memory store, which passes the Postgres store's conformance suite), so what the tests read back
 * is what a real store would hold.
 */

/** A fresh memory store with its own key. */
export function memoryStore(): RelayPostStore {
  return createMemoryStore({
    keyring: createKeyring({ keys: [{ id: 'test', key: randomBytes(32).toString('base64') }] }),
  });
}

/** A workspace named Acme in Berlin with an Anthropic key, unless `overrides` say otherwise (`ai: null`: none). */
export function seedWorkspace(
  store: RelayPostStore,
  overrides: Omit<Partial<CreateWorkspaceInput>, 'ai'> & { ai?: CreateWorkspaceInput['ai'] | null } = {},
): Promise<Workspace> {
  const { ai = { anthropicApiKey: 'sk-ant-test-key', model: 'claude-caption-test' }, ...rest } = overrides;
  return store.workspaces.create({
    name: 'Acme',
    timeZone: 'Europe/Berlin',
    ...(ai ? { ai } : {}),
    ...rest,
  });
}

/** A connected account whose platform id is `ext-<handle>`. */
export function seedAccount(
  store: RelayPostStore,
  workspaceId: string,
  platform: PlatformId,
  handle: string,
): Promise<ConnectedAccount> {
  return store.accounts.connect(workspaceId, {
    platform,
    externalId: `ext-${handle}`,
    handle,
    credentials: { accessToken: `token-${handle}` },
  });
}

/**
 * A post on `accounts` that needs approval (reminders an hour before), moved to `status` —
 * `awaiting_approval` unless told otherwise; a `draft` stays at version 1.
 */
export async function seedPost(
  store: RelayPostStore,
  workspaceId: string,
  input: {
    text: string;
    accounts: ConnectedAccount[];
    mediaIds?: string[];
    publishAt?: string;
    caption?: CreatePostInput['caption'];
    status?: PostStatus;
  },
): Promise<Post> {
  const { post } = await store.posts.create(workspaceId, {
    content: { text: input.text, mediaIds: input.mediaIds ?? [] },
    targets: input.accounts.map((account) => ({ accountId: account.id })),
    ...(input.publishAt ? { publishAt: { at: input.publishAt, timeZone: 'Europe/Berlin' } } : {}),
    approval: { mode: 'required', onDeadline: 'expire', reapproveOnEdit: true, remindMinutesBefore: [60] },
    ...(input.caption ? { caption: input.caption } : {}),
  });
  const status = input.status ?? 'awaiting_approval';
  return status === 'draft' ? post : store.posts.setStatus(workspaceId, post.id, status);
}

/** The post's history, oldest first. */
export function historyOf(store: RelayPostStore, workspaceId: string, postId: string) {
  return store.history.list(workspaceId, { postId, limit: 1000 });
}
