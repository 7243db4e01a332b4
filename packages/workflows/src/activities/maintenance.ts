import { PlatformError } from '@relaypost/core';
import { Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps.js';
import { deriveId } from './derive-id.js';
import type { MaintenanceActivities } from './maintenance-types.js';
import { createReconcileActivity } from './reconcile.js';
import type { LifecycleActivities } from './types.js';

const BATCH = 200;

/**
 * Proactive credential refresh, the history retention purge and the reconciliation of wedged
 * posts (which tells the host app through `notifyOutcome`, the workflow's own notice).
 */
export function createMaintenanceActivities(
  deps: ActivityDeps,
  notifyOutcome: LifecycleActivities['notifyOutcome'],
): MaintenanceActivities {
  const { store } = deps;
  return {
    reconcilePosts: createReconcileActivity(deps, notifyOutcome),

    async refreshExpiringCredentials({ withinMs }) {
      const before = new Date(Date.now() + withinMs).toISOString();
      const expiring = await store.accounts.listExpiring(before, { limit: BATCH });
      let refreshed = 0;
      let failed = 0;
      for (const item of expiring) {
        Context.current().heartbeat({ accountId: item.accountId });
        const adapter = deps.adapters[item.platform];
        const auth = adapter?.auth;
        const refresh = auth?.kind === 'password' ? auth.refresh.bind(auth) : auth?.refresh?.bind(auth);
        if (!refresh) continue;
        try {
          const credentials = await store.accounts.getCredentials(item.workspaceId, item.accountId);
          if (!credentials.refreshToken && auth?.kind !== 'oauth2') continue;
          const fresh = await refresh(credentials);
          await store.accounts.updateCredentials(item.workspaceId, item.accountId, fresh);
          await store.history.append(item.workspaceId, {
            id: deriveId(item.accountId, 'scheduled-refresh', item.expiresAt),
            type: 'account.credentials_refreshed',
            accountId: item.accountId,
            actor: { kind: 'system' },
            data: { reason: 'scheduled refresh before expiry' },
          });
          refreshed++;
          deps.observer?.credentialsRefreshed?.({ platform: item.platform, ok: true });
        } catch (error) {
          // A passing platform failure is retried on the next run; anything else needs the user.
          if (PlatformError.isInstance(error) && error.retryable) continue;
          failed++;
          deps.observer?.credentialsRefreshed?.({ platform: item.platform, ok: false });
          await store.accounts.setStatus(item.workspaceId, item.accountId, 'needs_reconnect');
          await store.history.append(item.workspaceId, {
            id: deriveId(item.accountId, 'scheduled-refresh-failed', item.expiresAt),
            type: 'account.needs_reconnect',
            accountId: item.accountId,
            actor: { kind: 'system' },
            data: { message: error instanceof Error ? error.message : String(error) },
          });
          await deps.telegram
            ?.notifyAccountNeedsReconnect?.({
              workspace: await store.workspaces.get(item.workspaceId),
              account: await store.accounts.get(item.workspaceId, item.accountId),
            })
            .catch(() => undefined);
        }
      }
      return { refreshed, failed };
    },

    async purgeHistory({ olderThanMs }) {
      return store.history.purgeOlderThan(new Date(Date.now() - olderThanMs).toISOString());
    },
  };
}
