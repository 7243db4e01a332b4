import { mb, ms, num } from './stats.mjs';

/** Targets from the brief the benchmarks were written against. */
export const TARGETS = {
  latenessP99Ms: 1000,
  throughputRatio: 0.5,
  waitingRssBytes: 300e6,
  /** "Does not grow": RSS over the second half of the waiting posts grows by less than this share. */
  waitingRssFlatShare: 0.1,
};

/**
 * @typedef {object} BenchResults
 * @property {boolean} quick
 * @property {string} startedAt
 * @property {number} durationMs
 * @property {import('./machine.mjs').Machine} machine
 * @property {{ postgres: string, temporalCli: string, temporalSdk: string, embeddedPostgres: boolean }} versions
 * @property {{ publishConcurrency: number, publishConcurrencyDefault: boolean, publishLeadSeconds: number, maxCachedWorkflows: number, runtimeEnv: Record<string, string>, extraEnv?: Record<string, string> }} workerConfig
 * @property {{ busyBefore: number, busyAfter: number, loadBefore: number[], loadAfter: number[] }} load
 * @property {number} workerStartupRss
 * @property {import('../scenarios/lateness.mjs').LatenessResult} [lateness]
 * @property {{ count: number, lastClosedMs: number, perSecond: number, completed: number }} [trivialBurst]
 * @property {import('../scenarios/throughput.mjs').ThroughputResult} [throughput]
 * @property {Awaited<ReturnType<typeof import('../scenarios/sdk-latency.mjs').runSdkLatency>>} [sdk]
 * @property {import('../scenarios/waiting.mjs').WaitingResult} [waiting]
 * @property {Record<string, string>} errors
 */

/**
 * @typedef {object} Row
 * @property {string} id
 * @property {string} name
 * @property {string} result
 * @property {string} target
 * @property {'met' | 'missed' | 'n/a' | 'error'} verdict
 */

/** @param {number} n */
const int = (n) => Math.round(n).toLocaleString('en-US');

/**
 * Growth of RSS over the second half of the waiting posts, as a share of the RSS at the half.
 *
 * @param {import('../scenarios/waiting.mjs').WaitingResult} waiting
 * @returns {{ share: number, perThousand: number }}
 */
export function secondHalfGrowth(waiting) {
  const points = waiting.checkpoints;
  const last = points.at(-1);
  const half = points.find((p) => p.waiting >= waiting.posts / 2);
  if (!last || !half || last.waiting === half.waiting) return { share: Number.NaN, perThousand: Number.NaN };
  return {
    share: (last.rss - half.rss) / half.rss,
    perThousand: ((last.rss - half.rss) / (last.waiting - half.waiting)) * 1000,
  };
}

/**
 * RSS per cached workflow: the slope from the first checkpoint to the last one that still fits in
 * the workflow cache.
 *
 * @param {import('../scenarios/waiting.mjs').WaitingResult} waiting
 * @param {number} cacheSize
 * @returns {{ upTo: number, bytesPerWorkflow: number } | null}
 */
export function cacheCost(waiting, cacheSize) {
  const first = waiting.checkpoints[0];
  const inCache = waiting.checkpoints.filter((c) => c.waiting > 0 && c.waiting <= cacheSize).at(-1);
  if (!first || !inCache) return null;
  return { upTo: inCache.waiting, bytesPerWorkflow: (inCache.rss - first.rss) / inCache.waiting };
}

/**
 * The summary rows, one per benchmark.
 *
 * @param {BenchResults} r
 * @returns {Row[]}
 */
export function summaryRows(r) {
  /** @type {Row[]} */
  const rows = [];
  const failed = (/** @type {string} */ id, /** @type {string} */ name, /** @type {string} */ target) =>
    rows.push({ id, name, result: `failed: ${r.errors[id] ?? 'not run'}`, target, verdict: 'error' });

  const l = r.lateness;
  if (l) {
    const exact = l.published === l.posts && l.platformRecords === l.posts;
    rows.push({
      id: 'lateness',
      name: `Publish lateness, ${int(l.posts)} posts due in the same second`,
      result:
        `p50 ${ms(l.lateness.p50)}, p99 ${ms(l.lateness.p99)}, max ${ms(l.lateness.max)}` +
        (exact ? '' : ` (${l.published} published, ${l.platformRecords} on the platform)`),
      target: `p99 < ${ms(TARGETS.latenessP99Ms)}`,
      verdict: exact && l.lateness.p99 < TARGETS.latenessP99Ms ? 'met' : 'missed',
    });
  } else failed('lateness', 'Publish lateness', `p99 < ${ms(TARGETS.latenessP99Ms)}`);

  const t = r.throughput;
  if (t) {
    const exact =
      t.relaypost.published === t.relaypost.count && t.relaypost.platformRecords === t.relaypost.count;
    rows.push({
      id: 'throughput',
      name: `Throughput end to end (SDK create → published), ${int(t.relaypost.count)} posts, ${t.concurrency} callers`,
      result:
        `${num(t.relaypost.perSecond)} posts/s vs ${num(t.trivial.perSecond)} trivial workflows/s: ratio ${num(t.ratio, 2)}` +
        (exact
          ? ''
          : ` (${t.relaypost.published} published, ${t.relaypost.platformRecords} on the platform)`),
      target: `ratio ≥ ${TARGETS.throughputRatio}`,
      verdict: exact && t.ratio >= TARGETS.throughputRatio ? 'met' : 'missed',
    });
  } else failed('throughput', 'Throughput end to end', `ratio ≥ ${TARGETS.throughputRatio}`);

  if (l && r.trivialBurst) {
    const relaypostRate = l.posts / (l.lastClosedMs / 1000);
    const ratio = relaypostRate / r.trivialBurst.perSecond;
    rows.push({
      id: 'burst',
      name: `Burst drain (timer fires → workflow done), ${int(l.posts)} at once`,
      result: `${num(relaypostRate)} posts/s vs ${num(r.trivialBurst.perSecond)} trivial workflows/s: ratio ${num(ratio, 2)}`,
      target: `ratio ≥ ${TARGETS.throughputRatio}`,
      verdict: ratio >= TARGETS.throughputRatio ? 'met' : 'missed',
    });
  } else if (r.errors.trivialBurst)
    failed('trivialBurst', 'Burst drain', `ratio ≥ ${TARGETS.throughputRatio}`);

  const w = r.waiting;
  if (w) {
    const before = w.checkpoints[0]?.rss ?? Number.NaN;
    const at = w.checkpoints.at(-1)?.rss ?? Number.NaN;
    const growth = secondHalfGrowth(w);
    const flat = growth.share < TARGETS.waitingRssFlatShare;
    const secondHalf = w.checkpoints.filter((c) => c.waiting >= w.posts / 2);
    rows.push({
      id: 'waiting-rss',
      name: `Worker RSS with ${int(w.posts)} posts waiting`,
      result:
        `${mb(before)} before → ${mb(at)} at ${int(w.posts)} (peak ${mb(w.peakRss)}); ` +
        `${mb(Math.min(...secondHalf.map((c) => c.rss)))}–${mb(Math.max(...secondHalf.map((c) => c.rss)))} over the second half`,
      target: `< ${mb(TARGETS.waitingRssBytes)}, flat`,
      verdict: at < TARGETS.waitingRssBytes && flat ? 'met' : 'missed',
    });
    const first = w.checkpoints[0]?.schemaBytes ?? Number.NaN;
    const last = w.checkpoints.at(-1)?.schemaBytes ?? Number.NaN;
    rows.push({
      id: 'waiting-pg',
      name: `Postgres size for ${int(w.posts)} waiting posts`,
      result: `+${mb(last - first)} (${num((last - first) / w.posts / 1024, 2)} KiB per post); schema ${mb(last)} in all`,
      target: 'report',
      verdict: 'n/a',
    });
  } else failed('waiting', 'Scale of waiting', `< ${mb(TARGETS.waitingRssBytes)}, flat`);

  const s = r.sdk;
  if (s) {
    rows.push({
      id: 'sdk',
      name: `posts.create latency, ${int(s.calls)} calls one at a time`,
      result: `p50 ${ms(s.latency.p50)}, p99 ${ms(s.latency.p99)}, max ${ms(s.latency.max)}`,
      target: 'report',
      verdict: 'n/a',
    });
  } else failed('sdk', 'posts.create latency', 'report');
  return rows;
}

/**
 * A plain-text table for the terminal.
 *
 * @param {Row[]} rows
 * @returns {string}
 */
export function consoleTable(rows) {
  const header = ['Benchmark', 'Result', 'Target', 'Verdict'];
  const cells = rows.map((row) => [row.name, row.result, row.target, row.verdict]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (/** @type {string[]} */ c) => c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' │ ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...cells.map(line)].join('\n');
}

const VERDICT = { met: '**met**', missed: '**missed**', 'n/a': '—', error: '**error**' };

/**
 * docs/performance.md.
 *
 * @param {BenchResults} r
 * @returns {string}
 */
export function markdown(r) {
  const rows = summaryRows(r);
  const m = r.machine;
  const out = [];
  out.push('# Performance');
  out.push('');
  out.push(
    '_Generated by `npm run bench` (`node bench/run.mjs`) — edit `bench/lib/report.mjs`, not this file._',
  );
  out.push('');
  if (r.quick) {
    out.push(
      '> **Quick (smoke) run**: every count is about 10× smaller than the real benchmark. These numbers show the benchmark works, not how RelayPost performs; run `npm run bench` without `--quick` for those.',
    );
    out.push('');
  }
  out.push(
    'Every number below comes from real parts on one machine: a Temporal dev server (`temporal server start-dev`, in memory), ' +
      'PostgreSQL, the production worker entry point (`relaypost worker`, its own process, loading a prebuilt workflow bundle), ' +
      'and the SDK. Only the platform is fake: the Bluesky fake from `@relaypost/platforms/testing`, a real HTTP server on loopback ' +
      'that validates every record, so each publish is a real HTTP round trip.',
  );
  out.push('');
  out.push('## Summary');
  out.push('');
  out.push('| Benchmark | Result | Target | |');
  out.push('| --- | --- | --- | --- |');
  for (const row of rows)
    out.push(`| ${row.name} | ${row.result} | ${row.target} | ${VERDICT[row.verdict]} |`);
  out.push('');

  out.push('## Machine');
  out.push('');
  out.push('| | |');
  out.push('| --- | --- |');
  out.push(`| Date | ${r.startedAt} (the whole run took ${ms(r.durationMs)}) |`);
  out.push(`| CPU | ${m.cpu}, ${m.cores} cores |`);
  out.push(`| RAM | ${(m.ramBytes / 2 ** 30).toFixed(1)} GiB |`);
  out.push(`| OS | ${m.os} |`);
  out.push(`| Node.js | ${m.node} |`);
  out.push(
    `| PostgreSQL | ${r.versions.postgres}${r.versions.embeddedPostgres ? ' (embedded)' : ' (`DATABASE_URL`)'} |`,
  );
  out.push(`| Temporal | ${r.versions.temporalCli}; TypeScript SDK ${r.versions.temporalSdk} |`);
  out.push(`| RelayPost | commit ${m.commit} |`);
  out.push(
    `| Worker config | \`PUBLISH_CONCURRENCY\`=${r.workerConfig.publishConcurrency}${r.workerConfig.publishConcurrencyDefault ? ' (the default)' : ' (set with --publish-concurrency)'}, \`PUBLISH_LEAD_SECONDS\`=${r.workerConfig.publishLeadSeconds}, \`WORKER_MAX_CACHED_WORKFLOWS\`=${int(r.workerConfig.maxCachedWorkflows)} (defaults); process settings as in the container image: ${envList(r.workerConfig.runtimeEnv ?? {})}${
      r.workerConfig.extraEnv
        ? `; set with --worker-env (over the above): ${envList(r.workerConfig.extraEnv)}`
        : ''
    } |`,
  );
  out.push(
    `| Machine load | CPU ${num(r.load.busyBefore * 100, 0)}% busy before the run started, ${num(r.load.busyAfter * 100, 0)}% after it ended; load average ${r.load.loadBefore.map((x) => x.toFixed(2)).join(' / ')} before, ${r.load.loadAfter.map((x) => x.toFixed(2)).join(' / ')} after (1 / 5 / 15 min) |`,
  );
  out.push('');
  out.push(
    `> Load: ${num(r.load.busyBefore * 100, 0)}% of the CPU was busy in a 5-second sample just before the run and ` +
      `${num(r.load.busyAfter * 100, 0)}% just after it; the 1-minute load average was ${num(r.load.loadBefore[0] ?? Number.NaN, 2)} ` +
      `before and ${num(r.load.loadAfter[0] ?? Number.NaN, 2)} after, on ${m.cores} cores (load averages lag by minutes and ` +
      'count whatever ran shortly before). Temporal, Postgres, the worker, the fake platform and the load generator all ' +
      'share these cores, with each other and with any other jobs on the machine: on a shared machine the numbers are ' +
      'noisy and pessimistic.',
  );
  out.push('');

  out.push('## 1. Publish lateness');
  out.push('');
  out.push(
    'N posts to one Bluesky account, all scheduled for the same whole second, created ahead of time through the SDK. ' +
      'Lateness is the time from that instant to the fake PDS receiving the `createRecord` request for each post ' +
      '(its receive time, taken on the same clock). Before the instant (`PUBLISH_LEAD_SECONDS` ahead) each ' +
      "workflow's timer fires and its publish activity starts on the platform task queue, reads the post, account " +
      'and credentials, has the adapter prepare the request, and waits in the worker. `PUBLISH_CLAIM_LEAD_MS` ' +
      "before the instant every waiting publish claims its post in Postgres (the second's claims share one " +
      'statement); at the instant the requests go out, as many at a time as `PUBLISH_CONCURRENCY` allows.',
  );
  out.push('');
  const x = r.lateness;
  if (x) {
    out.push('| Posts | p50 | p90 | p99 | max | mean | Last workflow done | Worker CPU during the burst |');
    out.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    out.push(
      `| ${int(x.posts)} | ${ms(x.lateness.p50)} | ${ms(x.lateness.p90)} | ${ms(x.lateness.p99)} | ${ms(x.lateness.max)} | ${ms(x.lateness.mean)} | ${ms(x.lastClosedMs)} after the instant | ${num(x.workerCpuSeconds)} s |`,
    );
    out.push('');
    out.push(
      `All ${int(x.posts)} were waiting on their timers ${ms(x.readyBeforeMs)} before the instant ` +
        `(creating them took ${ms(x.createMs)}). ${int(x.published)} ended \`published\`; the fake holds ` +
        `${int(x.platformRecords)} records for them (exactly once). The requests arrived at ${num(x.drainPerSecond)} per second.`,
    );
    out.push('');
    out.push(
      'Where the time goes: for each post, the time from the instant to each step its history records ' +
        "(`occurred_at`, stamped by the worker's activities) and to the fake receiving the request.",
    );
    out.push('');
    out.push('| Step | p50 | p99 | min | max |');
    out.push('| --- | ---: | ---: | ---: | ---: |');
    for (const [step, v] of Object.entries(x.stages)) {
      out.push(`| ${step} | ${ms(v.p50)} | ${ms(v.p99)} | ${ms(v.min)} | ${ms(v.max)} |`);
    }
    const a = x.publishActivity;
    if (a) {
      out.push('');
      out.push(
        "The publish activity as the Temporal server recorded it (each workflow's history): when it was scheduled, " +
          "how long it waited in the platform's task queue for a worker slot, and how long it ran.",
      );
      out.push('');
      out.push('| Publish activity | p50 | p99 | min | max | mean |');
      out.push('| --- | ---: | ---: | ---: | ---: | ---: |');
      out.push(
        `| scheduled (after the instant) | ${ms(a.scheduled.p50)} | ${ms(a.scheduled.p99)} | ${ms(a.scheduled.min)} | ${ms(a.scheduled.max)} | ${ms(a.scheduled.mean)} |`,
      );
      out.push(
        `| waited in the task queue | ${ms(a.queued.p50)} | ${ms(a.queued.p99)} | ${ms(a.queued.min)} | ${ms(a.queued.max)} | ${ms(a.queued.mean)} |`,
      );
      out.push(
        `| ran | ${ms(a.ran.p50)} | ${ms(a.ran.p99)} | ${ms(a.ran.min)} | ${ms(a.ran.max)} | ${ms(a.ran.mean)} |`,
      );
    }
  } else out.push(`Failed: ${r.errors.lateness ?? 'not run'}`);
  out.push('');

  out.push('## 2. Throughput');
  out.push('');
  out.push(
    '**End to end.** N posts created through `posts.create` (no publish time: publish now) by C callers at once, ' +
      'timed from the first call to the last workflow closing (close times from Temporal). Beside it, on the same server in the ' +
      'same run, N trivial workflows (`bench/trivial/workflows.mjs`: one no-op activity) started by C callers with ' +
      '`client.workflow.start`, run by a worker process with default options, once before the posts and once after: ' +
      'the dev server keeps every workflow in memory and slows as they pile up, so one round would favour whichever ' +
      'side ran first; for the same reason this benchmark runs before the bursts of benchmarks 1 and 2b. The trivial ' +
      'rate (the mean of both rounds) is the floor this Temporal server and machine set; the ratio is the share of ' +
      'it RelayPost keeps.',
  );
  out.push('');
  const t = r.throughput;
  if (t) {
    out.push(
      '| Run | N | Callers | Elapsed | Rate | Completed | Worker CPU per workflow | History per workflow |',
    );
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    const shape = (/** @type {import('../scenarios/throughput.mjs').Shape} */ h) =>
      `${h.events} events: ${h.workflowTasks} workflow tasks, ${h.activities} activities`;
    out.push(
      `| RelayPost posts | ${int(t.relaypost.count)} | ${t.concurrency} | ${ms(t.relaypost.elapsedMs)} | ${num(t.relaypost.perSecond)}/s | ${int(t.relaypost.published)} published, ${int(t.relaypost.platformRecords)} on the platform | ${ms((t.relaypost.workerCpuSeconds * 1000) / t.relaypost.count)} | ${shape(t.relaypost.shape)} |`,
    );
    const rounds = t.trivialRounds
      ? [
          { label: 'Trivial workflow, before', round: t.trivialRounds[0] },
          { label: 'Trivial workflow, after', round: t.trivialRounds[1] },
        ]
      : [{ label: 'Trivial workflow', round: t.trivial }];
    for (const { label, round } of rounds) {
      out.push(
        `| ${label} | ${int(round.count)} | ${t.concurrency} | ${ms(round.elapsedMs)} | ${num(round.perSecond)}/s | ${int(round.completed)} | ${ms((round.workerCpuSeconds * 1000) / round.count)} | ${shape(round.shape)} |`,
      );
    }
    out.push('');
    out.push(
      `Ratio ${num(t.ratio, 2)}${t.trivialRounds ? ` (to the trivial rounds' mean rate, ${num(t.trivial.perSecond)}/s)` : ''}. Worker CPU is user + system time of the worker process over the run (from \`/proc\`); ` +
        "the history is one workflow's, from Temporal.",
    );
  } else out.push(`Failed: ${r.errors.throughput ?? 'not run'}`);
  out.push('');
  out.push(
    '**Burst.** The drain rate of benchmark 1 (N posts whose timers fire in the same second, until the last workflow ' +
      'is done) beside N trivial workflows that wait on a timer for one instant and then run their activity.',
  );
  out.push('');
  if (r.lateness && r.trivialBurst) {
    const rate = r.lateness.posts / (r.lateness.lastClosedMs / 1000);
    out.push('| Run | N | Instant → last done | Rate |');
    out.push('| --- | ---: | ---: | ---: |');
    out.push(
      `| RelayPost posts | ${int(r.lateness.posts)} | ${ms(r.lateness.lastClosedMs)} | ${num(rate)}/s |`,
    );
    out.push(
      `| Trivial workflow | ${int(r.trivialBurst.count)} | ${ms(r.trivialBurst.lastClosedMs)} | ${num(r.trivialBurst.perSecond)}/s |`,
    );
    out.push('');
    out.push(`Ratio ${num(rate / r.trivialBurst.perSecond, 2)}.`);
  } else out.push(`Failed: ${r.errors.trivialBurst ?? r.errors.lateness ?? 'not run'}`);
  out.push('');

  out.push('## 3. Scale of waiting');
  out.push('');
  out.push(
    'A fresh worker process, then N posts that wait a week: every other one also waits for approval (no Telegram bot, ' +
      'so the request is recorded and the workflow waits for a decision). They are created in tenths; after each tenth ' +
      "has reached its wait (status `scheduled` or `awaiting_approval` in Postgres), the worker process's RSS " +
      '(`VmRSS`) and the size of every table in the schema (`pg_total_relation_size`, with indexes and TOAST). ' +
      'The first row is before the first post of this run; the schema then already holds the posts of the benchmarks before.',
  );
  out.push('');
  const w = r.waiting;
  if (w) {
    out.push('| Waiting posts | Worker RSS | Schema size |');
    out.push('| ---: | ---: | ---: |');
    for (const c of w.checkpoints) out.push(`| ${int(c.waiting)} | ${mb(c.rss)} | ${mb(c.schemaBytes)} |`);
    out.push('');
    const growth = secondHalfGrowth(w);
    out.push(
      `After a quiet pause: RSS ${mb(w.settledRss)}; high-water mark ${mb(w.peakRss)}. Over the second half RSS grew ` +
        `${num(growth.share * 100)}% (${mb(growth.perThousand)} per 1,000 posts). A freshly started worker, before any work: ${mb(r.workerStartupRss)}` +
        (r.throughput
          ? ` (a Temporal worker process with only the trivial workflow and activity, also from a prebuilt bundle: ${mb(r.throughput.trivial.idleRss)} idle, ${mb(r.throughput.trivial.peakRss)} at its peak). `
          : '. ') +
        `Posts were created at ${num(w.createsPerSecond)} per second (16 callers).`,
    );
    out.push('');
    out.push('| Table | Rows before | Rows after | Size before | Size after |');
    out.push('| --- | ---: | ---: | ---: | ---: |');
    for (const name of Object.keys(w.tables.after)) {
      out.push(
        `| ${name} | ${int(w.tables.rowsBefore[name] ?? 0)} | ${int(w.tables.rowsAfter[name] ?? 0)} | ${mb(w.tables.before[name] ?? 0)} | ${mb(w.tables.after[name] ?? 0)} |`,
      );
    }
    out.push('');
  } else out.push(`Failed: ${r.errors.waiting ?? 'not run'}`);
  out.push('');

  out.push('## 4. SDK call latency');
  out.push('');
  out.push(
    '`posts.create` called one at a time from the host-app side (this process): zod validation, validation against ' +
      "the target platform's rules, the account lookup, the insert with its target and history rows, and the " +
      'workflow start (a gRPC call to Temporal). The posts are scheduled a week out. A refused create (text too long ' +
      'for Bluesky) stops before Postgres and Temporal.',
  );
  out.push('');
  const s = r.sdk;
  if (s) {
    out.push('| Call | N | p50 | p90 | p99 | max | mean |');
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    out.push(
      `| posts.create (accepted) | ${int(s.latency.count)} | ${ms(s.latency.p50)} | ${ms(s.latency.p90)} | ${ms(s.latency.p99)} | ${ms(s.latency.max)} | ${ms(s.latency.mean)} |`,
    );
    out.push(
      `| posts.create (refused by validation) | ${int(s.rejectedMs.count)} | ${ms(s.rejectedMs.p50)} | ${ms(s.rejectedMs.p90)} | ${ms(s.rejectedMs.p99)} | ${ms(s.rejectedMs.max)} | ${ms(s.rejectedMs.mean)} |`,
    );
  } else out.push(`Failed: ${r.errors.sdk ?? 'not run'}`);
  out.push('');

  const limits = limitNotes(r);
  if (limits.length) {
    out.push('## What limits these numbers');
    out.push('');
    out.push('Computed from the measurements above (they change with every run):');
    out.push('');
    for (const note of limits) out.push(`- ${note}`);
    out.push('');
  }

  out.push('## Reproduce');
  out.push('');
  out.push('```sh');
  out.push('npm run build            # the benchmarks import the built packages');
  out.push('npm run bench            # node bench/run.mjs: about 10–20 minutes on 2 cores');
  out.push('node bench/run.mjs --quick   # ~10x smaller counts, a smoke run of a few minutes');
  out.push('```');
  out.push('');
  out.push(
    'Postgres comes from `DATABASE_URL` (a schema of its own, dropped at the end) or, when unset, an embedded ' +
      'Postgres. The Temporal CLI is found as in dev mode (`TEMPORAL_CLI_PATH`, `PATH`, or a pip install). ' +
      'Options: `--quick`; `--out <file>` writes the report elsewhere; `--json <file>` also writes the raw results; ' +
      "`--publish-concurrency <n>` sets the worker's `PUBLISH_CONCURRENCY`; `--worker-env NAME=VALUE` (repeatable) " +
      "adds to every worker's environment, after the defaults. Everything runs on one machine, so the " +
      'load generator, the fake platform, Temporal and Postgres all take CPU from the worker: on a shared or small ' +
      'machine the numbers say as much about the machine as about RelayPost.',
  );
  out.push('');
  if (Object.keys(r.errors).length) {
    out.push('## Errors');
    out.push('');
    for (const [id, message] of Object.entries(r.errors)) out.push(`- ${id}: ${message}`);
    out.push('');
  }
  return alignTables(out.join('\n'))
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd();
}

/**
 * Pads every Markdown table's cells to its column widths, as the repository's formatter (Biome)
 * lays tables out, so the generated file passes \`biome check\` untouched.
 *
 * @param {string} text
 * @returns {string}
 */
export function alignTables(text) {
  const lines = text.split('\n');
  /** @type {string[]} */
  const out = [];
  for (let i = 0; i < lines.length; ) {
    if (!lines[i]?.startsWith('|')) {
      out.push(/** @type {string} */ (lines[i]));
      i++;
      continue;
    }
    /** @type {string[][]} */
    const rows = [];
    while (lines[i]?.startsWith('|')) {
      rows.push(
        /** @type {string} */ (lines[i])
          .slice(1, -1)
          .split('|')
          .map((cell) => cell.trim()),
      );
      i++;
    }
    const right = (rows[1] ?? []).map((cell) => cell.endsWith(':'));
    const widths = (rows[0] ?? []).map((_, c) =>
      Math.max(3, ...rows.filter((_, r) => r !== 1).map((row) => [...(row[c] ?? '')].length)),
    );
    rows.forEach((row, r) => {
      const cells = widths.map((width, c) => {
        if (r === 1) return right[c] ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width);
        const cell = row[c] ?? '';
        const pad = ' '.repeat(width - [...cell].length);
        return right[c] ? pad + cell : cell + pad;
      });
      out.push(`| ${cells.join(' | ')} |`);
    });
  }
  return out.join('\n');
}

/**
 * Observations that follow from the numbers of this run.
 *
 * @param {BenchResults} r
 * @returns {string[]}
 */
function limitNotes(r) {
  /** @param {import('./stats.mjs').Summary} c */
  const claimedWhen = (c) =>
    c.max < 0 ? `${ms(-c.max)} to ${ms(-c.min)} before it` : `by ${ms(c.p50)} after it (p99 ${ms(c.p99)})`;
  /** @type {string[]} */
  const notes = [];
  const x = r.lateness;
  if (x && r.trivialBurst && r.trivialBurst.lastClosedMs > TARGETS.latenessP99Ms) {
    notes.push(
      `**Why ahead of time.** ${int(r.trivialBurst.count)} trivial one-activity workflows whose timers fire in the same ` +
        `second took ${ms(r.trivialBurst.lastClosedMs)} to finish on this server and machine: work that starts at the ` +
        `instant cannot be done for ${int(x.posts)} posts within ${ms(TARGETS.latenessP99Ms)} here. That is why the ` +
        "workflow task, the activity start, the reads and the adapter's preparing happen `PUBLISH_LEAD_SECONDS` before " +
        'the second, the claim `PUBLISH_CLAIM_LEAD_MS` before it, and only the requests are left for the second itself.',
    );
  }
  const claimed = x?.stages['status → publishing'];
  const sent = x?.stages['platform received createRecord'];
  if (x && claimed && sent) {
    const busy = x.workerCpuSeconds / (x.lastClosedMs / 1000);
    const a = x.publishActivity;
    notes.push(
      `**Lateness.** Every post's publish activity was ${a ? `scheduled ${ms(-a.scheduled.p50)} (p50) before the instant and ` : ''}` +
        `waiting in the worker when the instant came. The posts were claimed in Postgres ${claimedWhen(claimed)}, ` +
        `and half the requests reached the platform by ${ms(sent.p50)} after the instant (p99 ${ms(sent.p99)}, the first ${ms(sent.min)}), ` +
        `with \`PUBLISH_CONCURRENCY\` = ${r.workerConfig.publishConcurrency} platform calls in flight at a time: the ` +
        `requests arrived at ${num(x.drainPerSecond)} per second, the rate at which the worker's HTTP client and the ` +
        'fake platform, on the same cores, handle them, and what the p99 comes down to. ' +
        `From the instant until the last workflow closed the worker process used ${num(x.workerCpuSeconds)} CPU seconds, ` +
        `${num(busy * 100, 0)}% of one core on average (${ms((x.workerCpuSeconds * 1000) / x.posts)} per post), on ` +
        `${r.machine.cores} cores shared with Temporal, Postgres, the fake platform, the load generator and any other jobs.`,
    );
  }
  const t = r.throughput;
  if (t) {
    const cpuRatio =
      t.relaypost.workerCpuSeconds / t.relaypost.count / (t.trivial.workerCpuSeconds / t.trivial.count);
    notes.push(
      `**Throughput.** A post's workflow runs ${t.relaypost.shape.activities} activity through a task queue and ` +
        `${t.relaypost.shape.workflowTasks} workflow tasks (${t.relaypost.shape.events} history events; its store ` +
        'writes are local activities inside those tasks), the trivial workflow ' +
        `${t.trivial.shape.activities} and ${t.trivial.shape.workflowTasks} (${t.trivial.shape.events}); the worker ` +
        `spent ${num(cpuRatio)}× the CPU per workflow, most of the difference in Postgres round trips (the post, its ` +
        'account and credentials read; the claim, the result and the history events written).',
    );
  }
  const w = r.waiting;
  const cache = w ? cacheCost(w, r.workerConfig.maxCachedWorkflows) : null;
  if (w && cache) {
    const size = r.workerConfig.maxCachedWorkflows;
    const half = w.checkpoints.filter((c) => c.waiting >= w.posts / 2);
    const low = Math.min(...half.map((c) => c.rss));
    const high = Math.max(...half.map((c) => c.rss));
    notes.push(
      `**Memory.** Up to ${int(cache.upTo)} waiting posts RSS grew by about ${num(cache.bytesPerWorkflow / 1024, 0)} KiB ` +
        `per post; from ${int(w.posts / 2)} to ${int(w.posts)} it stayed between ${mb(low)} and ${mb(high)}. ` +
        `The worker keeps at most ${int(size)} workflows cached (\`WORKER_MAX_CACHED_WORKFLOWS\`); a waiting post that ` +
        'is not cached holds no memory in the worker until its timer fires (then its history is replayed). The ' +
        "process settings above bound V8's young generation and glibc's arenas, which otherwise keep hundreds of MB " +
        'resident (docs/deploying.md, "Process settings").',
    );
  }
  return notes;
}

/**
 * `NAME=value` pairs as inline code, comma-separated.
 *
 * @param {Record<string, string>} env
 */
function envList(env) {
  return Object.entries(env)
    .map(([name, value]) => `\`${name}=${value}\``)
    .join(', ');
}
