import { type LogLevel, type LogMetadata, Runtime, type Logger as TemporalLogger } from '@temporalio/worker';
import type { Logger } from 'pino';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Temporal's logger interface, writing through the worker's pino logger (and its redaction). */
export function temporalLoggerFrom(logger: Logger): TemporalLogger {
  const child = logger.child({ component: 'temporal' });
  const log = (level: LogLevel, message: string, meta?: LogMetadata) =>
    child[LEVELS[demoted(level, message) ? 'DEBUG' : level]](meta ?? {}, message);
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

/**
 * Lines kept at debug: the SDK's warning that publish queues have no workflows (they run
 * activities only), and webpack's whole build report for the workflow bundle, which the SDK logs
 * at info as one multi-line message; its one-line "Workflow bundle created" (with the size) stays.
 */
const demoted = (level: LogLevel, message: string) =>
  message.startsWith('No workflows registered') ||
  (level === 'INFO' && /\bwebpack [\d.]+ compiled\b/.test(message));

let installed = false;

/**
 * Routes the Temporal SDK's own logs (worker state, bundling) into our logger. The runtime can
 * be set up once per process, before the first worker; later calls keep the first logger.
 */
export function installTemporalLogger(logger: Logger): void {
  if (installed) return;
  installed = true;
  try {
    Runtime.install({ logger: temporalLoggerFrom(logger) });
  } catch {
    // Already instantiated by someone else in this process (tests, an embedding app): keep theirs.
  }
}
