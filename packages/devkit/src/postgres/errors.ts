const marker = Symbol.for('relaypost.error.embedded-postgres');

/**
 * Embedded Postgres cannot start here, for a reason the message names with its fix: as root, the
 * unprivileged user Postgres must run as cannot reach a folder, the shared folder is unsafe, or
 * that user cannot be created.
 *
 * Recognised by a `Symbol.for` marker so the check survives duplicate package copies.
 *
 * @example
 * ```ts
 * try {
 *   await startEmbeddedPostgres({ dataDir: '.relaypost/postgres', port: 54329 });
 * } catch (error) {
 *   if (EmbeddedPostgresError.isInstance(error)) console.error(error.message, error.folder);
 * }
 * ```
 */
export class EmbeddedPostgresError extends Error {
  /** The folder at fault, when there is one. */
  readonly folder: string | undefined;

  constructor(message: string, options?: { folder?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EmbeddedPostgresError';
    this.folder = options?.folder;
    Object.defineProperty(this, marker, { value: true, enumerable: false });
  }

  static isInstance(error: unknown): error is EmbeddedPostgresError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
