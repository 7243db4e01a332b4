import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, cp, lstat, mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { PostgresBinaries } from './binaries.js';
import { EmbeddedPostgresError } from './errors.js';
import { canReach, firstClosedFolder, type ServerUser } from './server-user.js';

/** Names a folder the server user can enter, for binaries and data it cannot reach where they are. */
export const SHARED_DIR_ENV = 'RELAYPOST_POSTGRES_SHARED_DIR';

export const SHARED_DIR_FIX =
  `Set ${SHARED_DIR_ENV} to a folder the "postgres" user can enter (e.g. install -d -m 755 /srv/relaypost-postgres), ` +
  'run as a user other than root, or set DATABASE_URL to a PostgreSQL server.';

/**
 * The folder shared with the server user: `RELAYPOST_POSTGRES_SHARED_DIR` when set, otherwise
 * `/var/tmp/relaypost-postgres` (kept across reboots), otherwise one in the temp folder. It must
 * be a real folder owned by this process's user and writable by nobody else, since the server
 * user runs the binaries staged in it.
 */
export async function openSharedDir(user: ServerUser, explicit?: string): Promise<string> {
  const chosen = explicit ?? process.env[SHARED_DIR_ENV];
  const candidates = chosen
    ? [chosen]
    : [...new Set(['/var/tmp/relaypost-postgres', join(tmpdir(), 'relaypost-postgres')])];
  const refused: string[] = [];
  for (const dir of candidates) {
    const parent = dirname(dir);
    if (!chosen && !canReach(user, parent)) {
      refused.push(closedMessage(user, parent));
      continue;
    }
    await mkdir(dir, { recursive: true });
    await assertOnlyOursToWrite(dir);
    // Whatever the umask made of it: the server user must be able to enter.
    await chmod(dir, 0o755);
    if (canReach(user, dir)) return dir;
    refused.push(closedMessage(user, dir));
  }
  throw new EmbeddedPostgresError(
    `Embedded Postgres runs as the system user "${user.name}" (Postgres refuses to run as root), and no folder ` +
      `that user can enter is available for its binaries and data: ${refused.join('; ')}. ${SHARED_DIR_FIX}`,
    { folder: candidates[candidates.length - 1] },
  );
}

/** Explains why `user` cannot reach `dir`, naming the closed folder. */
export function closedMessage(user: ServerUser, dir: string): string {
  const closed = firstClosedFolder(user, dir) ?? dir;
  return `the "${user.name}" user cannot enter ${closed}`;
}

async function assertOnlyOursToWrite(dir: string): Promise<void> {
  const stats = await lstat(dir);
  const ours = stats.uid === process.getuid?.();
  if (!stats.isDirectory() || !ours || (stats.mode & 0o022) !== 0) {
    throw new EmbeddedPostgresError(
      `${dir} cannot hold Postgres' binaries: it must be a folder (not a link) owned by uid ${process.getuid?.()} ` +
        `that no one else can write to (it is ${stats.isSymbolicLink() ? 'a link' : `mode ${(stats.mode & 0o777).toString(8)}, owner uid ${stats.uid}`}). ` +
        `Remove it, or set ${SHARED_DIR_ENV} to another folder.`,
      { folder: dir },
    );
  }
}

/**
 * A copy of the binaries under the shared folder, made once per build and reused: copied to a
 * temporary name first and renamed into place, so parallel test processes never run a half copy.
 */
export async function stageBinaries(
  binaries: PostgresBinaries,
  sharedDir: string,
): Promise<PostgresBinaries> {
  const root = join(sharedDir, 'binaries');
  const target = join(root, binaries.id.replace(/[^A-Za-z0-9._-]+/g, '_'));
  const staged = { dir: target, id: binaries.id };
  if (existsSync(join(target, 'bin', 'postgres'))) return staged;
  await mkdir(root, { recursive: true });
  await chmod(root, 0o755);
  const temporary = join(root, `.copy-${randomBytes(6).toString('hex')}`);
  try {
    await cp(binaries.dir, temporary, { recursive: true, verbatimSymlinks: true });
    await chmod(temporary, 0o755);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    // Another process staged the same build first.
    if (!existsSync(join(target, 'bin', 'postgres'))) throw error;
  }
  return staged;
}

/**
 * Where a data folder the server user cannot reach lives instead: under the shared folder, named
 * after the requested path, so the same project finds its data again on the next start.
 */
export async function relocatedDataDir(requested: string, sharedDir: string): Promise<string> {
  const root = join(sharedDir, 'data');
  await mkdir(root, { recursive: true });
  await chmod(root, 0o755);
  const hash = createHash('sha256').update(requested).digest('hex').slice(0, 12);
  return join(root, `${basename(requested)}-${hash}`);
}
