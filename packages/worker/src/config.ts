import { ValidationError } from '@relaypost/core';
import { parseEncryptionKeys } from '@relaypost/sdk';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** The same parser as the SDK's `encryptionKeys` string, so both sides read the value alike. */
const encryptionKeys = z
  .string({ message: 'is required: comma-separated id:base64key pairs, e.g. k1:<32 random bytes in base64>' })
  .transform((value, ctx) => {
    try {
      return parseEncryptionKeys(value);
    } catch (error) {
      if (!ValidationError.isInstance(error)) throw error;
      for (const issue of error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    }
  });

/**
 * The worker's configuration, from environment variables. Every problem is reported at once,
 * before anything starts.
 */
export const workerConfigSchema = z
  .object({
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string'),
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/)
      .optional(),
    /** Postgres connections the worker opens at most, and keeps open while idle. */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(1_000).default(10),
    DATABASE_POOL_MIN: z.coerce.number().int().min(0).max(1_000).default(2),
    TEMPORAL_ADDRESS: z.string().min(3).default('localhost:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    TEMPORAL_TLS: bool,
    TEMPORAL_TLS_CERT_PATH: z.string().optional(),
    TEMPORAL_TLS_KEY_PATH: z.string().optional(),
    TEMPORAL_TLS_CA_PATH: z.string().optional(),
    TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
    RELAYPOST_ENCRYPTION_KEYS: encryptionKeys,
    /** Signs Telegram button data and media URLs. */
    RELAYPOST_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters'),
    /** The public base URL of this worker's HTTP server (media URLs, Telegram webhooks). */
    RELAYPOST_PUBLIC_URL: z.url().optional(),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    MEDIA_STORE: z.enum(['local', 's3']).default('local'),
    MEDIA_DIR: z.string().default('.relaypost/media'),
    S3_ENDPOINT: z.url().optional(),
    S3_BUCKET: z.string().optional(),
    S3_REGION: z.string().default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    S3_FORCE_PATH_STYLE: bool,
    TELEGRAM_MODE: z.enum(['webhook', 'polling', 'off']).optional(),
    TELEGRAM_API_ROOT: z.url().optional(),
    /** In polling mode, how often workspaces are checked for new or changed bots. */
    TELEGRAM_RESCAN_SECONDS: z.coerce.number().int().min(1).default(15),
    ANTHROPIC_BASE_URL: z.url().optional(),
    /** Enables the Temporal UI codec endpoint (/codec); callers send it as a bearer token. */
    CODEC_AUTH_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Browser origins allowed to call /codec (the Temporal UI's), comma-separated. */
    CODEC_CORS_ORIGINS: z.string().optional(),
    /** Only these platforms' publish queues run in this process (comma list). Default: all configured. */
    WORKER_PLATFORMS: z.string().optional(),
    /** Platform calls (sends, uploads, look-ups) in flight per platform in this process. */
    PUBLISH_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
    /**
     * Publishes per platform this process holds at once, most of them prepared and waiting for
     * their second (Temporal activity slots). Posts due together beyond it start late.
     */
    PUBLISH_HOLD_MAX: z.coerce.number().int().min(1).max(100_000).default(2_000),
    /** How long before its second a publish is prepared (0: prepared at the second). */
    PUBLISH_LEAD_SECONDS: z.coerce.number().int().min(0).max(600).default(30),
    /** How long before its second a held publish claims its post; edits are refused after it. */
    PUBLISH_CLAIM_LEAD_MS: z.coerce.number().int().min(0).max(5_000).default(200),
    /**
     * Post workflows kept in memory between their steps. Waiting posts beyond it are evicted and
     * replayed from history when their timer fires, so memory stays flat however many posts wait.
     */
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(100),
    WORKFLOW_BUNDLE_PATH: z.string().optional(),
    RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
    REFRESH_WITHIN_MINUTES: z.coerce.number().int().min(5).default(120),
    /** How often the reconciliation of posts whose workflow is gone or closed runs. */
    RECONCILE_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
    SCHEDULES: bool.default(true),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
    RELAYPOST_SANDBOX: bool,
  })
  .superRefine((c, ctx) => {
    if (c.MEDIA_STORE === 's3') {
      for (const key of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
        if (!c[key])
          ctx.addIssue({ code: 'custom', path: [key], message: 'is required when MEDIA_STORE=s3' });
      }
    }
    if (c.TELEGRAM_MODE === 'webhook' && !c.RELAYPOST_PUBLIC_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['RELAYPOST_PUBLIC_URL'],
        message: 'is required when TELEGRAM_MODE=webhook',
      });
    }
    if (c.DATABASE_POOL_MIN > c.DATABASE_POOL_MAX) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_POOL_MIN'],
        message: `must not exceed DATABASE_POOL_MAX (${c.DATABASE_POOL_MAX})`,
      });
    }
    if (Boolean(c.TEMPORAL_TLS_CERT_PATH) !== Boolean(c.TEMPORAL_TLS_KEY_PATH)) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_TLS_KEY_PATH'],
        message: 'mTLS needs both TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH',
      });
    }
  });

export type WorkerConfig = z.output<typeof workerConfigSchema>;

/** Thrown when the environment is not a valid configuration; lists every problem. */
export class WorkerConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`RelayPost worker configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'WorkerConfigError';
  }
}

/**
 * Reads and validates the configuration. Platform credentials (`X_CLIENT_ID`, ...) are read by
 * `adaptersFromEnv`.
 *
 * @example
 * ```ts
 * const config = loadWorkerConfig(process.env); // throws WorkerConfigError listing every problem
 * ```
 */
export function loadWorkerConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  const parsed = workerConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new WorkerConfigError(
    parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`),
  );
}
