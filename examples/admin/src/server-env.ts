import { encryptionKeysSchema } from '@relaypost/sdk';

/**
 * Reads the standalone server's configuration from the environment; every problem is reported
 * at once.
 *
 * @example
 * ```ts
 * const config = readServerEnv(process.env); // throws listing DATABASE_URL, ADMIN_AUTH_SECRET, ...
 * ```
 */
export function readServerEnv(env: NodeJS.ProcessEnv) {
  const problems: string[] = [];
  const required = (name: string) => {
    const value = env[name];
    if (!value) problems.push(`${name} is required`);
    return value ?? '';
  };
  const databaseUrl = required('DATABASE_URL');
  const authSecret = required('ADMIN_AUTH_SECRET');
  if (authSecret && authSecret.length < 32) problems.push('ADMIN_AUTH_SECRET must be at least 32 characters');
  const keysText = required('RELAYPOST_ENCRYPTION_KEYS');
  const pairs = keysText
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => ({ id: pair.slice(0, pair.indexOf(':')), key: pair.slice(pair.indexOf(':') + 1) }));
  const keys = encryptionKeysSchema.safeParse(pairs);
  if (keysText && (!keys.success || pairs.some((k) => Buffer.from(k.key, 'base64').length !== 32))) {
    problems.push(
      "RELAYPOST_ENCRYPTION_KEYS must be comma-separated id:base64 pairs of 32-byte keys (the worker's keys)",
    );
  }
  const port = Number(env.ADMIN_PORT ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('ADMIN_PORT must be a port number');
  const host = env.HOST ?? '127.0.0.1';
  const publicUrl = env.ADMIN_PUBLIC_URL ?? `http://localhost:${port}`;
  if (!URL.canParse(publicUrl)) problems.push('ADMIN_PUBLIC_URL must be a URL');
  if (problems.length)
    throw new Error(
      `The admin app's configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  return {
    databaseUrl,
    databaseSchema: env.DATABASE_SCHEMA,
    adminSchema: env.ADMIN_DATABASE_SCHEMA,
    authSecret,
    encryptionKeys: pairs,
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
    dev: env.ADMIN_NEXT_DEV === '1',
  };
}
