import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { onExit } from 'signal-exit';
import { initdbPath, type PostgresBinaries, postgresPath } from './binaries.js';
import type { ServerUser } from './server-user.js';

/** Keeps the last log lines for error messages and forwards every line. */
export class LogTail {
  readonly #lines: string[] = [];
  constructor(
    private readonly size: number,
    private readonly onLine?: (line: string) => void,
  ) {}

  push(text: string): void {
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      this.#lines.push(line);
      if (this.#lines.length > this.size) this.#lines.shift();
      this.onLine?.(line);
    }
  }

  toString(): string {
    return this.#lines.join('\n');
  }
}

interface RunAs {
  binaries: PostgresBinaries;
  user: ServerUser | null;
  log: LogTail;
}

const asUser = (user: ServerUser | null) => (user ? { uid: user.uid, gid: user.gid } : {});
// English log lines whatever the machine's locale: readiness is read from them.
const ENV = { ...process.env, LC_MESSAGES: 'C' };

/**
 * Creates a cluster in the (empty) `dataDir` with a password-protected superuser. The password
 * goes through a file only the server user can read, next to the data folder, removed after.
 */
export async function initCluster(
  run: RunAs & { dataDir: string; superuser: string; password: string },
): Promise<void> {
  const pwfile = join(dirname(run.dataDir), `.relaypost-pw-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${run.password}\n`, { mode: 0o600 });
  try {
    if (run.user) await chown(pwfile, run.user.uid, run.user.gid);
    const child = spawn(
      initdbPath(run.binaries),
      [
        `--pgdata=${run.dataDir}`,
        '--auth=scram-sha-256',
        `--username=${run.superuser}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        // The C.UTF-8 of Postgres itself: the same sorting and case rules on every machine.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
        '--no-instructions',
      ],
      { ...asUser(run.user), cwd: dirname(run.dataDir), env: ENV, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (chunk: Buffer) => run.log.push(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => run.log.push(chunk.toString('utf8')));
    const code = await exitCode(child);
    if (code !== 0) throw new Error(`initdb exited with code ${code}`);
  } finally {
    await rm(pwfile, { force: true });
  }
}

/** A started postmaster; `stop()` asks for a fast shutdown and waits for it. */
export interface ServerProcess {
  stop(): Promise<void>;
}

/**
 * Starts the postmaster on 127.0.0.1:`port` (no unix socket, so no clash with a system server's)
 * and resolves once it accepts connections. It is stopped when this process exits.
 */
export async function startServer(
  run: RunAs & { dataDir: string; port: number; readyTimeoutMs: number },
): Promise<ServerProcess> {
  const child = spawn(
    postgresPath(run.binaries),
    [
      '-D',
      run.dataDir,
      '-p',
      String(run.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'lc_messages=C',
    ],
    {
      ...asUser(run.user),
      cwd: run.dataDir,
      env: ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C in the terminal must not shut it down under the app that
      // uses it (which then sees its connections die); stop() and the exit hook stop it instead.
      detached: true,
    },
  );
  // A postmaster outliving the process that started it would hold the port and the data folder.
  const removeExitHook = onExit(() => {
    child.kill('SIGINT');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    removeExitHook();
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGQUIT'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`not ready within ${run.readyTimeoutMs} ms`)),
        run.readyTimeoutMs,
      );
      const onData = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        run.log.push(text);
        if (text.includes('database system is ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`postgres exited before it was ready (code ${code}, signal ${signal})`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}

/** The exit code of a child, or the spawn error (EACCES, ENOENT) it failed with. */
function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}
