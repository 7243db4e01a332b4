import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createKeyring,
  generateEncryptionKey,
  type PlatformAdapter,
  type PlatformId,
  type RelayPostStore,
} from '@relaypost/core';
import { createPostgresStore } from '@relaypost/core/postgres';
import {
  createTestDatabase,
  findFreePort,
  startTemporalDevServer,
  type TemporalDevServer,
  type TestDatabase,
} from '@relaypost/devkit';
import { createBluesky, createX } from '@relaypost/platforms';
import { type BlueskyFake, createBlueskyFake, createXFake, type XFake } from '@relaypost/platforms/testing';
import { createEncryptionCodec } from '@relaypost/workflows';
import { createAnthropicFake } from '@relaypost/workflows/testing';
import { createRelayPostWorkers } from '@relaypost/workflows/worker';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { UrlDownloadOptions } from '../../src/media/download.js';
import { createLocalMediaStore } from '../../src/media/local-store.js';
import { createRelayPost, type RelayPost } from '../../src/relaypost.js';

/** The Anthropic keys the Anthropic fake accepts in these tests (any other is refused). */
export const ANTHROPIC_KEYS = ['sk-ant-test-key', 'sk-ant-secret-value-123', 'sk-ant-export-secret'] as const;

/** The app password the Bluesky fake accepts in these tests. */
export const BLUESKY_LOGIN = { identifier: 'alice.test', password: 'app-pass-word-1234' } as const;

/** Everything a test file needs: the SDK under test and the real parts it runs on. */
export interface Stack {
  relaypost: RelayPost;
  /** A second store on the same schema (the one the workers use), for arranging and inspecting. */
  store: RelayPostStore;
  temporal: TemporalDevServer;
  database: TestDatabase;
  x: XFake;
  bluesky: BlueskyFake;
  mediaDir: string;
  /** The SDK's encryption keys (to forge OAuth states in tests). */
  keys: Array<{ id: string; key: string }>;
  /** A plain Temporal client on the dev server, for looking at workflows from outside the SDK. */
  client: Client;
  /**
   * Holds the workers' reads of this post until the returned function is called, so a test can
   * look at a workflow that is still loading its plan.
   */
  holdPostLoads(postId: string): () => void;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

/**
 * Starts a Temporal dev server (in memory), a fresh Postgres schema, X and Bluesky fakes, the SDK,
 * and — unless `workers: false` — RelayPost's Temporal workers on the same store and keys.
 */
export async function startStack(
  options: {
    workers?: boolean;
    /** More platforms for the SDK (the workers publish only to X and Bluesky). */
    extraAdapters?: Partial<Record<PlatformId, PlatformAdapter>>;
    /** How long before its second the workers prepare a publish (their default when omitted). */
    publishLeadMs?: number;
    /** The SDK's `urlDownloads` (tests serve files on loopback). */
    urlDownloads?: UrlDownloadOptions;
  } = {},
): Promise<Stack> {
  const closers: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };
  try {
    if (!runtimeInstalled) {
      runtimeInstalled = true;
      // The Temporal worker is chatty, and activity failures the tests cause on purpose are logged as warnings; keep errors.
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    }
    const mediaDir = await mkdtemp(join(tmpdir(), 'relaypost-sdk-'));
    closers.push(() => rm(mediaDir, { recursive: true, force: true }));
    const [temporal, database, x, bluesky, anthropic] = await Promise.all([
      (async () => startTemporalDevServer({ port: await findFreePort(), uiPort: await findFreePort() }))(),
      createTestDatabase({ prefix: 'sdk' }),
      createXFake(),
      createBlueskyFake(BLUESKY_LOGIN),
      createAnthropicFake({ apiKeys: [...ANTHROPIC_KEYS] }),
    ]);
    closers.push(
      () => temporal.stop(),
      () => database.close(),
      () => x.close(),
      () => bluesky.close(),
      () => anthropic.close(),
    );
    const keys = [{ id: 'k1', key: generateEncryptionKey() }];
    const adapters = {
      x: createX(x.adapterOptions()),
      bluesky: createBluesky(bluesky.adapterOptions()),
    };
    const mediaStore = createLocalMediaStore({ directory: mediaDir });
    const relaypost = await createRelayPost({
      temporal: { address: temporal.address },
      database: { connectionString: database.connectionString },
      encryptionKeys: keys,
      adapters: { ...options.extraAdapters, ...adapters },
      mediaStore,
      anthropic: { baseURL: anthropic.url },
      ...(options.urlDownloads ? { urlDownloads: options.urlDownloads } : {}),
    });
    closers.push(() => relaypost.close());
    const store = createPostgresStore({
      connectionString: database.connectionString,
      keyring: createKeyring({ keys }),
    });
    closers.push(() => store.close());
    const holds = new Map<string, Promise<void>>();
    const holdPostLoads = (postId: string) => {
      let release!: () => void;
      holds.set(postId, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        holds.delete(postId);
        release();
      };
    };
    const workerStore: RelayPostStore = {
      ...store,
      posts: {
        ...store.posts,
        get: async (workspaceId, postId) => {
          await holds.get(postId);
          return store.posts.get(workspaceId, postId);
        },
      },
    };
    const connection = await Connection.connect({ address: temporal.address });
    closers.push(() => connection.close());
    const client = new Client({
      connection,
      dataConverter: { payloadCodecs: [createEncryptionCodec({ keys })] },
    });

    if (options.workers !== false) {
      const connection = await NativeConnection.connect({ address: temporal.address });
      closers.push(() => connection.close());
      const workers: Worker[] = await createRelayPostWorkers({
        connection,
        namespace: 'default',
        dataConverter: { payloadCodecs: [createEncryptionCodec({ keys })] },
        shutdownGraceTime: '1 second',
        deps: {
          store: workerStore,
          adapters,
          ...(options.publishLeadMs !== undefined ? { publishLeadMs: options.publishLeadMs } : {}),
          media: {
            read: (asset) => mediaStore.read(asset),
            readRange: (asset, offset, length) => mediaStore.readRange(asset, offset, length),
            urls: null,
          },
        },
      });
      const running = Promise.all(workers.map((w) => w.run()));
      closers.push(async () => {
        for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
      });
    }
    return { relaypost, store, temporal, database, x, bluesky, mediaDir, keys, client, holdPostLoads, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Polls `read` until `done` accepts its value (workflows move on their own time). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
