import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MediaAsset, MediaStore } from '@relaypost/core';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface WorkerHttpOptions {
  host: string;
  port: number;
  logger: Logger;
  metrics: Registry;
  /** Resolves when every dependency answers; rejects with the reason otherwise. */
  readiness: () => Promise<void>;
  media?: {
    store: MediaStore;
    verify(key: string, expires: string | null, signature: string | null): boolean;
  };
  /** Telegram webhook per workspace: POST /telegram/<workspaceId>. */
  telegramWebhook?: (workspaceId: string) => Handler;
  /** Temporal UI remote codec: POST /codec/encode and /codec/decode. */
  codec?: Handler;
}

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
};

/**
 * The worker's HTTP side: `/healthz` (alive), `/readyz` (Postgres and Temporal answer),
 * `/metrics` (Prometheus), signed `/media/...` URLs for platforms that fetch media,
 * `/telegram/<workspace>` webhooks and the Temporal UI codec endpoint.
 */
export async function startWorkerHttp(
  options: WorkerHttpOptions,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    route(options, req, res).catch((error: unknown) => {
      options.logger.error({ err: error, path: req.url }, 'http handler failed');
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function route(options: WorkerHttpOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://worker');
  const path = url.pathname;
  if (req.method === 'GET' && path === '/healthz') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path === '/readyz') {
    try {
      await options.readiness();
      return send(res, 200, { status: 'ready' });
    } catch (error) {
      return send(res, 503, {
        status: 'not ready',
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  if (req.method === 'GET' && path === '/metrics') {
    res.writeHead(200, { 'content-type': options.metrics.contentType });
    res.end(await options.metrics.metrics());
    return;
  }
  if (req.method === 'GET' && path.startsWith('/media/') && options.media) {
    const key = path.slice('/media/'.length).split('/').map(decodeURIComponent).join('/');
    if (!options.media.verify(key, url.searchParams.get('exp'), url.searchParams.get('sig'))) {
      return send(res, 403, { error: 'invalid or expired media URL' });
    }
    const bytes = await options.media.store.read({ storageKey: key } as MediaAsset).catch(() => null);
    if (!bytes) return send(res, 404, { error: 'not found' });
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[key.split('.').pop() ?? ''] ?? 'application/octet-stream',
      'content-length': String(bytes.length),
      'cache-control': 'private, max-age=300',
    });
    res.end(bytes);
    return;
  }
  const telegram = /^\/telegram\/([0-9a-f-]{36})$/.exec(path);
  if (req.method === 'POST' && telegram && options.telegramWebhook)
    return options.telegramWebhook(telegram[1]!)(req, res);
  if (path.startsWith('/codec/') && options.codec) return options.codec(req, res);
  return send(res, 404, { error: 'not found' });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
