import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '@relaypost/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWorkflowBundle } from '../src/bundle.js';
import { DevkitMissingError, loadDevkit } from '../src/dev/devkit.js';
import { assertDevPortsFree, devPortsFromEnv } from '../src/dev/ports.js';
import { claimStateDir } from '../src/dev/state-lock.js';
import { type DevProcess, startDevProcess } from './support/dev-process.js';

const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

describe('dev mode ports', () => {
  it('has the documented defaults, and every port moves with its variable', () => {
    expect(devPortsFromEnv({})).toEqual({
      temporal: 7233,
      temporalUi: 8233,
      worker: 8787,
      postgres: 54329,
      admin: 3000,
    });
    expect(
      devPortsFromEnv({
        TEMPORAL_PORT: '7333',
        TEMPORAL_UI_PORT: '8333',
        WORKER_PORT: '8887',
        POSTGRES_PORT: '54429',
        ADMIN_PORT: '3100',
      }),
    ).toEqual({ temporal: 7333, temporalUi: 8333, worker: 8887, postgres: 54429, admin: 3100 });
  });

  it('reports every bad value and every port given twice, naming the variables', () => {
    expect(() =>
      devPortsFromEnv({ TEMPORAL_PORT: 'seventy', POSTGRES_PORT: '70000', ADMIN_PORT: '8787' }),
    ).toThrow(
      /TEMPORAL_PORT: must be a port number[\s\S]*POSTGRES_PORT: must be a port number[\s\S]*WORKER_PORT and ADMIN_PORT: both are 8787/,
    );
  });

  it('fails before starting anything when a port is taken, naming the variable that moves it', async () => {
    const port = await findFreePort();
    const taken = await listen(port);
    try {
      const ports = { ...devPortsFromEnv({}), worker: port };
      await expect(
        assertDevPortsFree(ports, ['temporal', 'temporalUi', 'postgres', 'admin']),
      ).rejects.toThrow(`ports in use on 127.0.0.1: ${port} (WORKER_PORT)`);
    } finally {
      taken.close();
    }
  });
});

describe('dev mode state folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaypost-state-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses a folder another running stack holds, and takes over one whose stack is gone', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      await writeFile(join(dir, 'dev.pid'), String(other.pid));
      await expect(claimStateDir(dir)).rejects.toThrow(/in use by another dev stack .*RELAYPOST_STATE_DIR/);
    } finally {
      other.kill();
      await new Promise((resolve) => other.once('exit', resolve));
    }
    const release = await claimStateDir(dir);
    await release();
  });
});

describe('dev mode without the devkit', () => {
  it('says to install @relaypost/devkit', async () => {
    const notInstalled = Object.assign(new Error("Cannot find package '@relaypost/devkit' imported from x"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const error = await loadDevkit(() => Promise.reject(notInstalled)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DevkitMissingError);
    expect((error as Error).message).toContain('npm install --save-dev @relaypost/devkit');
  });

  it('is not a production dependency of the worker', async () => {
    const manifest = (await import('../package.json', { with: { type: 'json' } })).default as {
      dependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    expect(Object.keys(manifest.dependencies)).not.toContain('@relaypost/devkit');
    expect(manifest.peerDependenciesMeta['@relaypost/devkit']?.optional).toBe(true);
  });
});

/** Five free ports and a state folder: one stack's documented variables. */
async function stackEnv(bundle: string): Promise<Record<string, string>> {
  const stateDir = await mkdtemp(join(tmpdir(), 'relaypost-dev-'));
  // Open to the postgres user when we are root, so its data stays in this folder.
  await chmod(stateDir, 0o755);
  return {
    RELAYPOST_STATE_DIR: stateDir,
    RELAYPOST_SANDBOX: '1',
    LOG_LEVEL: 'warn',
    WORKFLOW_BUNDLE_PATH: bundle,
    TEMPORAL_PORT: String(await findFreePort()),
    TEMPORAL_UI_PORT: String(await findFreePort()),
    WORKER_PORT: String(await findFreePort()),
    POSTGRES_PORT: String(await findFreePort()),
    ADMIN_PORT: String(await findFreePort()),
    ...(process.env.TEMPORAL_CLI_PATH ? { TEMPORAL_CLI_PATH: process.env.TEMPORAL_CLI_PATH } : {}),
  };
}

describe('two dev stacks side by side', () => {
  let bundleDir: string;
  const stacks: Array<{ env: Record<string, string>; dev: DevProcess }> = [];

  beforeAll(async () => {
    bundleDir = await mkdtemp(join(tmpdir(), 'relaypost-bundle-'));
    const bundle = await writeWorkflowBundle(join(bundleDir, 'workflow-bundle.js'));
    for (let i = 0; i < 2; i++) {
      const env = await stackEnv(bundle);
      stacks.push({ env, dev: startDevProcess(env) });
    }
    await Promise.all(stacks.map((s) => s.dev.running));
  }, 240_000);

  afterAll(async () => {
    for (const { dev } of stacks) await dev.stop();
    for (const { env } of stacks) await rm(env.RELAYPOST_STATE_DIR ?? '', { recursive: true, force: true });
    await rm(bundleDir, { recursive: true, force: true });
  }, 120_000);

  it('serves each stack on the ports its variables name: worker, admin app, Temporal UI, Postgres', async () => {
    for (const { env, dev } of stacks) {
      const output = dev.output();
      expect(output).toContain(`admin app    http://127.0.0.1:${env.ADMIN_PORT}`);
      expect(output).toContain(`Temporal     127.0.0.1:${env.TEMPORAL_PORT}`);
      expect(output).toContain(`Postgres     postgres://127.0.0.1:${env.POSTGRES_PORT}/postgres`);
      expect((await fetch(`http://127.0.0.1:${env.WORKER_PORT}/readyz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${env.ADMIN_PORT}/`)).status).toBeLessThan(500);
      expect((await fetch(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}/`)).status).toBe(200);
    }
  });

  it('refuses a third stack on the same ports at once, naming the variables', async () => {
    const [first] = stacks;
    const third = startDevProcess({
      ...first!.env,
      RELAYPOST_STATE_DIR: join(first!.env.RELAYPOST_STATE_DIR!, 'x'),
    });
    expect(await third.exited).toBe(1);
    expect(third.output()).toMatch(/ports in use on 127\.0\.0\.1: \d+ \(TEMPORAL_PORT\)/);
    expect(third.output()).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('stops each stack cleanly on Ctrl-C, which reaches every process of the stack', async () => {
    for (const { env, dev } of stacks) {
      expect(await dev.stop(), dev.output()).toBe(0);
      expect(dev.output()).not.toMatch(/Unhandled 'error' event|terminating connection/);
      expect(existsSync(join(env.RELAYPOST_STATE_DIR ?? '', 'dev.pid'))).toBe(false);
    }
  }, 90_000);
});
