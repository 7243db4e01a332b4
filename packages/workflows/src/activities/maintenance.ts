import { PlatformError } from '@relaypost/core';
import { Context } from '@temporalio/activity';
import type { OutcomeNotice } from './approval.js';
import { loadCredentials } from './credentials.js';
import type { ActivityDeps } from './deps.js';
import { deriveId } from './derive-id.js';
import type { MaintenanceActivities } from './maintenance-types.js';
import { createReconcileActivity } from './reconcile.js';

const BATCH = 200;

/**
 * Proactive credential refresh, the history retention purge and the reconciliation of wedged
 * posts (which tells the host app through `notifyOutcome`, the workflow's own notice).
 */
export function createMaintenanceActivities(
  deps: ActivityDeps,
  notifyOutcome: (notice: OutcomeNotice) => Promise<void>,
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
        if (!adapter) continue;
        try {
          const credentials = await loadCredentials({
            store,
            workspaceId: item.workspaceId,
            accountId: item.accountId,
            adapter,
            observer: deps.observer,
            historyKey: deriveId(item.accountId, 'scheduled-refresh'),
          });
          // An OAuth platform may refresh from its access token alone (Meta's long-lived exchange).
          if (credentials.current().refreshToken === null && adapter.auth.kind !== 'oauth2') continue;
          await credentials.refresh('scheduled refresh before expiry');
          refreshed++;
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
