import {
  type Credentials,
  type CredentialsInput,
  credentialsFromInput,
  NeedsReconnectError,
  type PlatformAdapter,
  type RelayPostStore,
} from '@relaypost/core';
import type { ActivityObserver } from './deps.js';
import { deriveId } from './derive-id.js';

/** Why credentials were refreshed, as the history records it. */
export type RefreshReason =
  | 'expiring soon'
  | 'rejected by the platform'
  | 'refreshed by the platform adapter'
  | 'scheduled refresh before expiry';

/** One account's credentials, with the one place they are refreshed and saved. */
export interface AccountCredentials {
  current(): Credentials;
  /** Refreshes through the adapter, saves and records it; throws what the platform said. */
  refresh(reason: RefreshReason): Promise<Credentials>;
  /** Saves credentials an adapter refreshed on its own (a platform that rotates on use). */
  save(input: CredentialsInput, reason: RefreshReason): Promise<Credentials>;
  /** Refreshes first when the access token expires within `windowMs` and the platform can refresh. */
  freshWithin(windowMs: number): Promise<Credentials>;
  canRefresh(): boolean;
}

/**
 * Credentials are refreshed here and nowhere else: before a publish when they are about to expire,
 * once when the platform refuses them mid-publish, when an adapter refreshes them itself, and on
 * the maintenance schedule. Each refresh is saved (encrypted by the store), recorded in the
 * history and reported to the metrics.
 *
 * @example
 * ```ts
 * const credentials = await loadCredentials({ store, workspaceId, accountId, adapter });
 * const fresh = await credentials.freshWithin(5 * 60_000);
 * ```
 */
export async function loadCredentials(input: {
  store: RelayPostStore;
  workspaceId: string;
  accountId: string;
  adapter: PlatformAdapter;
  observer?: ActivityObserver | undefined;
  /** Scopes the history ids of this run's refreshes (a target, a maintenance run). */
  historyKey?: string;
}): Promise<AccountCredentials> {
  const { store, workspaceId, accountId, adapter } = input;
  let current = await store.accounts.getCredentials(workspaceId, accountId);

  const save = async (fresh: CredentialsInput, reason: RefreshReason) => {
    await store.accounts.updateCredentials(workspaceId, accountId, fresh);
    input.observer?.credentialsRefreshed?.({ platform: adapter.platform, ok: true });
    await store.history.append(workspaceId, {
      // Stable across a retried activity: one refresh per token it replaced.
      id: deriveId(input.historyKey ?? accountId, 'refresh', reason, current.expiresAt ?? 'no expiry'),
      type: 'account.credentials_refreshed',
      accountId,
      actor: reason === 'scheduled refresh before expiry' ? { kind: 'system' } : { kind: 'workflow' },
      data: { reason },
    });
    current = credentialsFromInput({
      ...fresh,
      refreshToken: fresh.refreshToken ?? current.refreshToken?.reveal(),
    });
    return current;
  };
  const canRefresh = () => refresherOf(adapter) !== undefined && current.refreshToken !== null;

  const refresh = async (reason: RefreshReason) => {
    const refresher = refresherOf(adapter);
    if (!refresher)
      throw new NeedsReconnectError({
        platform: adapter.platform,
        message: 'the platform cannot refresh credentials',
      });
    return save(await refresher(current), reason);
  };
  return {
    current: () => current,
    canRefresh,
    save,
    refresh,
    async freshWithin(windowMs) {
      const expiresAt = current.expiresAt;
      if (!expiresAt || Date.parse(expiresAt) - Date.now() > windowMs || !canRefresh()) return current;
      return refresh('expiring soon');
    },
  };
}

/** The adapter's refresh, if its platform has one. */
function refresherOf(adapter: PlatformAdapter): ((c: Credentials) => Promise<CredentialsInput>) | undefined {
  const auth = adapter.auth;
  if (auth.kind === 'password') return (c) => auth.refresh(c);
  return auth.refresh ? (c) => auth.refresh!(c) : undefined;
}
