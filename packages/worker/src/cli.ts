#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadWorkerConfig, WorkerConfigError } from './config.js';
import { createLogger } from './logger.js';

const HELP = `relaypost <command>

Commands:
  worker     run the worker service (configuration from environment variables)
  dev        run everything on embedded defaults: Temporal dev server, Postgres, worker, admin app
             (RELAYPOST_SANDBOX=1 points every platform at a built-in fake)
  migrate    bring the Postgres schema up to date and exit
  bundle     build the workflow bundle for production workers: relaypost bundle <out.js>
  keygen     print a new encryption key (id:base64) for RELAYPOST_ENCRYPTION_KEYS
`;

async function main(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false });
  const [command, ...rest] = positionals;
  switch (command) {
    case 'worker':
      return runWorkerCommand();
    case 'dev': {
      const { runDev } = await import('./dev/run-dev.js');
      const { isSetupError } = await import('./dev/errors.js');
      return runDev(process.env).catch((error: unknown) => {
        if (!isSetupError(error)) throw error;
        process.stderr.write(`${error.message}\n`);
        return 1;
      });
    }
    case 'migrate':
      return runMigrate();
    case 'bundle': {
      const { writeWorkflowBundle } = await import('./bundle.js');
      await writeWorkflowBundle(rest[0] ?? 'dist/workflow-bundle.js');
      return 0;
    }
    case 'keygen':
      process.stdout.write(`k${Date.now().toString(36)}:${randomBytes(32).toString('base64')}\n`);
      return 0;
    default:
      process.stdout.write(HELP);
      return command ? 2 : 0;
  }
}

function configOrExit() {
  try {
    return loadWorkerConfig(process.env);
  } catch (error) {
    if (error instanceof WorkerConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}

async function runWorkerCommand(): Promise<number> {
  const config = configOrExit();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const { adaptersFromEnv } = await import('./adapters-from-env.js');
  const { startTracing } = await import('./tracing.js');
  const tracing = await startTracing(config, logger);
  const { startWorker } = await import('./run-worker.js');
  const worker = await startWorker({ config, logger, adapters: adaptersFromEnv(process.env) });
  const stop = async (signal: string) => {
    logger.info({ signal }, 'signal received');
    await worker.shutdown();
    await tracing?.shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  await worker.done;
  return 0;
}

async function runMigrate(): Promise<number> {
  const config = configOrExit();
  const { createKeyring } = await import('@relaypost/core');
  const { createPostgresStore } = await import('@relaypost/core/postgres');
  const store = createPostgresStore({
    connectionString: config.DATABASE_URL,
    keyring: createKeyring({ keys: config.RELAYPOST_ENCRYPTION_KEYS }),
    ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}),
  });
  try {
    await store.migrate();
    process.stdout.write('migrations are up to date\n');
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
