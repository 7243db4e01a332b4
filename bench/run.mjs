#!/usr/bin/env node
// RelayPost benchmarks against a real Temporal dev server and Postgres, with the platform faked on
// loopback.
//   node bench/run.mjs [--quick] [--out docs/performance.md] [--json results.json] [--publish-concurrency N]
//                      [--worker-env NAME=VALUE ...]
//   node bench/run.mjs --render results.json [--out docs/performance.md]   (report from saved results)
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WORKER_RUNTIME_ENV, workerConfigSchema } from '@relaypost/worker';
import { describeMachine } from './lib/machine.mjs';
import { machineBusy } from './lib/proc.mjs';
import { consoleTable, markdown, summaryRows } from './lib/report.mjs';
import { packageVersion, startBenchStack } from './lib/stack.mjs';
import { runLateness } from './scenarios/lateness.mjs';
import { runSdkLatency } from './scenarios/sdk-latency.mjs';
import { runThroughput, runTrivialBurst } from './scenarios/throughput.mjs';
import { runWaiting } from './scenarios/waiting.mjs';

/** The worker's configuration defaults, as the benchmark's worker process runs with them. */
const defaults = {
  PUBLISH_CONCURRENCY: workerConfigSchema.shape.PUBLISH_CONCURRENCY.parse(undefined),
  PUBLISH_LEAD_SECONDS: workerConfigSchema.shape.PUBLISH_LEAD_SECONDS.parse(undefined),
  WORKER_MAX_CACHED_WORKFLOWS: workerConfigSchema.shape.WORKER_MAX_CACHED_WORKFLOWS.parse(undefined),
};

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: resolve(repoRoot, 'docs/performance.md') },
    json: { type: 'string' },
    render: { type: 'string' },
    'publish-concurrency': { type: 'string' },
    'worker-env': { type: 'string', multiple: true },
    only: { type: 'string' },
  },
});

/** `--only lateness,throughput`: run just these benchmarks (for iterating; the report shows the rest as not run). */
const only = args.only ? new Set(args.only.split(',').map((id) => id.trim())) : null;
const wanted = (/** @type {string} */ id) => only === null || only.has(id);

const t0 = Date.now();
/** @param {string} line */
const log = (line) => process.stderr.write(`[bench +${((Date.now() - t0) / 1000).toFixed(0)}s] ${line}\n`);

/** @type {import('./lib/report.mjs').BenchResults} */
const results = args.render ? JSON.parse(await readFile(resolve(args.render), 'utf8')) : await measure();

process.stdout.write(`\n${consoleTable(summaryRows(results))}\n\n`);
const out = resolve(String(args.out));
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${markdown(results)}\n`);
log(`wrote ${out}`);
if (args.json) {
  await writeFile(resolve(args.json), `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${resolve(args.json)}`);
}
process.exit(Object.keys(results.errors).length ? 1 : 0);

/**
 * Starts the stack, runs every benchmark in turn, stops everything.
 *
 * @returns {Promise<import('./lib/report.mjs').BenchResults>}
 */
async function measure() {
  const quick = Boolean(args.quick);
  const publishConcurrency = args['publish-concurrency'] ? Number(args['publish-concurrency']) : undefined;
  if (publishConcurrency !== undefined && !(Number.isInteger(publishConcurrency) && publishConcurrency > 0)) {
    throw new Error('--publish-concurrency must be a positive integer');
  }
  const workerEnv = parseWorkerEnv(args['worker-env'] ?? []);
  /** Full counts from the brief; `--quick` divides them by 10. */
  const counts = quick
    ? { lateness: 100, throughput: 100, concurrency: 16, waiting: 1_000, sdk: 50, settleMs: 3_000 }
    : { lateness: 1_000, throughput: 1_000, concurrency: 16, waiting: 10_000, sdk: 500, settleMs: 10_000 };

  log(`${quick ? 'quick' : 'full'} run; sampling the machine's load from other jobs first`);
  const busyBefore = await machineBusy(5_000);
  const loadBefore = os.loadavg();

  /** @type {Record<string, string>} */
  const errors = {};
  /**
   * Runs one scenario; a failure is reported, and the others still run.
   *
   * @template T
   * @param {string} id
   * @param {() => Promise<T>} fn
   * @returns {Promise<T | undefined>}
   */
  const attempt = async (id, fn) => {
    if (!wanted(id)) return undefined;
    try {
      return await fn();
    } catch (error) {
      errors[id] = error instanceof Error ? (error.message.split('\n')[0] ?? String(error)) : String(error);
      log(`${id} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return undefined;
    }
  };

  const stack = await startBenchStack({
    log,
    workerEnv,
    ...(publishConcurrency ? { publishConcurrency } : {}),
  });
  /** @type {Omit<import('./lib/report.mjs').BenchResults, 'durationMs' | 'load' | 'machine'>} */
  let partial;
  try {
    let worker = stack.firstWorker;
    await new Promise((resolve) => setTimeout(resolve, counts.settleMs));
    const workerStartupRss = (await worker.memory()).rss;

    // Throughput first: the dev server keeps every workflow in memory and slows as they pile up,
    // so the steady-state comparison runs before the bursts add 2,000 of them.
    const throughput = await attempt('throughput', () =>
      runThroughput(stack, { count: counts.throughput, concurrency: counts.concurrency, worker, log }),
    );
    const lateness = await attempt('lateness', () =>
      runLateness(stack, { posts: counts.lateness, worker, log }),
    );
    const trivialBurst = await attempt('trivialBurst', () =>
      runTrivialBurst(stack, { count: counts.lateness, log }),
    );
    const sdk = await attempt('sdk', () => runSdkLatency(stack, { calls: counts.sdk, log }));

    if (wanted('waiting')) {
      log('restarting the worker for the waiting benchmark');
      await worker.stop();
      worker = await stack.startRelayPostWorker();
    }
    const waiting = await attempt('waiting', () =>
      runWaiting(stack, { posts: counts.waiting, worker, log, settleMs: counts.settleMs }),
    );

    partial = {
      quick,
      startedAt: new Date(t0).toISOString(),
      versions: {
        postgres: stack.postgresVersion,
        temporalCli: stack.temporalVersion,
        temporalSdk: await packageVersion('@temporalio/worker'),
        embeddedPostgres: stack.usingEmbeddedPostgres,
      },
      workerConfig: {
        // The worker's defaults (packages/worker/src/config.ts) unless --publish-concurrency is given.
        publishConcurrency: publishConcurrency ?? defaults.PUBLISH_CONCURRENCY,
        publishConcurrencyDefault: publishConcurrency === undefined,
        publishLeadSeconds: defaults.PUBLISH_LEAD_SECONDS,
        maxCachedWorkflows: defaults.WORKER_MAX_CACHED_WORKFLOWS,
        runtimeEnv: { ...WORKER_RUNTIME_ENV },
        ...(Object.keys(workerEnv).length ? { extraEnv: workerEnv } : {}),
      },
      workerStartupRss,
      ...(lateness ? { lateness } : {}),
      ...(trivialBurst ? { trivialBurst } : {}),
      ...(throughput ? { throughput } : {}),
      ...(sdk ? { sdk } : {}),
      ...(waiting ? { waiting } : {}),
      errors,
    };
  } finally {
    log('stopping');
    await stack.stop();
  }

  log('sampling the machine load after the run');
  return {
    ...partial,
    durationMs: Date.now() - t0,
    machine: await describeMachine(repoRoot),
    load: { busyBefore, busyAfter: await machineBusy(5_000), loadBefore, loadAfter: os.loadavg() },
  };
}

/**
 * `--worker-env NAME=VALUE` (repeatable): more environment for every RelayPost worker process, after
 * the defaults, so a setting can be measured without editing the bench. The report lists them.
 *
 * @param {string[]} pairs
 * @returns {Record<string, string>}
 */
function parseWorkerEnv(pairs) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--worker-env takes NAME=VALUE, not ${JSON.stringify(pair)}`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}
