import { createLogger } from '../logger.js';
import { startDevStack } from './stack.js';

/** `relaypost dev`: starts the stack, prints where everything is, stops cleanly on Ctrl-C. */
export async function runDev(env: NodeJS.ProcessEnv): Promise<number> {
  const logger = createLogger({ level: env.LOG_LEVEL ?? 'info' });
  const sandbox = env.RELAYPOST_SANDBOX === '1' || env.RELAYPOST_SANDBOX === 'true';
  const stack = await startDevStack({
    stateDir: env.RELAYPOST_STATE_DIR ?? '.relaypost',
    env,
    logger,
    sandbox,
    ...(env.ADMIN_PORT ? { adminPort: Number(env.ADMIN_PORT) } : {}),
  });
  const lines = [
    '',
    'RelayPost is running',
    `  admin app    ${stack.adminUrl ?? '(not available)'}`,
    `  Temporal UI  ${stack.temporalUiUrl}`,
    `  worker       ${stack.workerUrl}  (/healthz, /readyz, /metrics)`,
    `  Temporal     ${stack.temporalAddress}`,
    `  Postgres     ${stack.databaseUrl.replace(/\/\/[^@]*@/, '//')}`,
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
