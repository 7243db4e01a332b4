import { postWorkflowId } from '@relaypost/workflows';
import { mapPool, until } from '../lib/pool.mjs';
import { summarize } from '../lib/stats.mjs';
import { activityTimes, waitForClose } from '../lib/workflows.mjs';

const CREATE_PATH = '/xrpc/com.atproto.repo.createRecord';

/**
 * @typedef {object} LatenessResult
 * @property {number} posts
 * @property {string} scheduledAt ISO instant every post was scheduled for
 * @property {number} createMs how long creating them took (not measured against the target)
 * @property {number} readyBeforeMs how long before the instant every post was waiting on its timer
 * @property {import('../lib/stats.mjs').Summary} lateness ms from the instant to the fake receiving the publish request
 * @property {number} lastClosedMs ms from the instant to the last workflow completing
 * @property {number} drainPerSecond publish requests per second over the burst
 * @property {number} published posts that ended published
 * @property {number} platformRecords records the fake holds for these posts (exactly once: = posts)
 * @property {number} workerCpuSeconds worker CPU used from the instant until the last workflow closed
 * @property {number} workerPeakRss bytes
 * @property {Record<string, import('../lib/stats.mjs').Summary>} stages ms from the instant to each step, per post
 * @property {{ scheduled: import('../lib/stats.mjs').Summary, queued: import('../lib/stats.mjs').Summary, ran: import('../lib/stats.mjs').Summary }} publishActivity
 *   the publish activity as the Temporal server saw it: scheduled (ms after the instant), time in
 *   the task queue (scheduled → started) and time running (started → completed)
 */

/**
 * 1. Publish lateness: `posts` posts scheduled for the same second; from that instant to the
 * platform fake receiving each publish request.
 *
 * @param {import('../lib/stack.mjs').BenchStack} stack
 * @param {{ posts: number, worker: import('../lib/stack.mjs').ChildWorker, log: (line: string) => void }} options
 * @returns {Promise<LatenessResult>}
 */
export async function runLateness(stack, options) {
  const { posts, worker, log } = options;
  const { relaypost, bluesky } = stack;
  const { workspaceId, accountId } = await stack.workspaceWithAccount('Lateness');
  // Far enough ahead that every workflow is waiting on its timer before the instant (checked below).
  const marginMs = 20_000 + posts * 60;
  const at = Math.ceil((Date.now() + marginMs) / 1000) * 1000;
  const firstRequest = bluesky.server.requests.length;
  const text = (/** @type {number} */ i) => `Lateness run post ${i}`;

  log(`lateness: creating ${posts} posts for ${new Date(at).toISOString()}`);
  const createStart = Date.now();
  const created = await mapPool(
    Array.from({ length: posts }, (_, i) => i),
    16,
    (i) =>
      relaypost.posts.create(workspaceId, {
        content: { text: text(i) },
        targets: [{ accountId }],
        publishAt: { at: new Date(at).toISOString(), timeZone: 'UTC' },
      }),
  );
  const createMs = Date.now() - createStart;
  await until(
    async () => (await stack.countPosts(workspaceId, ['scheduled'])) === posts || Date.now() >= at,
    {
      timeoutMs: marginMs + 60_000,
      what: 'the posts to wait on their timers',
    },
  );
  const readyBeforeMs = at - Date.now();
  if (readyBeforeMs <= 0) log('lateness: WARNING: not every post was waiting on its timer by the instant');
  log(`lateness: all waiting ${(readyBeforeMs / 1000).toFixed(1)} s before the instant`);

  await until(async () => Date.now() >= at, { timeoutMs: marginMs + 60_000, what: 'the instant' });
  const cpuAtInstant = await worker.cpuSeconds();
  const closed = await waitForClose(
    stack.relaypostClient,
    created.map((p) => postWorkflowId(p.workspaceId, p.id)),
  );
  const cpuAfter = await worker.cpuSeconds();

  const requests = bluesky.server.requests
    .slice(firstRequest)
    .filter((r) => r.method === 'POST' && r.path === CREATE_PATH);
  const lateness = summarize(requests.map((r) => r.receivedAt - at));
  const lastReceive = Math.max(...requests.map((r) => r.receivedAt));
  const platformRecords = bluesky
    .records()
    .filter((r) => typeof r.value.text === 'string' && r.value.text.startsWith('Lateness run post ')).length;
  const published = await stack.countPosts(workspaceId, ['published']);
  return {
    stages: await stagesOf(stack, workspaceId, at, requests, created),
    publishActivity: await publishActivityOf(stack, at, created),
    posts,
    scheduledAt: new Date(at).toISOString(),
    createMs,
    readyBeforeMs,
    lateness,
    lastClosedMs: Math.max(...closed.map((c) => c.closeTime)) - at,
    drainPerSecond: requests.length / Math.max(0.001, (lastReceive - at) / 1000),
    published,
    platformRecords,
    workerCpuSeconds: cpuAfter - cpuAtInstant,
    workerPeakRss: (await worker.memory()).peak,
  };
}

/**
 * Where the time goes: for each post, ms from the instant to each step its history records
 * (`occurred_at`, written by the activities) and to the platform receiving the request.
 *
 * @param {import('../lib/stack.mjs').BenchStack} stack
 * @param {string} workspaceId
 * @param {number} at
 * @param {import('@relaypost/platforms/testing').RecordedRequest[]} requests
 * @param {Array<{ id: string, content: { text: string } }>} posts
 * @returns {Promise<Record<string, import('../lib/stats.mjs').Summary>>}
 */
async function stagesOf(stack, workspaceId, at, requests, posts) {
  const { rows } = await stack.db.query(
    `SELECT post_id, type, data->>'to' AS "to", occurred_at FROM history_events
      WHERE workspace_id = $1 AND occurred_at >= $2`,
    // Claims are taken a moment before the instant (PUBLISH_CLAIM_LEAD_MS): their steps come out negative.
    [workspaceId, new Date(at - 10_000)],
  );
  /** @type {Map<string, Record<string, number>>} */
  const byPost = new Map();
  const mark = (/** @type {string} */ postId, /** @type {string} */ step, /** @type {number} */ time) => {
    const steps = byPost.get(postId) ?? {};
    steps[step] = time - at;
    byPost.set(postId, steps);
  };
  for (const row of rows) {
    const step = row.type === 'post.status_changed' ? `status → ${row.to}` : row.type;
    mark(row.post_id, step, new Date(row.occurred_at).getTime());
  }
  const idByText = new Map(posts.map((p) => [p.content.text, p.id]));
  for (const request of requests) {
    const text = /** @type {{ record?: { text?: string } } | undefined} */ (request.json)?.record?.text;
    const id = text === undefined ? undefined : idByText.get(text);
    if (id) mark(id, 'platform received createRecord', request.receivedAt);
  }
  /** @type {Record<string, number[]>} */
  const columns = {};
  for (const steps of byPost.values()) {
    for (const [step, ms] of Object.entries(steps)) {
      const column = columns[step] ?? [];
      column.push(ms);
      columns[step] = column;
    }
  }
  const order = [
    'status → publishing',
    'target.publishing',
    'platform received createRecord',
    'target.published',
    'status → published',
  ];
  return Object.fromEntries(
    Object.entries(columns)
      .sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99))
      .map(([step, values]) => [step, summarize(values)]),
  );
}

/**
 * The publish activity of every post from its workflow history (the server's clock).
 *
 * @param {import('../lib/stack.mjs').BenchStack} stack
 * @param {number} at
 * @param {Array<{ id: string }>} posts
 */
async function publishActivityOf(stack, at, posts) {
  const times = (
    await mapPool(posts, 16, (p) =>
      activityTimes(stack.relaypostClient, postWorkflowId(p.workspaceId, p.id), 'publishTarget'),
    )
  ).filter((t) => t !== null);
  return {
    scheduled: summarize(times.map((t) => t.scheduled - at)),
    queued: summarize(times.map((t) => t.started - t.scheduled)),
    ran: summarize(times.map((t) => t.completed - t.started)),
  };
}
