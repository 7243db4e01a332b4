import { setTimeout as sleep } from 'node:timers/promises';
import { mapPool, until } from '../lib/pool.mjs';

const WEEK_MS = 7 * 24 * 3600_000;
const WAITING = ['scheduled', 'awaiting_approval'];

/**
 * @typedef {object} Checkpoint
 * @property {number} waiting posts waiting (on their timer or for approval)
 * @property {number} rss worker RSS, bytes
 * @property {number} schemaBytes every table of the schema, bytes
 */

/**
 * @typedef {object} WaitingResult
 * @property {number} posts
 * @property {Checkpoint[]} checkpoints the first is before any post of this run
 * @property {number} settledRss RSS after the last checkpoint and a quiet minute's fraction
 * @property {number} peakRss the worker's high-water mark
 * @property {number} createsPerSecond SDK creates per second while filling (16 callers)
 * @property {{ before: Record<string, number>, after: Record<string, number>, rowsBefore: Record<string, number>, rowsAfter: Record<string, number> }} tables
 */

/**
 * 3. Scale of waiting: a fresh worker process, then `posts` posts that wait a week (half on their
 * timer, half for approval too), created in tenths; after each tenth has reached its wait, the
 * worker's RSS and the schema's size.
 *
 * @param {import('../lib/stack.mjs').BenchStack} stack
 * @param {{ posts: number, worker: import('../lib/stack.mjs').ChildWorker, log: (line: string) => void, settleMs: number }} options
 * @returns {Promise<WaitingResult>}
 */
export async function runWaiting(stack, options) {
  const { posts, worker, log, settleMs } = options;
  const { relaypost } = stack;
  const { workspaceId, accountId } = await stack.workspaceWithAccount('Waiting');
  const at = new Date(Date.now() + WEEK_MS).toISOString();

  await sleep(settleMs);
  const sizeBefore = await stack.schemaSize();
  /** @type {Checkpoint[]} */
  const checkpoints = [{ waiting: 0, rss: (await worker.memory()).rss, schemaBytes: sizeBefore.total }];
  const step = Math.max(1, Math.round(posts / 10));
  let created = 0;
  let createMs = 0;
  while (created < posts) {
    const batch = Array.from({ length: Math.min(step, posts - created) }, (_, i) => created + i);
    const start = Date.now();
    await mapPool(batch, 16, (i) =>
      relaypost.posts.create(workspaceId, {
        content: { text: `Waiting post ${i}` },
        targets: [{ accountId }],
        publishAt: { at, timeZone: 'UTC' },
        ...(i % 2 === 1 ? { approval: { mode: 'required' } } : {}),
      }),
    );
    createMs += Date.now() - start;
    created += batch.length;
    await until(async () => (await stack.countPosts(workspaceId, WAITING)) === created, {
      timeoutMs: 10 * 60_000,
      everyMs: 250,
      what: `${created} posts to be waiting`,
    });
    // Let the last workflow tasks and activities finish before sampling.
    await sleep(Math.min(settleMs, 2_000));
    const checkpoint = {
      waiting: created,
      rss: (await worker.memory()).rss,
      schemaBytes: (await stack.schemaSize()).total,
    };
    checkpoints.push(checkpoint);
    log(
      `waiting: ${created} posts waiting, worker RSS ${(checkpoint.rss / 1e6).toFixed(1)} MB, ` +
        `schema ${(checkpoint.schemaBytes / 1e6).toFixed(1)} MB`,
    );
  }
  await sleep(settleMs);
  const memory = await worker.memory();
  const sizeAfter = await stack.schemaSize();
  return {
    posts,
    checkpoints,
    settledRss: memory.rss,
    peakRss: memory.peak,
    createsPerSecond: posts / (createMs / 1000),
    tables: {
      before: sizeBefore.tables,
      after: sizeAfter.tables,
      rowsBefore: sizeBefore.rows,
      rowsAfter: sizeAfter.rows,
    },
  };
}
