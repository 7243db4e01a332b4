const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');
const REDACTED = '[redacted]';

/**
 * A secret value (token, API key, bot token) that does not leak by accident: it prints, logs and
 * serialises as `[redacted]`. Call `reveal()` at the one place that needs the clear text.
 *
 * @example
 * ```ts
 * const key = new Secret(process.env.ANTHROPIC_API_KEY!);
 * console.log({ key });            // { key: [redacted] }
 * new Anthropic({ apiKey: key.reveal() });
 * ```
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspectSymbol](): string {
    return REDACTED;
  }

  static isSecret(value: unknown): value is Secret {
    return value instanceof Secret;
  }
}

/** Accepts a clear string or a Secret and returns a Secret. */
export function toSecret(value: string | Secret): Secret {
  return value instanceof Secret ? value : new Secret(value);
}
