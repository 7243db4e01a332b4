const marker = Symbol.for('relaypost.error.temporal-binary');

/**
 * A Temporal executable was asked for but cannot be used: an override variable points at nothing
 * runnable, or the dev server has no CLI to start.
 *
 * Recognised by a `Symbol.for` marker so the check survives duplicate package copies.
 *
 * @example
 * ```ts
 * try {
 *   await findTemporalCli();
 * } catch (error) {
 *   if (TemporalBinaryError.isInstance(error)) console.error(error.message);
 * }
 * ```
 */
export class TemporalBinaryError extends Error {
  /** The environment variable at fault, when there is one. */
  readonly envVar: string | undefined;

  constructor(message: string, options?: { envVar?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TemporalBinaryError';
    this.envVar = options?.envVar;
    Object.defineProperty(this, marker, { value: true, enumerable: false });
  }

  static isInstance(error: unknown): error is TemporalBinaryError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
