import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

/** A TCP proxy on loopback that a test can cut, as if the server behind it went away. */
export interface TcpProxy {
  readonly host: string;
  readonly port: number;
  /** Connections accepted while cut (each reset at once). */
  readonly refused: number;
  /** Connections forwarded to the target so far. */
  readonly forwarded: number;
  /** Resets every open connection and refuses new ones until {@link TcpProxy.restore}. */
  cut(): void;
  /** Forwards new connections again. */
  restore(): void;
  close(): Promise<void>;
}

/**
 * Starts a proxy on 127.0.0.1 (random port) that forwards to `target`. While cut it accepts
 * each connection and resets it straight away: the port stays ours, and clients see the
 * `ECONNRESET` of a database that crashed, not a hang.
 *
 * @example
 * ```ts
 * const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
 * proxy.cut();
 * await sleep(30_000);
 * proxy.restore();
 * ```
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let isCut = false;
  let refused = 0;
  let forwarded = 0;

  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    // Errors are the point of this proxy; they end the pair, never the process.
    socket.on('error', () => socket.destroy());
  };

  const server: Server = createServer((client) => {
    if (isCut) {
      refused++;
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    forwarded++;
    const upstream = tcpConnect(target);
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');

  return {
    host: '127.0.0.1',
    port: address.port,
    get refused() {
      return refused;
    },
    get forwarded() {
      return forwarded;
    },
    cut() {
      isCut = true;
      for (const socket of open) socket.resetAndDestroy();
    },
    restore() {
      isCut = false;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `connectionString` with its host and port replaced by the proxy's (query options kept). */
export function throughProxy(connectionString: string, proxy: TcpProxy): string {
  const url = new URL(connectionString);
  url.hostname = proxy.host;
  url.port = String(proxy.port);
  return url.toString();
}
