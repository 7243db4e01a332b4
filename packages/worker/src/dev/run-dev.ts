import { resolve } from 'node:path';
import { createLogger } from '../logger.js';
import { loadDevkit } from './devkit.js';
import { assertDevPortsFree, devPortsFromEnv } from './ports.js';
import { startDevStack } from './stack.js';

/**
 * `relaypost dev`: starts the stack, prints where everything is, stops cleanly on Ctrl-C. Ports
 * move with `TEMPORAL_PORT`, `TEMPORAL_UI_PORT`, `WORKER_PORT`, `POSTGRES_PORT` and `ADMIN_PORT`,
 * the state folder with `RELAYPOST_STATE_DIR`, so two stacks can run side by side.
 */
export async function runDev(env: NodeJS.ProcessEnv): Promise<number> {
  const logger = createLogger({ level: env.LOG_LEVEL ?? 'info' });
  const sandbox = env.RELAYPOST_SANDBOX === '1' || env.RELAYPOST_SANDBOX === 'true';
  // First: without the devkit nothing else matters, and the message says what to install.
  await loadDevkit();
  const ports = devPortsFromEnv(env);
  await assertDevPortsFree(ports, env.DATABASE_URL ? ['postgres'] : []);
  const stateDir = resolve(env.RELAYPOST_STATE_DIR ?? '.relaypost');
  const stack = await startDevStack({
    stateDir,
    env,
    logger,
    sandbox,
    temporalPort: ports.temporal,
    temporalUiPort: ports.temporalUi,
    postgresPort: ports.postgres,
    workerPort: ports.worker,
    adminPort: ports.admin,
  });
  const lines = [
    '',
    'RelayPost is running',
    `  admin app    ${stack.adminUrl ?? '(not available)'}`,
    `  Temporal UI  ${stack.temporalUiUrl}`,
    `  worker       ${stack.workerUrl}  (/healthz, /readyz, /metrics)`,
    `  Temporal     ${stack.temporalAddress}`,
    `  Postgres     ${stack.databaseUrl.replace(/\/\/[^@]*@/, '//')}`,
    `  state        ${stateDir}${stack.postgresDataDir?.startsWith(stateDir) === false ? ` (Postgres data in ${stack.postgresDataDir})` : ''}`,
    `  platforms    ${sandbox ? 'sandbox: built-in fakes (no real posts)' : 'real APIs (set RELAYPOST_SANDBOX=1 to use fakes)'}`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdout.write('stopping...\n');
  await stack.stop();
  return 0;
}
