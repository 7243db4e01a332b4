const MARKER = Symbol.for('relaypost.error.caption_auth');

/**
 * The workspace's Anthropic API key was refused (401 authentication_error or 403
 * permission_error). Retrying cannot help: the workspace owner must set a working key.
 * The message never contains the key.
 */
export class CaptionAuthError extends Error {
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.name = 'CaptionAuthError';
    this.status = status;
    Object.defineProperty(this, MARKER, { value: true, enumerable: false });
  }

  /** Works across package copies (marker, not `instanceof`). */
  static isInstance(error: unknown): error is CaptionAuthError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }
}
