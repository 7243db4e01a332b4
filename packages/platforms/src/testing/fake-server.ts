import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake received, kept for assertions. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: Buffer;
  /** Parsed body: JSON, form fields, or multipart fields (file parts as Buffers). */
  json?: unknown;
  form?: Record<string, string>;
  multipart?: Record<string, string | Buffer>;
  receivedAt: number;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON (with the content type from `headers` or application/json). */
  body?: unknown;
}

export type FakeHandler = (
  request: RecordedRequest,
  params: Record<string, string>,
) => FakeResponse | Promise<FakeResponse>;

/** What a scripted fault does to a matching request. */
export type Fault =
  | { kind: 'respond'; response: FakeResponse }
  /** The request is applied (the handler runs), then the connection is cut before any answer. */
  | { kind: 'drop-after-apply' }
  /** The connection is cut before anything is applied. */
  | { kind: 'drop-before-apply' }
  | { kind: 'delay'; ms: number }
  /** The request is applied, then the answer waits: time to kill the client mid-request. */
  | { kind: 'delay-after-apply'; ms: number };

export interface FaultRule {
  match: (request: RecordedRequest) => boolean;
  fault: Fault;
  /** How many matching requests it applies to. */
  remaining: number;
}

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: FakeHandler;
}

/**
 * A small HTTP server on a loopback port for platform fakes: routes with `:params`, every
 * request recorded, and faults scripted per request (an error answer, a delay, or a connection
 * cut before or after the request is applied).
 *
 * @example
 * ```ts
 * const server = await FakeServer.start('example');
 * server.route('POST', '/v1/things/:id', (req, { id }) => ({ status: 201, body: { id } }));
 * server.scriptFault((r) => r.path.startsWith('/v1/things'), { kind: 'drop-after-apply' });
 * ```
 */
export class FakeServer {
  readonly name: string;
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly faults: FaultRule[] = [];
  private server: Server | undefined;
  private baseUrl = '';

  private constructor(name: string) {
    this.name = name;
  }

  /** Starts a server on 127.0.0.1 on a free port. */
  static async start(name: string): Promise<FakeServer> {
    const fake = new FakeServer(name);
    await fake.listen();
    return fake;
  }

  /** `http://127.0.0.1:<port>` without a trailing slash. */
  get url(): string {
    return this.baseUrl;
  }

  route(method: string, path: string, handler: FakeHandler): this {
    const keys: string[] = [];
    const source = path
      .split('/')
      .map((part) => {
        if (part.startsWith(':')) {
          keys.push(part.slice(1));
          return '([^/]+)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${source}/?$`), keys, handler });
    return this;
  }

  /** Applies `fault` to the next `times` requests that `match` accepts. */
  scriptFault(match: (request: RecordedRequest) => boolean, fault: Fault, times = 1): void {
    this.faults.push({ match, fault, remaining: times });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Recorded requests, optionally only those whose method and path match. */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter(
      (r) =>
        r.method === method.toUpperCase() && (typeof path === 'string' ? r.path === path : path.test(r.path)),
    );
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async listen(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`fake ${this.name} crashed: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const recorded = await record(req, this.baseUrl);
    this.requests.push(recorded);
    const fault = this.takeFault(recorded);
    if (fault?.kind === 'drop-before-apply') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'respond') {
      send(res, fault.response);
      return;
    }
    const response = await this.dispatch(recorded);
    if (fault?.kind === 'delay-after-apply') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'drop-after-apply') {
      req.socket.destroy();
      return;
    }
    send(res, response);
  }

  private takeFault(request: RecordedRequest): Fault | undefined {
    const index = this.faults.findIndex((rule) => rule.remaining > 0 && rule.match(request));
    if (index < 0) return undefined;
    const rule = this.faults[index]!;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.faults.splice(index, 1);
    return rule.fault;
  }

  private async dispatch(request: RecordedRequest): Promise<FakeResponse> {
    for (const route of this.routes) {
      if (route.method !== request.method) continue;
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        params[key] = decodeURIComponent(match[i + 1] ?? '');
      });
      return route.handler(request, params);
    }
    return {
      status: 404,
      body: { error: 'NotFound', message: `fake ${this.name}: no route ${request.method} ${request.path}` },
    };
  }
}

/** The whole body. Stream events, not an async iterator: cheaper when a benchmark sends a thousand at once. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(new Error('the client went away before the body ended'));
    });
  });
}

async function record(req: IncomingMessage, baseUrl: string): Promise<RecordedRequest> {
  const body = await readBody(req);
  const url = new URL(req.url ?? '/', baseUrl);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const recorded: RecordedRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
    receivedAt: Date.now(),
  };
  const type = headers['content-type'] ?? '';
  if (body.length > 0 && type.includes('json')) {
    try {
      recorded.json = JSON.parse(body.toString('utf8'));
    } catch {
      // Left unparsed: the fake's handler answers with the platform's own error.
    }
  } else if (type.includes('application/x-www-form-urlencoded')) {
    recorded.form = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  } else if (type.includes('multipart/form-data')) {
    recorded.multipart = await parseMultipart(body, type);
  }
  return recorded;
}

async function parseMultipart(body: Buffer, contentType: string): Promise<Record<string, string | Buffer>> {
  const form = await new Response(new Uint8Array(body), {
    headers: { 'content-type': contentType },
  }).formData();
  const fields: Record<string, string | Buffer> = {};
  for (const [key, value] of form.entries()) {
    fields[key] = typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer());
  }
  return fields;
}

function send(res: ServerResponse, response: FakeResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | Buffer | undefined;
  if (response.body === undefined || response.body === null) {
    payload = undefined;
  } else if (Buffer.isBuffer(response.body) || typeof response.body === 'string') {
    payload = response.body;
  } else {
    payload = JSON.stringify(response.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json';
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}
