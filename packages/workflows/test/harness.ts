import { randomBytes } from 'node:crypto';
import {
  type ConnectedAccount,
  createKeyring,
  createMemoryStore,
  type MediaAccess,
  type PlatformAdapter,
  type PlatformId,
  type RelayPostStore,
} from '@relaypost/core';
import { connectThroughAuth } from '@relaypost/platforms/conformance';
import { memoryMediaAccess, type PlatformFake, type TestMedia } from '@relaypost/platforms/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, type NativeConnection, Worker } from '@temporalio/worker';
import { type ActivityDeps, createActivities } from '../src/activities/index.js';
import { LIFECYCLE_TASK_QUEUE, publishTaskQueue } from '../src/names.js';

export const workflowsPath = new URL('../src/workflows/index.ts', import.meta.url).pathname;

export function testKeyring() {
  return createKeyring({ keys: [{ id: 'test', key: randomBytes(32).toString('base64') }] });
}

/** A platform under test: its fake server and an adapter pointed at it. */
export interface PlatformUnderTest {
  platform: PlatformId;
  fake: PlatformFake;
  adapter: PlatformAdapter;
  login?: { identifier: string; password: string };
}

/** Connects an account through the adapter's real auth flow against the fake, and stores it. */
export async function connectAccount(
  store: RelayPostStore,
  workspaceId: string,
  p: PlatformUnderTest,
): Promise<ConnectedAccount> {
  const { connectable } = await connectThroughAuth(p.adapter, {
    redirectUri: 'https://app.example.test/callback',
    ...(p.login ? { login: p.login } : {}),
  });
  return store.accounts.connect(workspaceId, {
    platform: p.platform,
    externalId: connectable.externalId,
    handle: connectable.handle,
    scopes: connectable.scopes,
    credentials: connectable.credentials,
    metadata: connectable.metadata ?? {},
  });
}

export interface Harness {
  store: RelayPostStore;
  media: MediaAccess;
  /** Runs fresh lifecycle and publish workers until fn settles (a Temporal worker runs only once). */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/** Lifecycle + publish workers for the given platforms, on the test environment's server. */
export async function createHarness(input: {
  env: TestWorkflowEnvironment;
  store?: RelayPostStore;
  platforms: PlatformUnderTest[];
  mediaItems?: TestMedia[];
  deps?: Partial<ActivityDeps>;
}): Promise<Harness> {
  const store = input.store ?? createMemoryStore({ keyring: testKeyring() });
  const media = memoryMediaAccess(input.mediaItems ?? []);
  const deps: ActivityDeps = {
    store,
    adapters: Object.fromEntries(input.platforms.map((p) => [p.platform, p.adapter])),
    media,
    // The time-skipping server skips the workflow's clock, not the activity's: no lead, so the
    // workflow's own timer is the wait and the publish is claimed at once.
    publishLeadMs: 0,
    ...input.deps,
  };
  const activities = createActivities(deps);
  const connection: NativeConnection = input.env.nativeConnection;
  const namespace = input.env.namespace ?? 'default';
  // Bundled once: every run() starts new workers from the same bundle.
  const workflowBundle = await bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
  const startWorkers = async () => [
    await Worker.create({
      connection,
      namespace,
      taskQueue: LIFECYCLE_TASK_QUEUE,
      workflowBundle,
      activities: activities.lifecycle,
    }),
    ...(await Promise.all(
      input.platforms.map((p) =>
        Worker.create({
          connection,
          namespace,
          taskQueue: publishTaskQueue(p.platform),
          activities: activities.publish,
        }),
      ),
    )),
  ];
  return {
    store,
    media,
    async run(fn) {
      const workers = await startWorkers();
      let result: Awaited<ReturnType<typeof fn>>;
      const [first, ...rest] = workers;
      const nested = rest.reduce<() => Promise<unknown>>(
        (inner, worker) => () => worker.runUntil(inner()),
        async () => {
          result = await fn();
        },
      );
      await first!.runUntil(nested());
      return result!;
    },
  };
}

const quietBundlerLogger = new DefaultLogger('WARN');
