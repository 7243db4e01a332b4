import { readFile } from 'node:fs/promises';
import {
  createKeyring,
  type Keyring,
  type MediaStore,
  type PlatformAdapter,
  type PlatformId,
  type RelayPostStore,
} from '@relaypost/core';
import { createPostgresStore } from '@relaypost/core/postgres';
import { createLocalMediaStore, createS3MediaStore, createSignedMediaUrls } from '@relaypost/sdk/media';
import {
  createAnthropicCaptionService,
  createPostWorkflowClient,
  createRelayPostDataConverter,
  createTelegramBridge,
  createTelegramMessenger,
  createWebhookNotifier,
} from '@relaypost/workflows';
import { createRelayPostWorkers } from '@relaypost/workflows/worker';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import { codecEndpoint } from './codec-endpoint.js';
import type { WorkerConfig } from './config.js';
import { startWorkerHttp } from './http-server.js';
import { createMetrics } from './metrics.js';
import { ensureSchedules } from './schedules.js';
import { syncTelegramBots } from './telegram-bots.js';
import { installTemporalLogger } from './temporal-logger.js';

export interface RunningWorker {
  httpUrl: string;
  store: RelayPostStore;
  /** Stops taking work, lets in-flight activities finish (or hands them back), closes everything. */
  shutdown(): Promise<void>;
  /** Resolves when the Temporal workers stop. */
  done: Promise<void>;
}

/**
 * Starts the whole worker service from its configuration: store, media, Temporal workers (one
 * lifecycle queue, one publish queue per platform), Telegram bridge, HTTP endpoints, schedules.
 */
export async function startWorker(input: {
  config: WorkerConfig;
  logger: Logger;
  adapters: Partial<Record<PlatformId, PlatformAdapter>>;
  /** A prepared store (tests, dev mode); otherwise the Postgres store from DATABASE_URL. */
  store?: RelayPostStore;
}): Promise<RunningWorker> {
  const { config, logger, adapters } = input;
  installTemporalLogger(logger);
  const keyring = createKeyring({ keys: config.RELAYPOST_ENCRYPTION_KEYS });
  const store = input.store ?? (await openPostgresStore(config, keyring));

  const mediaStore = createMediaStore(config);
  const signedUrls = config.RELAYPOST_PUBLIC_URL
    ? createSignedMediaUrls({ baseUrl: config.RELAYPOST_PUBLIC_URL, secret: config.RELAYPOST_SIGNING_SECRET })
    : null;
  const metrics = createMetrics();
  const dataConverter = createRelayPostDataConverter({ keys: config.RELAYPOST_ENCRYPTION_KEYS });
  const telegram = createTelegramMessenger({
    callbackSecret: config.RELAYPOST_SIGNING_SECRET,
    ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
  });

  const tls = await temporalTls(config);
  const connection = await NativeConnection.connect({
    address: config.TEMPORAL_ADDRESS,
    ...(tls !== undefined ? { tls } : {}),
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  });
  const clientConnection = await Connection.connect({
    address: config.TEMPORAL_ADDRESS,
    ...(tls !== undefined ? { tls } : {}),
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  });
  const client = new Client({
    connection: clientConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter,
  });

  const platforms = config.WORKER_PLATFORMS
    ? (config.WORKER_PLATFORMS.split(',').map((p) => p.trim()) as PlatformId[])
    : (Object.keys(adapters) as PlatformId[]);
  const workers: Worker[] = await createRelayPostWorkers({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    platforms,
    publishSlots: Object.fromEntries(platforms.map((p) => [p, config.PUBLISH_HOLD_MAX])),
    workerOptions: { maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS },
    dataConverter,
    ...(config.WORKFLOW_BUNDLE_PATH ? { workflows: { bundlePath: config.WORKFLOW_BUNDLE_PATH } } : {}),
    deps: {
      store,
      adapters,
      publishConcurrency: Object.fromEntries(platforms.map((p) => [p, config.PUBLISH_CONCURRENCY])),
      publishLeadMs: config.PUBLISH_LEAD_SECONDS * 1000,
      publishClaimLeadMs: config.PUBLISH_CLAIM_LEAD_MS,
      media: {
        read: (a) => mediaStore.read(a),
        readRange: (a, o, l) => mediaStore.readRange(a, o, l),
        urls: signedUrls ?? presignedUrls(mediaStore),
      },
      captions: createAnthropicCaptionService({
        ...(config.ANTHROPIC_BASE_URL ? { baseURL: config.ANTHROPIC_BASE_URL } : {}),
      }),
      telegram,
      webhooks: createWebhookNotifier({}),
      temporal: client,
      observer: metrics.observer,
    },
  });
  const done = Promise.all(workers.map((w) => w.run())).then(() => undefined);

  const postWorkflows = createPostWorkflowClient(client);
  const bridge = createTelegramBridge({
    store,
    callbackSecret: config.RELAYPOST_SIGNING_SECRET,
    ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
    onDecision: ({ workspaceId, postId, action, actor }) =>
      postWorkflows.update(workspaceId, postId, action === 'regenerate' ? 'regenerateCaption' : action, {
        actor,
      }),
  });
  const telegramMode = config.TELEGRAM_MODE ?? (config.RELAYPOST_PUBLIC_URL ? 'webhook' : 'polling');
  const publicUrl = config.RELAYPOST_PUBLIC_URL?.replace(/\/+$/, '');
  const bots =
    telegramMode === 'off'
      ? null
      : syncTelegramBots({
          store,
          logger,
          rescanMs: config.TELEGRAM_RESCAN_SECONDS * 1000,
          connect:
            telegramMode === 'polling'
              ? (workspaceId) => bridge.startLongPolling(workspaceId)
              : async (workspaceId) => {
                  await bridge.setWebhook(workspaceId, `${publicUrl}/telegram/${workspaceId}`);
                  return { stop: async () => undefined };
                },
        });
  await bots?.sync();

  const http = await startWorkerHttp({
    host: config.HOST,
    port: config.PORT,
    logger,
    metrics: metrics.registry,
    readiness: async () => {
      await store.workspaces.list({ limit: 1 });
      await clientConnection.workflowService.getSystemInfo({});
      if (workers.some((w) => w.getState() !== 'RUNNING'))
        throw new Error('a Temporal worker is not running');
    },
    ...(signedUrls ? { media: { store: mediaStore, verify: signedUrls.verify } } : {}),
    ...(telegramMode === 'webhook'
      ? { telegramWebhook: (workspaceId: string) => bridge.webhookHandler(workspaceId) }
      : {}),
    ...(config.CODEC_AUTH_TOKEN
      ? {
          codec: codecEndpoint({
            keys: config.RELAYPOST_ENCRYPTION_KEYS,
            token: config.CODEC_AUTH_TOKEN,
            ...(config.CODEC_CORS_ORIGINS
              ? { corsOrigins: config.CODEC_CORS_ORIGINS.split(',').map((origin) => origin.trim()) }
              : {}),
          }),
        }
      : {}),
  });

  if (config.SCHEDULES) {
    await ensureSchedules(client, {
      refreshWithinMinutes: config.REFRESH_WITHIN_MINUTES,
      retentionDays: config.RETENTION_DAYS,
      reconcileMinutes: config.RECONCILE_MINUTES,
    });
  }
  logger.info(
    { http: http.url, platforms, taskQueues: workers.length, telegram: telegramMode },
    'relaypost worker started',
  );

  let stopping: Promise<void> | undefined;
  return {
    httpUrl: http.url,
    store,
    done,
    shutdown() {
      stopping ??= (async () => {
        logger.info('shutting down: finishing in-flight activities');
        await bots?.stop();
        for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
        await done.catch((error: unknown) => logger.error({ err: error }, 'worker stopped with an error'));
        await http.close();
        await clientConnection.close();
        await connection.close();
        if (!input.store) await store.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}

function createMediaStore(config: WorkerConfig): MediaStore {
  if (config.MEDIA_STORE === 's3') {
    return createS3MediaStore({
      endpoint: config.S3_ENDPOINT!,
      bucket: config.S3_BUCKET!,
      region: config.S3_REGION,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      credentials: { accessKeyId: config.S3_ACCESS_KEY_ID!, secretAccessKey: config.S3_SECRET_ACCESS_KEY! },
    });
  }
  return createLocalMediaStore({ directory: config.MEDIA_DIR });
}

/** URLs straight from the media store (pre-signed S3), when the worker has no public URL. */
function presignedUrls(store: MediaStore) {
  if (!store.presignedUrl) return null;
  const presign = store.presignedUrl.bind(store);
  return {
    async urlFor(asset: { storageKey: string }, options: { expiresInSeconds: number }) {
      const url = await presign(asset.storageKey, options);
      if (!url) throw new Error('the media store gave no URL');
      return url;
    },
  };
}

async function temporalTls(config: WorkerConfig) {
  if (config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH) {
    return {
      ...(config.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME } : {}),
      ...(config.TEMPORAL_TLS_CA_PATH
        ? { serverRootCACertificate: await readFile(config.TEMPORAL_TLS_CA_PATH) }
        : {}),
      clientCertPair: {
        crt: await readFile(config.TEMPORAL_TLS_CERT_PATH),
        key: await readFile(config.TEMPORAL_TLS_KEY_PATH),
      },
    };
  }
  if (config.TEMPORAL_TLS || config.TEMPORAL_API_KEY) return true;
  return undefined;
}

async function openPostgresStore(config: WorkerConfig, keyring: Keyring): Promise<RelayPostStore> {
  const store = createPostgresStore({
    connectionString: config.DATABASE_URL,
    keyring,
    // Kept open through quiet minutes: the claims of a busy second go out on warm connections.
    poolSize: { min: config.DATABASE_POOL_MIN, max: config.DATABASE_POOL_MAX },
    ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}),
  });
  await store.migrate();
  return store;
}
