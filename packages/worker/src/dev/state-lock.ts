import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DevSetupError } from './errors.js';

/**
 * Claims dev mode's state folder for this process (`dev.pid` in it): two stacks on one folder
 * would fight over Temporal's SQLite file and the Postgres cluster. A claim whose process is gone
 * is taken over. Resolves with the release function.
 */
export async function claimStateDir(stateDir: string): Promise<() => Promise<void>> {
  const file = join(stateDir, 'dev.pid');
  for (;;) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new DevSetupError(
        `relaypost dev: ${stateDir} is in use by another dev stack (pid ${owner}). Run this one with its own ` +
          'RELAYPOST_STATE_DIR and ports (TEMPORAL_PORT, TEMPORAL_UI_PORT, WORKER_PORT, POSTGRES_PORT, ADMIN_PORT).',
      );
    }
    await rm(file, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
