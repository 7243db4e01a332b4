import { createServer } from 'node:net';

/** Below Linux's default ephemeral range (32768–60999), where the OS hands out ports for `listen(0)` and outgoing connections. */
const RANGE_START = 20_000;
const RANGE_END = 32_000;
const ATTEMPTS = 50;

/**
 * Finds a TCP port that is free on 127.0.0.1 right now, picked at random below the OS's
 * ephemeral range: servers that bind port 0 meanwhile (fakes, test servers) cannot be handed the
 * same port before the caller binds it.
 *
 * Another process could still take it first, so callers that start a server on it retry.
 *
 * @example
 * ```ts
 * const port = await findFreePort();
 * ```
 */
export async function findFreePort(): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = RANGE_START + Math.floor(Math.random() * (RANGE_END - RANGE_START));
    if (await canBind(port)) return port;
  }
  return bindAny();
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function bindAny(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}
