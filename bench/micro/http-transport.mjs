#!/usr/bin/env node
// CPU per platform request of an HTTP transport: createRecord calls to the Bluesky fake on
// loopback, many in flight, raw and through ky (as the adapters send), each transport in a fresh
// process of its own, alternating over several rounds so that the machine's mood is shared.
//   node bench/micro/http-transport.mjs [--rounds 6] [--requests 1000] [--in-flight 64] [--warmup 300]
//                                       [--transport default|global|undici-fetch|undici-request|NAME=path.mjs ...] [--json out.json]
// default: createNodeFetch (RelayPost's transport); global: the global fetch; undici-fetch: undici's
// fetch on a keep-alive Agent; undici-request: undici.request behind the same fetch contract
// (./undici-request.mjs); NAME=path.mjs: `createNodeFetch` from a module of your own.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { summarize } from '../lib/stats.mjs';

const self = fileURLToPath(import.meta.url);
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '6' },
    requests: { type: 'string', default: '1000' },
    'in-flight': { type: 'string', default: '64' },
    warmup: { type: 'string', default: '300' },
    transport: { type: 'string', multiple: true },
    json: { type: 'string' },
    // Internal: the child process that measures one transport.
    child: { type: 'string' },
    fake: { type: 'boolean', default: false },
    url: { type: 'string' },
  },
});

const MODES = /** @type {const} */ (['raw', 'ky']);

/**
 * @typedef {object} Measurement
 * @property {number} cpuMsPerRequest user + system CPU of the client process, per request
 * @property {number} requestsPerSecond wall-clock rate
 */

if (args.fake) await serveFake();
else if (args.child) await measureChild(args.child);
else await main();

/** The parent: starts the fake, runs every transport in every round, prints the table. */
async function main() {
  const rounds = positive('rounds');
  const transports = args.transport?.length
    ? args.transport
    : ['default', 'undici-request', 'undici-fetch', 'global'];
  const fake = await startFake();
  /** @type {Record<string, Record<string, Measurement[]>>} */
  const results = {};
  const loadBefore = os.loadavg();
  try {
    for (let round = 0; round < rounds; round++) {
      // Each round starts with the next transport, so none always runs first.
      const order = transports.map((_, i) => transports[(i + round) % transports.length] ?? '');
      for (const transport of order) {
        const measured = await runChild(transport, fake.url);
        const byMode = results[transport] ?? {};
        results[transport] = byMode;
        for (const mode of MODES) byMode[mode] = [...(byMode[mode] ?? []), measured[mode]];
        console.error(
          `round ${round + 1}/${rounds} ${transport}: ${MODES.map((m) => `${m} ${measured[m].cpuMsPerRequest.toFixed(3)} ms`).join(', ')}`,
        );
      }
    }
  } finally {
    fake.stop();
  }
  const loadAfter = os.loadavg();
  console.log(
    `\n${positive('requests')} createRecord requests per run, ${positive('in-flight')} in flight, ${rounds} rounds; Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; load ${loadBefore.map((x) => x.toFixed(2)).join('/')} before, ${loadAfter.map((x) => x.toFixed(2)).join('/')} after\n`,
  );
  console.log('| transport | mode | CPU per request, median (min–max) | requests/s, median |');
  console.log('| --- | --- | --- | --- |');
  for (const transport of transports) {
    for (const mode of MODES) {
      const runs = results[transport]?.[mode] ?? [];
      const cpu = summarize(runs.map((r) => r.cpuMsPerRequest));
      const rate = summarize(runs.map((r) => r.requestsPerSecond));
      console.log(
        `| ${transport} | ${mode} | ${cpu.p50.toFixed(3)} ms (${cpu.min.toFixed(3)}–${cpu.max.toFixed(3)}) | ${Math.round(rate.p50)} |`,
      );
    }
  }
  if (args.json) await writeFile(args.json, JSON.stringify({ loadBefore, loadAfter, results }, null, 2));
}

/**
 * @param {'rounds' | 'requests' | 'in-flight' | 'warmup'} name
 * @returns {number}
 */
function positive(name) {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

/**
 * The fake in a process of its own, so that its CPU is not the client's.
 *
 * @returns {Promise<{ url: string, stop: () => void }>}
 */
function startFake() {
  const child = spawn(process.execPath, [self, '--fake'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveStart, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the fake exited (${code})`)));
    child.stdout.once('data', (chunk) => {
      resolveStart({ url: String(chunk).trim(), stop: () => child.kill() });
    });
  });
}

async function serveFake() {
  const { createBlueskyFake } = await import('@relaypost/platforms/testing');
  const fake = await createBlueskyFake();
  process.stdout.write(`${fake.adapterOptions().service}\n`);
}

/**
 * @param {string} transport
 * @param {string} url
 * @returns {Promise<Record<(typeof MODES)[number], Measurement>>}
 */
function runChild(transport, url) {
  const child = spawn(
    process.execPath,
    [
      self,
      '--child',
      transport,
      '--url',
      url,
      '--requests',
      String(positive('requests')),
      '--in-flight',
      String(positive('in-flight')),
      '--warmup',
      String(positive('warmup')),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  return new Promise((resolveRun, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolveRun(JSON.parse(out));
      else reject(new Error(`${transport}: the measuring process exited (${code})`));
    });
  });
}

/**
 * @param {string} name
 * @returns {Promise<typeof globalThis.fetch>}
 */
async function transportNamed(name) {
  if (name === 'default') return (await import('@relaypost/platforms')).createNodeFetch();
  if (name === 'global') return globalThis.fetch;
  if (name === 'undici-fetch') {
    // undici's own fetch on a keep-alive Agent; ky hands over the global Request class, which
    // undici's fetch does not take as such.
    const undici = await import('undici');
    const dispatcher = new undici.Agent({ keepAliveTimeout: 4_000 });
    return /** @type {typeof globalThis.fetch} */ (
      /** @type {unknown} */ (
        async (/** @type {Request | string | URL} */ input, /** @type {RequestInit | undefined} */ init) => {
          const request = input instanceof Request ? input : new Request(input, init);
          return undici.fetch(request.url, {
            method: request.method,
            headers: [...request.headers],
            body: request.body === null ? null : await request.arrayBuffer(),
            signal: request.signal,
            redirect: request.redirect,
            dispatcher,
          });
        }
      )
    );
  }
  if (name === 'undici-request') return (await import('./undici-request.mjs')).createNodeFetch();
  const [label, path] = name.split('=');
  if (!label || !path) throw new Error(`unknown transport ${name}`);
  const module = await import(pathToFileURL(resolve(path)).href);
  return module.createNodeFetch();
}

/**
 * The child: one transport, a warm-up, then the measured runs.
 *
 * @param {string} name
 */
async function measureChild(name) {
  const url = args.url ?? '';
  const requests = positive('requests');
  const inFlight = positive('in-flight');
  const fetch = await transportNamed(name);
  const { createHttp } = await import('@relaypost/platforms');
  const http = createHttp({ fetch });

  const login = await fetch(`${url}/xrpc/com.atproto.server.createSession`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier: 'alice.test', password: 'app-pass-word-1234' }),
  });
  const session = /** @type {{ did: string, accessJwt: string }} */ (await login.json());
  const headers = { authorization: `Bearer ${session.accessJwt}` };
  const createRecord = `${url}/xrpc/com.atproto.repo.createRecord`;
  let n = 0;
  const body = () => ({
    repo: session.did,
    collection: 'app.bsky.feed.post',
    record: { $type: 'app.bsky.feed.post', text: `post ${n++}`, createdAt: new Date().toISOString() },
  });
  /** @type {Record<(typeof MODES)[number], () => Promise<unknown>>} */
  const calls = {
    raw: async () => {
      const response = await fetch(createRecord, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body()),
      });
      return response.json();
    },
    ky: () => http.post(createRecord, { headers, json: body() }).json(),
  };

  /** @type {Record<string, Measurement>} */
  const measured = {};
  for (const mode of MODES) {
    await many(calls[mode], positive('warmup'), inFlight);
    const cpu = process.cpuUsage();
    const start = performance.now();
    await many(calls[mode], requests, inFlight);
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    measured[mode] = {
      cpuMsPerRequest: (used.user + used.system) / 1000 / requests,
      requestsPerSecond: requests / (wallMs / 1000),
    };
  }
  process.stdout.write(JSON.stringify(measured));
  process.exit(0);
}

/**
 * Runs `call` `count` times with `inFlight` at a time; every answer must be a created record.
 *
 * @param {() => Promise<unknown>} call
 * @param {number} count
 * @param {number} inFlight
 */
async function many(call, count, inFlight) {
  let started = 0;
  const lane = async () => {
    while (started < count) {
      started++;
      const answer = /** @type {{ uri?: unknown }} */ (await call());
      if (typeof answer.uri !== 'string') throw new Error(`not a created record: ${JSON.stringify(answer)}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}
