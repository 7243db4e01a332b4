import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MediaStore, PlatformAdapter, PlatformId } from '@relaypost/core';
import { createLocalMediaStore, createRelayPost, type RelayPost } from '@relaypost/sdk';
import type { Logger } from 'pino';
import { adaptersFromEnv } from '../adapters-from-env.js';
import { loadWorkerConfig } from '../config.js';
import { type RunningWorker, startWorker } from '../run-worker.js';
import { loadDevkit } from './devkit.js';
import { type Sandbox, startSandbox } from './sandbox.js';
import { loadDevSecrets } from './secrets.js';
import { claimStateDir } from './state-lock.js';

export interface DevStackOptions {
  /**
   * Where dev mode keeps its state (Temporal's SQLite file, embedded Postgres, media, keys). One
   * stack per folder: a second stack needs its own (and its own ports).
   */
  stateDir: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  sandbox: boolean;
  temporalPort?: number;
  temporalUiPort?: number;
  postgresPort?: number;
  workerPort?: number;
  adminPort?: number;
  /** Serve the example admin app (when `@relaypost/example-admin` can be imported). */
  admin?: boolean;
}

export interface DevStack {
  temporalAddress: string;
  temporalUiUrl: string;
  databaseUrl: string;
  /** The embedded cluster's data folder, or null with `DATABASE_URL`. */
  postgresDataDir: string | null;
  workerUrl: string;
  adminUrl: string | null;
  relaypost: RelayPost;
  worker: RunningWorker;
  sandbox: Sandbox | null;
  stop(): Promise<void>;
}

/**
 * Everything RelayPost needs, on one machine with nothing installed: a Temporal dev server with
 * a persistent SQLite file, Postgres (`DATABASE_URL` or embedded), migrations, the worker, the
 * SDK, and the example admin app. With `sandbox`, every platform, Telegram and Anthropic are
 * built-in fakes.
 *
 * Needs `@relaypost/devkit` (an optional peer dependency), loaded here and nowhere else.
 *
 * @example
 * ```ts
 * const stack = await startDevStack({ stateDir: '.relaypost', env: process.env, logger, sandbox: true });
 * console.log(stack.adminUrl, stack.workerUrl);
 * await stack.stop();
 * ```
 */
export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
  const stateDir = resolve(options.stateDir);
  await mkdir(stateDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const { startEmbeddedPostgres, startTemporalDevServer } = await loadDevkit();
    stops.push(await claimStateDir(stateDir));
    const secrets = await loadDevSecrets(stateDir);
    let databaseUrl = options.env.DATABASE_URL;
    let postgresDataDir: string | null = null;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({
        dataDir: join(stateDir, 'postgres'),
        port: options.postgresPort ?? 54329,
      });
      stops.push(() => pg.stop());
      databaseUrl = pg.connectionString;
      postgresDataDir = pg.dataDir;
    }
    const temporal = await startTemporalDevServer({
      dbFilename: join(stateDir, 'temporal.sqlite'),
      port: options.temporalPort ?? 7233,
      uiPort: options.temporalUiPort ?? 8233,
    });
    stops.push(() => temporal.stop());

    const sandbox = options.sandbox ? await startSandbox() : null;
    if (sandbox) stops.push(() => sandbox.stop());
    const adapters: Partial<Record<PlatformId, PlatformAdapter>> =
      sandbox?.adapters ?? adaptersFromEnv(options.env);

    const workerPort = options.workerPort ?? 8787;
    const config = loadWorkerConfig({
      ...options.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      RELAYPOST_ENCRYPTION_KEYS: options.env.RELAYPOST_ENCRYPTION_KEYS ?? secrets.encryptionKeys,
      RELAYPOST_SIGNING_SECRET: options.env.RELAYPOST_SIGNING_SECRET ?? secrets.signingSecret,
      RELAYPOST_PUBLIC_URL: options.env.RELAYPOST_PUBLIC_URL ?? `http://127.0.0.1:${workerPort}`,
      TELEGRAM_MODE: options.env.TELEGRAM_MODE ?? 'polling',
      PORT: String(workerPort),
      HOST: '127.0.0.1',
      MEDIA_DIR: options.env.MEDIA_DIR ?? join(stateDir, 'media'),
      ...(sandbox
        ? { TELEGRAM_API_ROOT: sandbox.telegram.apiRoot, ANTHROPIC_BASE_URL: sandbox.anthropic.baseUrl }
        : {}),
    });
    const worker = await startWorker({ config, logger: options.logger, adapters });
    stops.push(() => worker.shutdown());

    const mediaStore = createLocalMediaStore({ directory: config.MEDIA_DIR });
    const relaypost = await createRelayPost({
      temporal: { address: temporal.address },
      database: { store: worker.store },
      encryptionKeys: config.RELAYPOST_ENCRYPTION_KEYS,
      adapters,
      mediaStore,
      // Keys are checked where the worker sends captions (the sandbox's fake Anthropic, say).
      ...(config.ANTHROPIC_BASE_URL ? { anthropic: { baseURL: config.ANTHROPIC_BASE_URL } } : {}),
    });
    stops.push(() => relaypost.close());

    let adminUrl: string | null = null;
    if (options.admin !== false) {
      adminUrl = await startAdmin({
        relaypost,
        mediaStore,
        databaseUrl,
        sessionSecret: secrets.adminSessionSecret,
        port: options.adminPort ?? 3000,
        telegramApiRoot: sandbox?.telegram.apiRoot,
        logger: options.logger,
        stops,
      });
    }
    return {
      temporalAddress: temporal.address,
      temporalUiUrl: temporal.uiUrl,
      databaseUrl,
      postgresDataDir,
      workerUrl: worker.httpUrl,
      adminUrl,
      relaypost,
      worker,
      sandbox,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function startAdmin(input: {
  relaypost: RelayPost;
  mediaStore: MediaStore;
  databaseUrl: string;
  sessionSecret: string;
  port: number;
  telegramApiRoot: string | undefined;
  logger: Logger;
  stops: Array<() => Promise<void>>;
}): Promise<string | null> {
  // `createAdminApp` migrates the admin's tables and starts Next.js on the built app.
  let admin: {
    createAdminApp: (options: Record<string, unknown>) => Promise<{
      handler: (req: unknown, res: unknown) => void;
      close(): Promise<void>;
    }>;
  };
  try {
    const name = '@relaypost/example-admin';
    admin = (await import(name)) as typeof admin;
  } catch (error) {
    input.logger.warn({ err: error }, 'the example admin app is not available; running without it');
    return null;
  }
  const { createServer } = await import('node:http');
  const publicUrl = `http://127.0.0.1:${input.port}`;
  const app = await admin.createAdminApp({
    relaypost: input.relaypost,
    mediaStore: input.mediaStore,
    databaseUrl: input.databaseUrl,
    authSecret: input.sessionSecret,
    publicUrl,
    ...(input.telegramApiRoot ? { telegramApiRoot: input.telegramApiRoot } : {}),
  });
  const server = createServer((req, res) => app.handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(input.port, '127.0.0.1', () => resolve());
  }).catch(async (error: unknown) => {
    await app.close();
    throw error;
  });
  input.stops.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.close();
  });
  return publicUrl;
}
