/**
 * Dev mode cannot start for a reason the user fixes (a port taken, a state folder in use, the
 * devkit not installed): `relaypost dev` prints the message alone, without a stack trace.
 */
export class DevSetupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DevSetupError';
  }
}

/** Errors of the devkit that already say what to do. */
const SELF_EXPLAINING = new Set(['DevSetupError', 'EmbeddedPostgresError', 'TemporalBinaryError']);

/** True for an error whose message is the whole story for the user. */
export function isSetupError(error: unknown): error is Error {
  return error instanceof Error && SELF_EXPLAINING.has(error.name);
}
