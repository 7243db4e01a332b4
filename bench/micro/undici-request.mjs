// The candidate measured against createNodeFetch (packages/platforms/src/http/node-fetch.ts):
// the same fetch contract on undici's keep-alive pools, sent with `undici.request`, redirects by
// undici's redirect interceptor, a proxy from the environment by its EnvHttpProxyAgent. It passed
// the transport's contract tests (packages/platforms/src/http/node-fetch.test.ts) when measured; it is
// kept here so that the comparison can be run again on a newer undici.
import { rootCertificates } from 'node:tls';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Agent, EnvHttpProxyAgent, interceptors } from 'undici';

/** @type {Record<string, (body: Uint8Array) => Promise<Buffer>>} */
const decoders = {
  gzip: promisify(zlib.gunzip),
  'x-gzip': promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};
const FOLLOW = { maxRedirections: 20, throwOnMaxRedirect: true };
const STAY = { maxRedirections: 0 };
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * @param {{ fallback?: typeof globalThis.fetch, env?: NodeJS.ProcessEnv, extraCaCertificates?: readonly string[] }} [options]
 * @returns {typeof globalThis.fetch}
 */
export function createNodeFetch(options = {}) {
  const fallback = options.fallback ?? globalThis.fetch;
  const env = options.env ?? process.env;
  const tls = options.extraCaCertificates?.length
    ? { ca: [...rootCertificates, ...options.extraCaCertificates] }
    : undefined;
  const agentOptions = { keepAliveTimeout: 4_000, ...(tls ? { connect: tls } : {}) };
  const direct = new Agent(agentOptions).compose(interceptors.redirect());
  /** @type {{ key: string, dispatcher: import('undici').Dispatcher } | undefined} */
  let proxied;
  const dispatcherFor = () => {
    const httpProxy = env.http_proxy ?? env.HTTP_PROXY;
    const httpsProxy = env.https_proxy ?? env.HTTPS_PROXY;
    if (!httpProxy && !httpsProxy) return direct;
    const proxy = {
      ...(httpProxy ? { httpProxy } : {}),
      ...(httpsProxy ? { httpsProxy } : {}),
      noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
    };
    const key = JSON.stringify(proxy);
    if (proxied?.key !== key) {
      void proxied?.dispatcher.close();
      const agent = new EnvHttpProxyAgent({ ...agentOptions, ...(tls ? { requestTls: tls } : {}), ...proxy });
      proxied = { key, dispatcher: agent.compose(interceptors.redirect()) };
    }
    return proxied.dispatcher;
  };

  return /** @type {typeof globalThis.fetch} */ (
    async (/** @type {Request | string | URL} */ input, /** @type {RequestInit | undefined} */ init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const url = new URL(request.url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return fallback(request);
      const { signal } = request;
      signal.throwIfAborted();
      const body = request.body === null ? null : await readWhole(request.body);
      /** @type {Record<string, string>} */
      const headers = {};
      for (const [name, value] of request.headers) headers[name] = value;
      headers.accept ??= '*/*';
      headers['accept-encoding'] ??= 'gzip, deflate, br';
      headers['user-agent'] ??= 'node';
      try {
        const answer = await dispatcherFor().request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: /** @type {import('undici').Dispatcher.HttpMethod} */ (request.method),
          headers,
          body,
          signal,
          ...(request.redirect === 'follow' ? FOLLOW : STAY),
        });
        const raw = await answer.body.bytes();
        if (request.redirect === 'error' && REDIRECTS.has(answer.statusCode) && answer.headers.location) {
          throw new Error(`redirect refused (redirect: 'error')`);
        }
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(answer.headers)) {
          if (Array.isArray(value)) for (const one of value) responseHeaders.append(name, one);
          else if (value !== undefined) responseHeaders.append(name, value);
        }
        const status = answer.statusCode;
        const nullBody = request.method === 'HEAD' || status === 204 || status === 205 || status === 304;
        /** @type {Uint8Array | null} */
        let payload = nullBody ? null : raw;
        const decode = decoders[responseHeaders.get('content-encoding')?.trim().toLowerCase() ?? ''];
        if (payload !== null && payload.length > 0 && decode) payload = await decode(payload);
        return new Response(/** @type {Uint8Array<ArrayBuffer> | null} */ (payload), {
          status,
          statusText: answer.statusText ?? '',
          headers: responseHeaders,
        });
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        throw new TypeError('fetch failed', { cause: error });
      }
    }
  );
}

/**
 * The request body, read with a reader that is released afterwards (as createNodeFetch does:
 * ky cancels the body after each call).
 *
 * @param {ReadableStream<Uint8Array>} stream
 * @returns {Promise<Buffer>}
 */
async function readWhole(stream) {
  const reader = stream.getReader();
  /** @type {Uint8Array[]} */
  const chunks = [];
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks);
}
