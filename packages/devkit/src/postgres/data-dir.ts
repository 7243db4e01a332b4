import { chmod, chown, lstat, mkdir, readdir, readlink, rmdir, symlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { EmbeddedPostgresError } from './errors.js';
import { canReach, type ServerUser } from './server-user.js';
import { closedMessage, relocatedDataDir, SHARED_DIR_FIX } from './shared-dir.js';

/**
 * The data folder Postgres will use for `requested`, created and owned by the server user.
 *
 * As root, when the server user cannot reach `requested` (a project inside a closed folder), the
 * data lives under the shared folder instead and `requested` becomes a link to it, so the next
 * start (and anyone looking) finds it there.
 */
export async function prepareDataDir(
  requested: string,
  user: ServerUser | null,
  sharedDir: () => Promise<string>,
): Promise<string> {
  let dataDir = resolve(requested);
  const link = await linkTarget(dataDir);
  if (link) dataDir = link;
  if (!user) {
    await mkdir(dataDir, { recursive: true });
    return dataDir;
  }
  if (!canReach(user, dirname(dataDir))) {
    if (link) {
      throw new EmbeddedPostgresError(
        `${requested} links to ${dataDir}, and ${closedMessage(user, dataDir)}. Remove the link to start afresh. ${SHARED_DIR_FIX}`,
        { folder: dataDir },
      );
    }
    await assertNoClusterIn(dataDir, user);
    const relocated = await relocatedDataDir(dataDir, await sharedDir());
    await rmdir(dataDir).catch(() => undefined);
    await mkdir(dirname(dataDir), { recursive: true });
    await symlink(relocated, dataDir);
    dataDir = relocated;
  }
  await mkdir(dataDir, { recursive: true });
  await chown(dataDir, user.uid, user.gid);
  await chmod(dataDir, 0o700);
  return dataDir;
}

/** Where `path` points when it is a link (dangling or not), else undefined. */
async function linkTarget(path: string): Promise<string | undefined> {
  try {
    const stats = await lstat(path);
    return stats.isSymbolicLink() ? resolve(dirname(path), await readlink(path)) : undefined;
  } catch {
    return undefined;
  }
}

/** A cluster already in an unreachable folder cannot be moved for the user; say what to do. */
async function assertNoClusterIn(dataDir: string, user: ServerUser): Promise<void> {
  const entries = await readdir(dataDir).catch(() => []);
  if (entries.length === 0) return;
  throw new EmbeddedPostgresError(
    `${dataDir} already holds files, and ${closedMessage(user, dataDir)}: move them out or delete the folder ` +
      `to let RelayPost place the data in a shared folder. ${SHARED_DIR_FIX}`,
    { folder: dataDir },
  );
}
