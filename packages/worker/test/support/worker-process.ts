import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** `relaypost worker` running as its own process, as it is deployed. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** The last lines it wrote (stdout and stderr), for failure messages. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<number | string | null>;
  /** SIGTERM, then SIGKILL after 15 s; resolves when it is gone. */
  stop(): Promise<void>;
}

/**
 * Starts `relaypost worker` (the built CLI) with `env` on top of a minimal environment, and
 * resolves once it logs that it is serving. Rejects with its output if it exits first.
 */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [cli, 'worker'], {
    env: {
      PATH: process.env.PATH,
      TELEGRAM_MODE: 'off',
      SCHEDULES: 'false',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const keep = (line: string) => {
    tail.push(line);
    if (tail.length > 400) tail.shift();
  };
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  let started = false;
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      keep(line);
      if (!started && line.includes('relaypost worker started')) {
        started = true;
        resolve();
      }
    });
    createInterface({ input: child.stderr! }).on('line', keep);
    void exited.then((code) => {
      if (!started) reject(new Error(`the worker exited (${code}) before it started:\n${tail.join('\n')}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, exited, output: () => tail.join('\n'), stop };
}

/** A worker kept running the way a container restart policy would. */
export interface SupervisedWorker {
  /** Every unplanned exit (or failed start), with the output that preceded it. */
  readonly crashes: Array<{ exit: number | string | null; output: string }>;
  /** Resolves once a worker process is serving; rejects if the first three starts all fail. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `relaypost worker` and starts it again, a second after, whenever it exits or fails to
 * start, until {@link SupervisedWorker.stop}. Crashes are recorded, not hidden.
 */
export function superviseWorker(env: Record<string, string>): SupervisedWorker {
  const crashes: SupervisedWorker['crashes'] = [];
  let current: WorkerProcess | undefined;
  let stopping = false;
  let served = false;
  let markReady!: () => void;
  let giveUp!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    giveUp = reject;
  });
  const loop = (async () => {
    while (!stopping) {
      try {
        current = await startWorkerProcess(env);
        if (stopping) break;
        served = true;
        markReady();
        const exit = await current.exited;
        if (!stopping) crashes.push({ exit, output: current.output() });
      } catch (error) {
        crashes.push({
          exit: 'failed to start',
          output: error instanceof Error ? error.message : String(error),
        });
      }
      if (!served && crashes.length >= 3) {
        stopping = true;
        giveUp(new Error(`the worker never started:\n${crashes[0]?.output}`));
      }
      if (!stopping) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();
  return {
    crashes,
    ready,
    async stop() {
      stopping = true;
      await current?.stop();
      await loop;
      // A start that was under way when stop() came in.
      await current?.stop();
    },
  };
}

/** Polls `check` every 100 ms until it holds; throws after `timeoutMs`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
