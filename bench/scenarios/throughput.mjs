import { setTimeout as sleep } from 'node:timers/promises';
import { postWorkflowId } from '@relaypost/workflows';
import { mapPool, until } from '../lib/pool.mjs';
import { historyShape, waitForClose } from '../lib/workflows.mjs';

const TRIVIAL_QUEUE = 'bench-trivial';

/**
 * @typedef {object} RateResult
 * @property {number} count workflows (posts) run
 * @property {number} elapsedMs from the first start to the last workflow closing
 * @property {number} perSecond count / elapsed
 * @property {number} completed workflows that completed (not failed)
 */

/**
 * @typedef {object} Shape
 * @property {number} events
 * @property {number} activities
 * @property {number} workflowTasks
 * @property {number} timers
 */

/**
 * @typedef {object} ThroughputResult
 * @property {number} concurrency callers starting work at once
 * @property {RateResult & { published: number, platformRecords: number, workerCpuSeconds: number, shape: Shape }} relaypost
 * @property {RateResult & { workerCpuSeconds: number, shape: Shape, idleRss: number, peakRss: number }} trivial
 * @property {number} ratio relaypost / trivial
 */

/**
 * 2a. End to end at saturation: `count` posts created through the SDK to publish now, by
 * `concurrency` callers at once, until every workflow has closed; beside the same number of
 * trivial one-activity workflows started the same way on the same server.
 *
 * @param {import('../lib/stack.mjs').BenchStack} stack
 * @param {{ count: number, concurrency: number, worker: import('../lib/stack.mjs').ChildWorker, log: (line: string) => void }} options
 * @returns {Promise<ThroughputResult>}
 */
export async function runThroughput(stack, options) {
  const { count, concurrency, worker, log } = options;
  const { relaypost, bluesky } = stack;
  const { workspaceId, accountId } = await stack.workspaceWithAccount('Throughput');
  const indexes = Array.from({ length: count }, (_, i) => i);

  log(`throughput: ${count} posts through the SDK, ${concurrency} at a time`);
  const cpuBefore = await worker.cpuSeconds();
  const t0 = Date.now();
  const posts = await mapPool(indexes, concurrency, (i) =>
    relaypost.posts.create(workspaceId, {
      content: { text: `Throughput run post ${i}` },
      targets: [{ accountId }],
    }),
  );
  const closed = await waitForClose(
    stack.relaypostClient,
    posts.map((p) => postWorkflowId(p.id)),
  );
  const relaypostElapsed = Math.max(...closed.map((c) => c.closeTime)) - t0;
  const cpuAfter = await worker.cpuSeconds();
  const published = await stack.countPosts(workspaceId, ['published']);
  const platformRecords = bluesky
    .records()
    .filter(
      (r) => typeof r.value.text === 'string' && r.value.text.startsWith('Throughput run post '),
    ).length;

  log(`throughput: ${count} trivial workflows, ${concurrency} at a time`);
  const trivialWorker = await stack.startTrivialWorker(TRIVIAL_QUEUE);
  try {
    await sleep(3_000);
    const idleRss = (await trivialWorker.memory()).rss;
    const run = Date.now().toString(36);
    const trivialCpuBefore = await trivialWorker.cpuSeconds();
    const t1 = Date.now();
    const ids = await mapPool(indexes, concurrency, async (i) => {
      const handle = await stack.plainClient.workflow.start('trivialWorkflow', {
        taskQueue: TRIVIAL_QUEUE,
        workflowId: `bench-trivial-${run}-${i}`,
        args: [{ n: i }],
      });
      return handle.workflowId;
    });
    const trivialClosed = await waitForClose(stack.plainClient, ids);
    const trivialElapsed = Math.max(...trivialClosed.map((c) => c.closeTime)) - t1;
    const trivialCpu = (await trivialWorker.cpuSeconds()) - trivialCpuBefore;

    const relaypostRate = count / (relaypostElapsed / 1000);
    const trivialRate = count / (trivialElapsed / 1000);
    return {
      concurrency,
      relaypost: {
        count,
        elapsedMs: relaypostElapsed,
        perSecond: relaypostRate,
        completed: closed.filter((c) => c.status === 'COMPLETED').length,
        published,
        platformRecords,
        workerCpuSeconds: cpuAfter - cpuBefore,
        shape: await historyShape(
          stack.relaypostClient,
          postWorkflowId(/** @type {{ id: string }} */ (posts[0]).id),
        ),
      },
      trivial: {
        count,
        elapsedMs: trivialElapsed,
        perSecond: trivialRate,
        completed: trivialClosed.filter((c) => c.status === 'COMPLETED').length,
        workerCpuSeconds: trivialCpu,
        idleRss,
        peakRss: (await trivialWorker.memory()).peak,
        shape: await historyShape(stack.plainClient, /** @type {string} */ (ids[0])),
      },
      ratio: relaypostRate / trivialRate,
    };
  } finally {
    await trivialWorker.stop();
  }
}

/**
 * 2b. The same burst as the lateness benchmark, for the trivial workflow: `count` workflows wait
 * on a timer for one instant, then run their activity. Compared with the RelayPost burst.
 *
 * @param {import('../lib/stack.mjs').BenchStack} stack
 * @param {{ count: number, log: (line: string) => void }} options
 * @returns {Promise<{ count: number, lastClosedMs: number, perSecond: number, completed: number }>}
 */
export async function runTrivialBurst(stack, options) {
  const { count, log } = options;
  const trivialWorker = await stack.startTrivialWorker(TRIVIAL_QUEUE);
  try {
    const marginMs = 10_000 + count * 10;
    const at = Math.ceil((Date.now() + marginMs) / 1000) * 1000;
    log(`trivial burst: ${count} workflows timed for ${new Date(at).toISOString()}`);
    const run = Date.now().toString(36);
    const ids = await mapPool(
      Array.from({ length: count }, (_, i) => i),
      32,
      async (i) =>
        (
          await stack.plainClient.workflow.start('trivialWorkflow', {
            taskQueue: TRIVIAL_QUEUE,
            workflowId: `bench-trivial-burst-${run}-${i}`,
            args: [{ n: i, at }],
          })
        ).workflowId,
    );
    if (Date.now() >= at) log('trivial burst: WARNING: the workflows were still starting at the instant');
    await until(async () => Date.now() >= at, { timeoutMs: marginMs + 60_000, what: 'the instant' });
    const closed = await waitForClose(stack.plainClient, ids);
    const lastClosedMs = Math.max(...closed.map((c) => c.closeTime)) - at;
    return {
      count,
      lastClosedMs,
      perSecond: count / (lastClosedMs / 1000),
      completed: closed.filter((c) => c.status === 'COMPLETED').length,
    };
  } finally {
    await trivialWorker.stop();
  }
}
