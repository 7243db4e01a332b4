import { fileURLToPath } from 'node:url';
import type { PlatformId } from '@relaypost/core';
import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { type ActivityDeps, createActivities } from './activities/index.js';
import { LIFECYCLE_TASK_QUEUE, publishTaskQueue } from './names.js';

/** Where the worker finds workflow code: a prebuilt bundle (production) or the source path. */
export type WorkflowSource = { bundlePath: string } | { workflowsPath: string };

export interface RelayPostWorkersOptions {
  connection: NativeConnection;
  namespace: string;
  deps: ActivityDeps;
  /** Platforms this process publishes for (one task queue each). Default: every configured adapter. */
  platforms?: readonly PlatformId[];
  /**
   * Publish activities per platform this process runs at once (Temporal activity slots). Most of
   * them are prepared ahead of their second and only wait, so it is large; platform calls are
   * capped separately by `deps.publishConcurrency`. Default 2,000.
   */
  publishSlots?: Partial<Record<PlatformId, number>>;
  workflows?: WorkflowSource;
  dataConverter?: DataConverter;
  /** How long in-flight activities may finish on shutdown before they are handed back. */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** Passed to every worker (interceptors, sinks, tuning). */
  workerOptions?: Partial<Omit<WorkerOptions, 'connection' | 'namespace' | 'taskQueue' | 'activities'>>;
}

const DEFAULT_PUBLISH_SLOTS = 2_000;

/** The workflow module inside this package's build, for `bundleWorkflowCode` and dev mode. */
export const defaultWorkflowsPath = fileURLToPath(new URL('./workflows.js', import.meta.url));

/**
 * Creates the lifecycle worker and one publish worker per platform. Run them with
 * `runRelayPostWorkers` or `Promise.all(workers.map((w) => w.run()))`.
 *
 * @example
 * ```ts
 * const workers = await createRelayPostWorkers({ connection, namespace: 'default', deps });
 * await Promise.all(workers.map((w) => w.run()));
 * ```
 */
export async function createRelayPostWorkers(options: RelayPostWorkersOptions): Promise<Worker[]> {
  const activities = createActivities(options.deps);
  const source = options.workflows ?? { workflowsPath: defaultWorkflowsPath };
  const common = {
    connection: options.connection,
    namespace: options.namespace,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    shutdownGraceTime: options.shutdownGraceTime ?? '30 seconds',
    ...options.workerOptions,
  };
  const lifecycle = await Worker.create({
    ...common,
    taskQueue: LIFECYCLE_TASK_QUEUE,
    activities: activities.lifecycle,
    ...('bundlePath' in source
      ? { workflowBundle: { codePath: source.bundlePath } }
      : { workflowsPath: source.workflowsPath }),
  });
  const platforms = options.platforms ?? (Object.keys(options.deps.adapters) as PlatformId[]);
  const publishers = await Promise.all(
    platforms.map((platform) =>
      Worker.create({
        ...common,
        taskQueue: publishTaskQueue(platform),
        activities: activities.publish,
        maxConcurrentActivityTaskExecutions: options.publishSlots?.[platform] ?? DEFAULT_PUBLISH_SLOTS,
      }),
    ),
  );
  return [lifecycle, ...publishers];
}
