import { createHash } from 'node:crypto';
import type { RelayPostStore, Workspace } from '@relaypost/core';
import type { Logger } from 'pino';

/** What runs for one workspace's bot: a long poller, or nothing after a webhook registration. */
export interface BotConnection {
  stop(): Promise<void>;
}

export interface TelegramBots {
  /** Brings the connections in line with the workspaces' bots now (also runs on the interval). */
  sync(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Keeps one connection per workspace Telegram bot in line with the store: a workspace that adds
 * a bot is picked up, one that changes or removes its token is restarted or stopped. `connect`
 * starts long polling (one worker process: Telegram allows one poller per bot) or registers the
 * webhook (several replicas behind a public URL).
 */
export function syncTelegramBots(input: {
  store: RelayPostStore;
  connect: (workspaceId: string) => Promise<BotConnection>;
  logger: Logger;
  rescanMs: number;
}): TelegramBots {
  const running = new Map<string, { tokenHash: string; connection: BotConnection }>();
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
      await entry.connection.stop().catch(() => undefined);
    }
    for (const [workspaceId, hash] of bots) {
      if (stopped || running.has(workspaceId)) continue;
      try {
        running.set(workspaceId, {
          tokenHash: hash,
          connection: await input.connect(workspaceId),
        });
      } catch (error) {
        input.logger.warn({ err: error, workspaceId }, 'telegram bot could not be connected');
      }
    }
  };

  const sync = () => {
    syncing ??= syncOnce()
      .catch((error: unknown) => input.logger.warn({ err: error }, 'telegram bots could not be synced'))
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
      for (const { connection } of running.values()) await connection.stop().catch(() => undefined);
      running.clear();
    },
  };
}

/** Identifies the token without keeping it: a change of bot reconnects. */
function tokenHash(workspace: Workspace): string | null {
  const token = workspace.telegram?.botToken?.reveal();
  return token ? createHash('sha256').update(token).digest('hex') : null;
}
