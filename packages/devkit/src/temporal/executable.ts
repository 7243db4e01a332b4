import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** True when `file` is a regular file this process may execute. */
export async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    // Windows has no execute bit; existence of the file is all `access` can tell us there.
    await access(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Names an executable may have on this platform (`temporal`, or `temporal.exe` etc. on Windows). */
export function executableNames(name: string, env: NodeJS.ProcessEnv): string[] {
  if (process.platform !== 'win32') return [name];
  const extensions = (env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean);
  return [name, ...extensions.map((ext) => name + ext.toLowerCase())];
}

/** Like `which`: the first executable called `name` in the `searchPath` folders, or `undefined`. */
export async function findOnPath(
  name: string,
  searchPath: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  if (!searchPath) return undefined;
  for (const dir of searchPath.split(delimiter)) {
    // An empty PATH entry means the current directory; skip it rather than run something from cwd.
    if (!dir) continue;
    for (const candidate of executableNames(name, env)) {
      const file = join(dir, candidate);
      if (await isExecutableFile(file)) return file;
    }
  }
  return undefined;
}
