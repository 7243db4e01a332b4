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
 * @property {TrivialRound} trivial both rounds together: mean elapsed, rate and CPU
 * @property {[TrivialRound, TrivialRound]} trivialRounds the round before the posts and the one after
 * @property {number} ratio relaypost / trivial (the mean of both rounds' rates)
 */

/**
 * @typedef {RateResult & { workerCpuSeconds: number, shape: Shape, idleRss: number, peakRss: number }} TrivialRound
 */

/**
 * 2a. End to end at saturation: `count` posts created through the SDK to publish now, by
 * `concurrency` callers at once, until every workflow has closed; beside the same number of
 * trivial one-activity workflows started the same way on the same server, once before the posts
 * and once after. The dev server keeps every workflow in memory and slows as they pile up, so a
 * single trivial round would favour whichever side ran first; the ratio takes the mean of both.
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

  const before = await runTrivialRound(stack, { count, concurrency, log, round: 'before' });

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
    posts.map((p) => postWorkflowId(p.workspaceId, p.id)),
  );
  const relaypostElapsed = Math.max(...closed.map((c) => c.closeTime)) - t0;
  const cpuAfter = await worker.cpuSeconds();
  const published = await stack.countPosts(workspaceId, ['published']);
  const platformRecords = bluesky
    .records()
    .filter(
      (r) => typeof r.value.text === 'string' && r.value.text.startsWith('Throughput run post '),
    ).length;

  const after = await runTrivialRound(stack, { count, concurrency, log, round: 'after' });
  const relaypostRate = count / (relaypostElapsed / 1000);
  const mean = (/** @type {(round: TrivialRound) => number} */ of) => (of(before) + of(after)) / 2;
  /** @type {TrivialRound} */
  const trivial = {
    ...after,
    elapsedMs: mean((r) => r.elapsedMs),
    perSecond: mean((r) => r.perSecond),
    completed: Math.min(before.completed, after.completed),
    workerCpuSeconds: mean((r) => r.workerCpuSeconds),
    idleRss: Math.max(before.idleRss, after.idleRss),
    peakRss: Math.max(before.peakRss, after.peakRss),
  };
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
        postWorkflowId(workspaceId, /** @type {{ id: string }} */ (posts[0]).id),
      ),
    },
    trivial,
    trivialRounds: [before, after],
    ratio: relaypostRate / trivial.perSecond,
  };
}

/**
 * One round of `count` trivial workflows started by `concurrency` callers, on a trivial worker
 * started for the round (so it is not running beside the posts).
 *
 * @param {import('../lib/stack.mjs').BenchStack} stack
 * @param {{ count: number, concurrency: number, log: (line: string) => void, round: string }} options
 * @returns {Promise<TrivialRound>}
 */
async function runTrivialRound(stack, options) {
  const { count, concurrency, log, round } = options;
  log(`throughput: ${count} trivial workflows, ${concurrency} at a time (${round} the posts)`);
  const trivialWorker = await stack.startTrivialWorker(TRIVIAL_QUEUE);
  try {
    await sleep(3_000);
    const idleRss = (await trivialWorker.memory()).rss;
    const run = Date.now().toString(36);
    const cpuBefore = await trivialWorker.cpuSeconds();
    const t0 = Date.now();
    const ids = await mapPool(
      Array.from({ length: count }, (_, i) => i),
      concurrency,
      async (i) => {
        const handle = await stack.plainClient.workflow.start('trivialWorkflow', {
          taskQueue: TRIVIAL_QUEUE,
          workflowId: `bench-trivial-${run}-${i}`,
          args: [{ n: i }],
        });
        return handle.workflowId;
      },
    );
    const closed = await waitForClose(stack.plainClient, ids);
    const elapsedMs = Math.max(...closed.map((c) => c.closeTime)) - t0;
    return {
      count,
      elapsedMs,
      perSecond: count / (elapsedMs / 1000),
      completed: closed.filter((c) => c.status === 'COMPLETED').length,
      workerCpuSeconds: (await trivialWorker.cpuSeconds()) - cpuBefore,
      idleRss,
      peakRss: (await trivialWorker.memory()).peak,
      shape: await historyShape(stack.plainClient, /** @type {string} */ (ids[0])),
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
