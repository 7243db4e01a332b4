// Kept over undici after measuring (2026-12-07, Node 24.21, undici 8.14.1, 2 shared cores;
// bench/micro/http-transport.mjs: 1,000–2,000 createRecord calls to the Bluesky fake, 64 in
// flight, each transport in its own process, alternating, 8–12 rounds per run, five runs). Through
// ky, as the adapters send, undici.request behind this same contract (bench/micro/undici-request.mjs,
// which passed src/http/node-fetch.test.ts) took 7–24 % more CPU per request than this file (geometric
// means of the per-round ratios 1.07, 1.07, 1.10, 1.12, 1.24; medians 0.39–0.48 ms here, 0.48–0.53
// ms with undici); the fetch call alone was even (0.92–1.04). undici's own fetch took about half
// as much again, the global fetch 27–51 % more. Run the benchmark again before switching.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/** Idle keep-alive sockets are closed after this long, before most servers close them under us. */
const IDLE_SOCKET_MS = 4_000;
/** As many as fetch follows. */
const MAX_REDIRECTS = 20;
const PROXY_VARIABLES = ['NODE_USE_ENV_PROXY', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

const decoders: Record<string, (body: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  'x-gzip': promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

export interface NodeFetchOptions {
  /** Used for what this transport does not handle itself (other schemes, a proxy from the environment). */
  fallback?: typeof globalThis.fetch;
  /** Read when a request is made; a proxy configured here sends every request through `fallback`. */
  env?: NodeJS.ProcessEnv;
  /**
   * PEM certificates to trust besides the usual public roots (a self-hosted PDS behind a private
   * CA, say). `NODE_EXTRA_CA_CERTS` works too.
   */
  extraCaCertificates?: readonly string[];
}

/**
 * A `fetch` for the platform clients on Node's own `http`/`https` with keep-alive agents. The
 * global fetch spends more than twice the CPU on a request (web streams on both sides); at the
 * second a thousand posts are due, every request's CPU is lateness for the ones behind it.
 *
 * It keeps fetch's contract where the adapters rely on it: the request body is sent whole (the
 * adapters send buffers and forms, never endless streams), the answer is read whole and decoded
 * (gzip, deflate, br), redirects are followed as fetch follows them (`manual` hands the 3xx
 * back), the signal aborts with its reason, and a failed connection rejects with
 * `TypeError('fetch failed')` and the cause. Other schemes and proxied environments go to `fallback`.
 *
 * @example
 * ```ts
 * const http = ky.create({ fetch: createNodeFetch() });
 * ```
 */
export function createNodeFetch(options: NodeFetchOptions = {}): typeof globalThis.fetch {
  const fallback = options.fallback ?? globalThis.fetch;
  const env = options.env ?? process.env;
  const agents = {
    'http:': new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
    'https:': new https.Agent({
      keepAlive: true,
      timeout: IDLE_SOCKET_MS,
      ...(options.extraCaCertificates?.length
        ? { ca: [...rootCertificates, ...options.extraCaCertificates] }
        : {}),
    }),
  };

  return async (input, init) => {
    // ky hands over a finished Request (its second argument holds only options fetch ignores).
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    if (!isHttp(url) || PROXY_VARIABLES.some((name) => env[name])) return fallback(request);
    request.signal.throwIfAborted();
    const body = request.body === null ? undefined : await readWhole(request.body);
    const headers = headersOf(request.headers);
    return follow(
      { method: request.method, url, headers, body },
      request.redirect,
      request.signal,
      (target) => agents[target.protocol as 'http:' | 'https:'],
    );
  };
}

interface Outgoing {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

async function follow(
  first: Outgoing,
  mode: Request['redirect'],
  signal: AbortSignal,
  agentFor: (url: URL) => http.Agent,
): Promise<Response> {
  let current = first;
  for (let hops = 0; ; hops++) {
    const answer = await exchange(current, signal, agentFor(current.url));
    const location = answer.headers.get('location');
    if (!isRedirect(answer.status) || location === null || mode === 'manual') return answer;
    if (mode === 'error' || hops === MAX_REDIRECTS) {
      throw new TypeError('fetch failed', { cause: new Error(`redirect refused (${mode}, ${hops} hops)`) });
    }
    const target = new URL(location, current.url);
    if (!isHttp(target)) {
      throw new TypeError('fetch failed', { cause: new Error(`redirect to a ${target.protocol} URL`) });
    }
    current = redirected(current, answer.status, target);
  }
}

/** The next request after a redirect, by the fetch standard's rules. */
function redirected(previous: Outgoing, status: number, url: URL): Outgoing {
  const headers = { ...previous.headers };
  // A credential meant for one origin never follows the request to another.
  if (url.origin !== previous.url.origin) {
    delete headers.authorization;
    delete headers.cookie;
  }
  const becomesGet =
    ((status === 301 || status === 302) && previous.method === 'POST') ||
    (status === 303 && previous.method !== 'GET' && previous.method !== 'HEAD');
  if (!becomesGet) return { ...previous, url, headers };
  for (const name of [
    'content-type',
    'content-length',
    'content-encoding',
    'content-language',
    'content-location',
  ]) {
    delete headers[name];
  }
  return { method: 'GET', url, headers, body: undefined };
}

/** One request and its whole answer. */
function exchange(outgoing: Outgoing, signal: AbortSignal, agent: http.Agent): Promise<Response> {
  const { url, body } = outgoing;
  const client = url.protocol === 'https:' ? https : http;
  const headers = { ...outgoing.headers };
  if (body !== undefined) headers['content-length'] = String(body.length);
  else if (['POST', 'PUT', 'PATCH'].includes(outgoing.method)) headers['content-length'] = '0';

  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      reject(error);
    };
    const onAbort = () => {
      fail(signal.reason);
      request.destroy();
    };
    const request = client.request(url, { method: outgoing.method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', (error) => fail(new TypeError('fetch failed', { cause: error })));
      response.once('close', () => {
        if (!response.complete)
          fail(new TypeError('fetch failed', { cause: new Error('the answer was cut off') }));
      });
      response.once('end', () => {
        if (settled) return;
        const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
        toResponse(response, raw, outgoing.method).then((answer) => {
          if (settled) return;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          resolve(answer);
        }, fail);
      });
    });
    // Nothing is sent again here, not even on a kept-alive socket the server closed just as it
    // was reused: that looks the same as a server that dropped the request after applying it,
    // and retries belong to the activity. Idle sockets close before most servers close them.
    request.once('error', (error) => fail(new TypeError('fetch failed', { cause: error })));
    signal.addEventListener('abort', onAbort, { once: true });
    request.end(body);
  });
}

async function toResponse(response: IncomingMessage, raw: Buffer, method: string): Promise<Response> {
  const status = response.statusCode ?? 0;
  const headers = new Headers();
  const pairs = response.rawHeaders;
  for (let i = 0; i + 1 < pairs.length; i += 2) headers.append(pairs[i] as string, pairs[i + 1] as string);
  const nullBody = method === 'HEAD' || status === 204 || status === 205 || status === 304;
  let body: Buffer | null = nullBody ? null : raw;
  const encoding = headers.get('content-encoding')?.trim().toLowerCase();
  const decode = encoding ? decoders[encoding] : undefined;
  if (body !== null && body.length > 0 && decode) {
    try {
      body = await decode(body);
    } catch (error) {
      throw new TypeError('fetch failed', { cause: error });
    }
  }
  try {
    return new Response(body, { status, statusText: response.statusMessage ?? '', headers });
  } catch (error) {
    // A status fetch cannot represent (outside 200–599).
    throw new TypeError('fetch failed', { cause: error });
  }
}

/**
 * The request body's bytes, read with a reader that is released afterwards: ky cancels every
 * request's body once the call is over, and cancelling a stream still locked by
 * `arrayBuffer()` fails with an error whose stack trace costs as much as a tenth of the request.
 */
async function readWhole(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  } finally {
    reader.releaseLock();
  }
  return chunks.length === 1 ? Buffer.from(chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

function headersOf(source: Headers): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of source) headers[name] = value;
  // What fetch sends when the caller says nothing.
  headers.accept ??= '*/*';
  headers['accept-encoding'] ??= 'gzip, deflate, br';
  headers['user-agent'] ??= 'node';
  return headers;
}

function isHttp(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
