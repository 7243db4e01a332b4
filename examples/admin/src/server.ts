/**
 * Runs the admin app on its own, configured from the environment (see README "Run it standalone").
 * `relaypost dev` does not use this file: it imports `createAdminApp` and serves it itself.
 */
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import type { PlatformAdapter, PlatformId } from '@relaypost/core';
import { createLocalMediaStore, createRelayPost } from '@relaypost/sdk';
import { createAdminApp } from './app.js';

/** Reads the configuration; every problem is reported at once. */
export function readServerEnv(env: NodeJS.ProcessEnv) {
  const problems: string[] = [];
  const required = (name: string) => {
    const value = env[name];
    if (!value) problems.push(`${name} is required`);
    return value ?? '';
  };
  const databaseUrl = required('DATABASE_URL');
  const sessionSecret = required('ADMIN_SESSION_SECRET');
  if (sessionSecret && sessionSecret.length < 32)
    problems.push('ADMIN_SESSION_SECRET must be at least 32 characters');
  const keysText = required('RELAYPOST_ENCRYPTION_KEYS');
  const encryptionKeys = keysText
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const index = pair.indexOf(':');
      return { id: pair.slice(0, index), key: pair.slice(index + 1) };
    });
  if (keysText && encryptionKeys.some((k) => !k.id || Buffer.from(k.key, 'base64').length !== 32)) {
    problems.push(
      "RELAYPOST_ENCRYPTION_KEYS must be comma-separated id:base64 pairs of 32-byte keys (the worker's keys)",
    );
  }
  const port = Number(env.ADMIN_PORT ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('ADMIN_PORT must be a port number');
  const host = env.HOST ?? '127.0.0.1';
  const publicUrl = env.ADMIN_PUBLIC_URL ?? `http://localhost:${port}`;
  try {
    new URL(publicUrl);
  } catch {
    problems.push('ADMIN_PUBLIC_URL must be a URL');
  }
  if (problems.length)
    throw new Error(
      `The admin app's configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  return {
    databaseUrl,
    databaseSchema: env.DATABASE_SCHEMA,
    adminSchema: env.ADMIN_DATABASE_SCHEMA,
    sessionSecret,
    encryptionKeys,
    port,
    host,
    publicUrl,
    temporal: {
      address: env.TEMPORAL_ADDRESS ?? 'localhost:7233',
      namespace: env.TEMPORAL_NAMESPACE ?? 'default',
      ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}),
    },
    mediaDir: env.MEDIA_DIR ?? '.relaypost/media',
    telegramApiRoot: env.TELEGRAM_API_ROOT,
    google:
      env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET
        ? { clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }
        : null,
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
  };
}

/**
 * The platform adapters, configured from the same variables as the worker (`X_CLIENT_ID`, ...)
 * through `@relaypost/worker`'s `adaptersFromEnv`, so both sides always agree on what is
 * configured. Imported by name at run time: the worker imports this app in dev mode, and a
 * declared dependency both ways would be a cycle.
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
  const app = createAdminApp({
    relaypost,
    databaseUrl: config.databaseUrl,
    sessionSecret: config.sessionSecret,
    publicUrl: config.publicUrl,
    ...(config.telegramApiRoot ? { telegramApiRoot: config.telegramApiRoot } : {}),
    google: config.google,
    ...(config.adminSchema ? { schema: config.adminSchema } : {}),
    trustProxy: config.trustProxy,
    log: (level, message, data) =>
      console[level === 'info' ? 'log' : level](`[admin] ${message}`, data ?? ''),
  });
  await app.migrate();
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
