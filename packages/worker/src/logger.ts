import { redactText } from '@relaypost/core';
import { type Logger, pino } from 'pino';

/** Paths pino blanks out, wherever they appear in a log object. */
export const REDACT_PATHS = [
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.password',
  '*.apiKey',
  '*.botToken',
  '*.secret',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
  'config.RELAYPOST_ENCRYPTION_KEYS',
  'config.RELAYPOST_SIGNING_SECRET',
  'config.TEMPORAL_API_KEY',
  'config.S3_SECRET_ACCESS_KEY',
  'config.DATABASE_URL',
  'config.CODEC_AUTH_TOKEN',
];

/**
 * Structured JSON logs with secrets redacted by path, and free text scrubbed by core's
 * `redactText` (tokens in URLs, bearer headers) through the message formatter.
 */
export function createLogger(options: { level: string; destination?: NodeJS.WritableStream }): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'relaypost-worker' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    options.destination as pino.DestinationStream | undefined,
  );
}
