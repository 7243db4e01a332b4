import { createHash } from 'node:crypto';
import type { RelayPostStore, Workspace } from '@relaypost/core';
import type { createTelegramBridge } from '@relaypost/workflows';
import type { Logger } from 'pino';

type Bridge = Pick<ReturnType<typeof createTelegramBridge>, 'startLongPolling'>;
interface Poller {
  stop(): Promise<void>;
}

export interface TelegramPollers {
  /** Brings the pollers in line with the workspaces' bots now (also runs on the interval). */
  sync(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Long polling for every workspace that has a Telegram bot, kept in line with the store: a
 * workspace that adds a bot is picked up, one that changes or removes its token is restarted or
 * stopped. Polling suits one worker process (Telegram allows one poller per bot); deployments
 * with several replicas use webhook mode.
 */
export function startTelegramPollers(input: {
  store: RelayPostStore;
  bridge: Bridge;
  logger: Logger;
  rescanMs: number;
}): TelegramPollers {
  const running = new Map<string, { tokenHash: string; poller: Poller }>();
  let stopped = false;
  let syncing: Promise<void> | null = null;

  const wanted = async (): Promise<Map<string, string>> => {
    const bots = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await input.store.workspaces.list({ limit: 100, ...(cursor ? { cursor } : {}) });
      for (const workspace of page.items) {
        const hash = tokenHash(workspace);
        if (hash) bots.set(workspace.id, hash);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return bots;
  };

  const syncOnce = async () => {
    const bots = await wanted();
    for (const [workspaceId, entry] of running) {
      if (bots.get(workspaceId) === entry.tokenHash) continue;
      running.delete(workspaceId);
      await entry.poller.stop().catch(() => undefined);
    }
    for (const [workspaceId, hash] of bots) {
      if (stopped || running.has(workspaceId)) continue;
      try {
        running.set(workspaceId, {
          tokenHash: hash,
          poller: await input.bridge.startLongPolling(workspaceId),
        });
      } catch (error) {
        input.logger.warn({ err: error, workspaceId }, 'telegram long polling did not start');
      }
    }
  };

  const sync = () => {
    syncing ??= syncOnce()
      .catch((error: unknown) => input.logger.warn({ err: error }, 'telegram pollers could not sync'))
      .finally(() => {
        syncing = null;
      });
    return syncing;
  };

  const timer = setInterval(() => void sync(), input.rescanMs);
  timer.unref();

  return {
    sync,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await syncing;
      for (const { poller } of running.values()) await poller.stop().catch(() => undefined);
      running.clear();
    },
  };
}

/** Identifies the token without keeping it: a change of bot restarts the poller. */
function tokenHash(workspace: Workspace): string | null {
  const token = workspace.telegram?.botToken?.reveal();
  return token ? createHash('sha256').update(token).digest('hex') : null;
}
