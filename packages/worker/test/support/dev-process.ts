import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** `relaypost dev` running as its own process, as a developer starts it. */
export interface DevProcess {
  readonly child: ChildProcess;
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<number | string | null>;
  /** Resolves once it printed "RelayPost is running"; rejects with its output if it exits first. */
  readonly running: Promise<void>;
  /** Ctrl-C (SIGINT to its whole process group, as a terminal sends it), then SIGKILL after 30 s; resolves with the exit code. */
  stop(): Promise<number | string | null>;
}

/** Starts the built CLI's `dev` command with exactly `env` (plus PATH and HOME). */
export function startDevProcess(env: Record<string, string>): DevProcess {
  const child = spawn(process.execPath, [cli, 'dev'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that stop() can press Ctrl-C the way a terminal does: to the group.
    detached: true,
  });
  const lines: string[] = [];
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const running = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (line.includes('RelayPost is running')) resolve();
    });
    createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
    void exited.then((code) => reject(new Error(`relaypost dev exited (${code}):\n${lines.join('\n')}`)));
  });
  running.catch(() => undefined);
  return {
    child,
    output: () => lines.join('\n'),
    exited,
    running,
    async stop() {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        process.kill(-child.pid, 'SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
}
