import { performance } from 'node:perf_hooks';
import { summarize } from '../lib/stats.mjs';

const WEEK_MS = 7 * 24 * 3600_000;

/**
 * 4. `posts.create` latency, one call at a time (validation against the target platform, the
 * Postgres insert and history row, and the workflow start). The posts are scheduled a week out.
 *
 * @param {import('../lib/stack.mjs').BenchStack} stack
 * @param {{ calls: number, log: (line: string) => void }} options
 * @returns {Promise<{ calls: number, latency: import('../lib/stats.mjs').Summary, rejectedMs: import('../lib/stats.mjs').Summary }>}
 */
export async function runSdkLatency(stack, options) {
  const { calls, log } = options;
  const { relaypost } = stack;
  const { workspaceId, accountId } = await stack.workspaceWithAccount('SDK latency');
  const at = new Date(Date.now() + WEEK_MS).toISOString();
  log(`sdk: ${calls} posts.create calls, one at a time`);
  /** @type {number[]} */
  const latencies = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await relaypost.posts.create(workspaceId, {
      content: { text: `SDK latency post ${i} with a link https://example.com/${i} and #bench` },
      targets: [{ accountId }],
      publishAt: { at, timeZone: 'UTC' },
    });
    latencies.push(performance.now() - start);
  }
  // A create the platform's rules refuse (too long for Bluesky) never reaches Postgres or Temporal.
  /** @type {number[]} */
  const rejected = [];
  for (let i = 0; i < Math.max(10, Math.round(calls / 10)); i++) {
    const start = performance.now();
    const refused = await relaypost.posts
      .create(workspaceId, { content: { text: 'x'.repeat(400) }, targets: [{ accountId }] })
      .then(
        () => false,
        () => true,
      );
    if (!refused) throw new Error('a post over the Bluesky limit was accepted');
    rejected.push(performance.now() - start);
  }
  return { calls, latency: summarize(latencies), rejectedMs: summarize(rejected) };
}
