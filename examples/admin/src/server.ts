/**
 * Runs the admin app on its own, configured from the environment (README, "Run it standalone").
 * `relaypost dev` does not use this file: it calls `createAdminApp` with its own SDK object.
 */
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import type { PlatformAdapter, PlatformId } from '@relaypost/core';
import { createLocalMediaStore, createRelayPost } from '@relaypost/sdk';
import { readServerEnv } from './server-env';
import { createAdminApp } from './start';

/**
 * The platform adapters, configured from the same variables as the worker (`X_CLIENT_ID`, ...)
 * through `@relaypost/worker`'s `adaptersFromEnv`, so both sides agree on what is configured.
 * Imported by name at run time: the worker imports this app in dev mode, and a declared
 * dependency both ways would be a cycle.
 */
async function adaptersFromEnvironment(
  env: NodeJS.ProcessEnv,
): Promise<Partial<Record<PlatformId, PlatformAdapter>>> {
  const name = '@relaypost/worker';
  const worker = (await import(name)) as {
    adaptersFromEnv(env: NodeJS.ProcessEnv): Partial<Record<PlatformId, PlatformAdapter>>;
  };
  return worker.adaptersFromEnv(env);
}

async function main(): Promise<void> {
  const config = readServerEnv(process.env);
  const relaypost = await createRelayPost({
    temporal: config.temporal,
    database: {
      connectionString: config.databaseUrl,
      ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
    },
    encryptionKeys: config.encryptionKeys,
    adapters: await adaptersFromEnvironment(process.env),
    mediaStore: createLocalMediaStore({ directory: config.mediaDir }),
  });
  const app = await createAdminApp({
    relaypost,
    databaseUrl: config.databaseUrl,
    authSecret: config.authSecret,
    publicUrl: config.publicUrl,
    ...(config.telegramApiRoot ? { telegramApiRoot: config.telegramApiRoot } : {}),
    google: config.google,
    ...(config.adminSchema ? { schema: config.adminSchema } : {}),
    trustProxy: config.trustProxy,
    dev: config.dev,
    log: (level, message, data) =>
      console[level === 'info' ? 'log' : level](`[admin] ${message}`, data ?? ''),
  });
  const server = createServer(app.handler);
  server.listen(config.port, config.host, () => {
    console.log(`RelayPost admin on ${config.publicUrl} (listening on ${config.host}:${config.port})`);
  });
  const stop = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.close();
    await relaypost.close();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
