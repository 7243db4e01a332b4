import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MediaAsset, MediaStore } from '@relaypost/core';
import { discardRequestBody } from '@relaypost/workflows';
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const READ_ONLY = 'GET, HEAD';

/**
 * The worker's HTTP side: `/healthz` (alive), `/readyz` (Postgres and Temporal answer),
 * `/metrics` (Prometheus), signed `/media/...` URLs for platforms that fetch media,
 * `/telegram/<workspace>` webhooks and the Temporal UI codec endpoint. A client's mistake gets a
 * 4xx with a short reason (400 malformed, 404 unknown path, 405 wrong method, 413 too large),
 * never a 500 or a reset; logs name the method and path, never the query or headers.
 */
export async function startWorkerHttp(
  options: WorkerHttpOptions,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    route(options, req, res).catch((error: unknown) => {
      options.logger.error({ err: error, method: req.method, path: pathForLog(req) }, 'http handler failed');
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
  const url = parseTarget(req.url);
  if (url === null) return refuse(req, res, 400, 'malformed request target');
  const path = url.pathname;
  // Handlers that read their own body.
  const telegram = /^\/telegram\/([^/]+)$/.exec(path);
  if (telegram && options.telegramWebhook && UUID.test(telegram[1]!)) {
    if (req.method !== 'POST') return refuse(req, res, 405, 'use POST', { allow: 'POST' });
    return options.telegramWebhook(telegram[1]!)(req, res);
  }
  if (path.startsWith('/codec/') && options.codec) return options.codec(req, res);

  // Everything else takes no body: it is read and dropped before the answer.
  if (!(await discardRequestBody(req, res))) {
    return send(res, 413, { error: 'request body too large' });
  }
  const readOnly = path === '/healthz' || path === '/readyz' || path === '/metrics' || isMedia(path, options);
  if (!readOnly) return send(res, 404, { error: 'not found' });
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, { error: `use ${READ_ONLY}` }, { allow: READ_ONLY });
  }
  if (path === '/healthz') return send(res, 200, { status: 'ok' });
  if (path === '/readyz') {
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
  if (path === '/metrics') {
    res.writeHead(200, { 'content-type': options.metrics.contentType });
    res.end(await options.metrics.metrics());
    return;
  }
  return serveMedia(options.media!, url, res);
}

async function serveMedia(
  media: NonNullable<WorkerHttpOptions['media']>,
  url: URL,
  res: ServerResponse,
): Promise<void> {
  const key = decodeMediaKey(url.pathname);
  if (key === null) return send(res, 400, { error: 'malformed percent-encoding in the media path' });
  if (!media.verify(key, url.searchParams.get('exp'), url.searchParams.get('sig'))) {
    return send(res, 403, { error: 'invalid or expired media URL' });
  }
  const bytes = await media.store.read({ storageKey: key } as MediaAsset).catch(() => null);
  if (!bytes) return send(res, 404, { error: 'not found' });
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[key.split('.').pop() ?? ''] ?? 'application/octet-stream',
    'content-length': String(bytes.length),
    'cache-control': 'private, max-age=300',
  });
  res.end(bytes);
}

function isMedia(path: string, options: WorkerHttpOptions): boolean {
  return options.media !== undefined && path.startsWith('/media/');
}

/**
 * The request target as a URL: origin form (`/path?query`, even `//path`) or absolute form; null
 * when it is neither.
 */
function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target?.startsWith('/') ? `http://worker${target}` : (target ?? '/'));
  } catch {
    return null;
  }
}

/** The storage key of a `/media/<key>` path, each segment percent-decoded; null when malformed. */
function decodeMediaKey(path: string): string | null {
  try {
    return path.slice('/media/'.length).split('/').map(decodeURIComponent).join('/');
  } catch {
    return null;
  }
}

/** Reads and drops the body, then answers: the client reads the refusal instead of a reset. */
async function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  reason: string,
  headers: Record<string, string> = {},
): Promise<void> {
  if (!(await discardRequestBody(req, res))) return send(res, 413, { error: 'request body too large' });
  return send(res, status, { error: reason }, headers);
}

/** What a log line may say about the request: the path only (a query can hold a signature). */
function pathForLog(req: IncomingMessage): string {
  const path = (req.url ?? '').split('?')[0] ?? '';
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
