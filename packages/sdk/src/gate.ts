import { ConfigurationError } from '@relaypost/core';

/**
 * Keeps the SDK's promises inside the host app's hands around `close()`: calls after it are
 * refused with a typed error instead of reaching a closed pool or gRPC channel, and calls still
 * running when it comes are answered with the same error, so no rejection from a shut-down
 * connection escapes as an unhandled one.
 */
export class Gate {
  #closed = false;
  readonly #running = new Set<{ refuse: (error: Error) => void }>();

  /** Runs `call`, or refuses it once the gate is closed. */
  run<T>(call: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(closedError());
    return new Promise<T>((resolve, reject) => {
      const entry = { refuse: reject };
      this.#running.add(entry);
      const settle = () => this.#running.delete(entry);
      call().then(
        (value) => {
          settle();
          resolve(value);
        },
        (error: unknown) => {
          settle();
          reject(this.#closed ? closedError(error) : error);
        },
      );
    });
  }

  /** Closes: every later call is refused, and every running one is answered now. */
  close(): void {
    this.#closed = true;
    for (const entry of this.#running) entry.refuse(closedError());
    this.#running.clear();
  }

  get closed(): boolean {
    return this.#closed;
  }
}

function closedError(cause?: unknown): ConfigurationError {
  return new ConfigurationError('this RelayPost client is closed: create a new one to go on', {
    ...(cause !== undefined ? { cause } : {}),
  });
}

/** The methods of an API namespace, each run through the gate. */
export function gated<T extends object>(api: T, gate: Gate): T {
  return Object.fromEntries(
    Object.entries(api).map(([name, member]) => [
      name,
      typeof member === 'function'
        ? (...args: unknown[]) => gate.run(async () => (member as (...a: unknown[]) => unknown)(...args))
        : member,
    ]),
  ) as T;
}
