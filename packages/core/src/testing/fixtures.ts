import { randomUUID } from 'node:crypto';
import type { ConnectAccountInput } from '../schemas/account.js';
import type { MediaAssetInput } from '../schemas/media.js';
import type { CreatePostInput } from '../schemas/post.js';
import type { CreateWorkspaceInput } from '../schemas/workspace.js';
import type { RelayPostStore } from '../store/types.js';

/** Secret values the fixtures store; tests look for them where they must not appear. */
export const SECRETS = {
  anthropicApiKey: 'sk-ant-fixture-ANTHROPIC-0001',
  botToken: '123456789:fixture-BOT-TOKEN-abcdefghijklmnopqrstuvwxyz',
  webhookSecret: 'fixture-WEBHOOK-SECRET-0002',
  accessToken: 'fixture-ACCESS-TOKEN-0003',
  refreshToken: 'fixture-REFRESH-TOKEN-0004',
  extra: 'fixture-PAGE-TOKEN-0005',
} as const;

export function workspaceInput(overrides: Partial<CreateWorkspaceInput> = {}): CreateWorkspaceInput {
  return {
    name: 'Acme',
    timeZone: 'Europe/Berlin',
    ai: { anthropicApiKey: SECRETS.anthropicApiKey, tone: 'friendly' },
    telegram: { botToken: SECRETS.botToken, approverChatIds: [42], approverUserIds: [7] },
    webhook: { url: 'https://example.com/hook', secret: SECRETS.webhookSecret },
    ...overrides,
  };
}

export function accountInput(overrides: Partial<ConnectAccountInput> = {}): ConnectAccountInput {
  return {
    platform: 'bluesky',
    externalId: `did:plc:${randomUUID()}`,
    handle: 'acme.bsky.social',
    displayName: 'Acme',
    scopes: ['atproto'],
    credentials: {
      accessToken: SECRETS.accessToken,
      refreshToken: SECRETS.refreshToken,
      expiresAt: '2030-01-01T00:00:00Z',
      tokenType: 'Bearer',
      extra: { pageToken: SECRETS.extra },
    },
    metadata: { kind: 'person' },
    ...overrides,
  };
}

export function mediaInput(overrides: Partial<MediaAssetInput> = {}): MediaAssetInput {
  return {
    mimeType: 'image/png',
    sizeBytes: 1234,
    width: 100,
    height: 80,
    checksumSha256: 'a'.repeat(64),
    storageKey: `media/${randomUUID()}.png`,
    altText: 'A logo',
    ...overrides,
  };
}

export function postInput(accountIds: string[], overrides: Partial<CreatePostInput> = {}): CreatePostInput {
  return {
    content: { text: 'Hello from RelayPost' },
    targets: accountIds.map((accountId) => ({ accountId })),
    ...overrides,
  };
}

/** A workspace with one connected account, ready for posts. */
export async function seedWorkspace(store: RelayPostStore, name = 'Acme') {
  const workspace = await store.workspaces.create(workspaceInput({ name }));
  const account = await store.accounts.connect(workspace.id, accountInput());
  return { workspace, account };
}

/** Awaits a promise that must reject and returns the error when `is` recognises it. */
export async function rejection<T>(
  promise: Promise<unknown>,
  is: (error: unknown) => error is T,
): Promise<T> {
  try {
    await promise;
  } catch (error) {
    if (is(error)) return error;
    throw new Error(`rejected with an unexpected error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to reject, but it resolved');
}
