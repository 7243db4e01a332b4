import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Tuning for {@link withDirLock}. */
export interface DirLockOptions {
  /** Give up waiting for another holder after this long. */
  timeoutMs?: number;
  /** A lock older than this is assumed abandoned even if its owner looks alive. */
  staleMs?: number;
  /** How often to retry while someone else holds the lock. */
  pollMs?: number;
}

interface LockOwner {
  pid: number;
  host: string;
}

/**
 * Runs `fn` while holding a lock directory, so parallel test processes don't install into the same
 * venv at once. `mkdir` is atomic on every filesystem we care about, which a plain file check is not.
 */
export async function withDirLock<T>(
  lockDir: string,
  fn: () => Promise<T>,
  options: DirLockOptions = {},
): Promise<T> {
  const { timeoutMs = 10 * 60_000, staleMs = 15 * 60_000, pollMs = 200 } = options;
  await mkdir(dirname(lockDir), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await tryAcquire(lockDir)) break;
    if (await isStale(lockDir, staleMs)) {
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for lock ${lockDir}; remove it if no install is running.`,
      );
    }
    await sleep(pollMs);
  }
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

async function tryAcquire(lockDir: string): Promise<boolean> {
  try {
    await mkdir(lockDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  const owner: LockOwner = { pid: process.pid, host: hostname() };
  await writeFile(join(lockDir, 'owner.json'), JSON.stringify(owner));
  return true;
}

async function isStale(lockDir: string, staleMs: number): Promise<boolean> {
  let modifiedMs: number;
  try {
    modifiedMs = (await stat(lockDir)).mtimeMs;
  } catch {
    // Released between our mkdir and this stat: not stale, just retry.
    return false;
  }
  if (Date.now() - modifiedMs > staleMs) return true;
  const owner = await readOwner(lockDir);
  // No owner file yet means the holder is between mkdir and writeFile; give it time.
  if (!owner || owner.host !== hostname()) return false;
  return !isAlive(owner.pid);
}

async function readOwner(lockDir: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(lockDir, 'owner.json'), 'utf8')) as Partial<LockOwner>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string'
      ? { pid: parsed.pid, host: parsed.host }
      : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
