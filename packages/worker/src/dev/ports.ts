import { createServer } from 'node:net';
import { DevSetupError } from './errors.js';

/** The ports one dev stack listens on, all on 127.0.0.1. */
export interface DevPorts {
  temporal: number;
  temporalUi: number;
  worker: number;
  postgres: number;
  admin: number;
}

/** Which variable moves each port, and where it is by default. */
export const DEV_PORT_VARIABLES: Record<keyof DevPorts, { variable: string; fallback: number }> = {
  temporal: { variable: 'TEMPORAL_PORT', fallback: 7233 },
  temporalUi: { variable: 'TEMPORAL_UI_PORT', fallback: 8233 },
  worker: { variable: 'WORKER_PORT', fallback: 8787 },
  postgres: { variable: 'POSTGRES_PORT', fallback: 54329 },
  admin: { variable: 'ADMIN_PORT', fallback: 3000 },
};

const names = Object.keys(DEV_PORT_VARIABLES) as Array<keyof DevPorts>;

/**
 * Dev mode's ports from the environment (`TEMPORAL_PORT`, `TEMPORAL_UI_PORT`, `WORKER_PORT`,
 * `POSTGRES_PORT`, `ADMIN_PORT`), so a second stack can run beside the first. Every bad value
 * and every port given twice is reported at once.
 */
export function devPortsFromEnv(env: NodeJS.ProcessEnv): DevPorts {
  const problems: string[] = [];
  const ports = {} as DevPorts;
  for (const name of names) {
    const { variable, fallback } = DEV_PORT_VARIABLES[name];
    const raw = env[variable]?.trim();
    const port = raw ? Number(raw) : fallback;
    if (!Number.isInteger(port) || port < 1 || port > 65_535) {
      problems.push(`${variable}: must be a port number from 1 to 65535 (got "${raw}")`);
    }
    ports[name] = port;
  }
  for (const [i, a] of names.entries()) {
    for (const b of names.slice(i + 1)) {
      if (ports[a] === ports[b]) {
        const [va, vb] = [DEV_PORT_VARIABLES[a].variable, DEV_PORT_VARIABLES[b].variable];
        problems.push(`${va} and ${vb}: both are ${ports[a]}; each needs its own port`);
      }
    }
  }
  if (problems.length)
    throw new DevSetupError(`relaypost dev: invalid ports:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return ports;
}

/**
 * Fails before anything starts when a port is taken (another dev stack, a system Postgres),
 * naming the variable that moves it.
 */
export async function assertDevPortsFree(
  ports: DevPorts,
  skip: ReadonlyArray<keyof DevPorts> = [],
): Promise<void> {
  const busy: string[] = [];
  for (const name of names) {
    if (skip.includes(name) || (await canListen(ports[name]))) continue;
    busy.push(`${ports[name]} (${DEV_PORT_VARIABLES[name].variable})`);
  }
  if (busy.length) {
    throw new DevSetupError(
      `relaypost dev: ports in use on 127.0.0.1: ${busy.join(', ')}. Another dev stack may be running: ` +
        'stop it, or move this one with the variables named (and its own RELAYPOST_STATE_DIR).',
    );
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
