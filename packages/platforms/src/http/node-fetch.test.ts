import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { UnknownOutcomeError } from '@relaypost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttp, platformCall } from './client.js';
import { createNodeFetch } from './node-fetch.js';

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  port: number;
}

/** A raw HTTP server (the fake platforms' server cannot misbehave on the wire the ways needed here). */
async function listen(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        port: (req.socket as Socket).remotePort ?? 0,
      });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('createNodeFetch', () => {
  const fetch = createNodeFetch({ env: {} });
  let other: Awaited<ReturnType<typeof listen>>;
  let main: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    other = await listen((_req, res) => res.end('other origin'));
    main = await listen((req, res, body) => {
      const path = req.url ?? '';
      if (path === '/echo') {
        res.setHeader('content-type', 'application/json');
        res.setHeader('x-twice', ['a', 'b']);
        res.statusCode = 201;
        res.end(JSON.stringify({ method: req.method, body }));
      } else if (path === '/gzip') {
        res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('squeezed'));
      } else if (path === '/br') {
        res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync('brotli'));
      } else if (path.startsWith('/redirect/')) {
        const [, , status, ...rest] = path.split('/');
        const to = rest.join('/').replace('OTHER', other.url);
        res.writeHead(Number(status), { location: /^[a-z]+:/.test(to) ? to : `/${to}` }).end();
      } else if (path === '/loop') {
        res.writeHead(302, { location: '/loop' }).end();
      } else if (path === '/empty') {
        res.writeHead(204).end();
      } else if (path === '/cut') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('only the start');
        setTimeout(() => res.socket?.destroy(), 20);
      } else if (path === '/then-close') {
        // An answer without `connection: close`, then the server closes the socket.
        res.socket?.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
      } else if (path === '/hang') {
        // Never answers.
      } else if (path === '/odd-status') {
        res.socket?.end('HTTP/1.1 999 Odd\r\ncontent-length: 0\r\n\r\n');
      } else {
        res.writeHead(404).end('no route');
      }
    });
  });
  afterAll(async () => {
    await main.close();
    await other.close();
  });

  it('sends the method, headers and body, and hands back status, headers and body', async () => {
    const response = await fetch(`${main.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-custom': 'yes' },
      body: JSON.stringify({ hello: 'wörld' }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-twice')).toBe('a, b');
    expect(await response.json()).toEqual({ method: 'POST', body: '{"hello":"wörld"}' });
    const sent = main.seen.at(-1);
    expect(sent?.headers['x-custom']).toBe('yes');
    expect(sent?.headers['content-length']).toBe(String(Buffer.byteLength('{"hello":"wörld"}')));
    expect(sent?.headers.accept).toBe('*/*');
  });

  it('reads the request body and lets go of it, so that cancelling it afterwards is cheap', async () => {
    const request = new Request(`${main.url}/echo`, { method: 'POST', body: 'abc' });
    await fetch(request);
    expect(request.body?.locked).toBe(false);
    expect(main.seen.at(-1)?.body).toBe('abc');
  });

  it('sends forms as their encoded bytes with their content type', async () => {
    const form = new FormData();
    form.append('field', 'value');
    form.append('file', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'a.png');
    await fetch(`${main.url}/echo`, { method: 'POST', body: form });
    const sent = main.seen.at(-1);
    expect(sent?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent?.body).toContain('name="field"');
    expect(sent?.body).toContain('filename="a.png"');
  });

  it('decodes gzip and brotli answers', async () => {
    expect(await (await fetch(`${main.url}/gzip`)).text()).toBe('squeezed');
    expect(await (await fetch(`${main.url}/br`)).text()).toBe('brotli');
  });

  it('keeps connections alive between requests', async () => {
    await fetch(`${main.url}/echo`);
    await fetch(`${main.url}/echo`);
    const [a, b] = main.seen.slice(-2);
    expect(a?.port).toBe(b?.port);
  });

  it('follows redirects as fetch does: 302 turns a POST into a GET, 307 resends the body', async () => {
    const moved = await fetch(`${main.url}/redirect/302/echo`, { method: 'POST', body: 'payload' });
    expect(await moved.json()).toEqual({ method: 'GET', body: '' });
    const kept = await fetch(`${main.url}/redirect/307/echo`, { method: 'POST', body: 'payload' });
    expect(await kept.json()).toEqual({ method: 'POST', body: 'payload' });
  });

  it('drops the authorization header when a redirect leaves the origin', async () => {
    const response = await fetch(`${main.url}/redirect/302/OTHER/landing`, {
      headers: { authorization: 'Bearer secret' },
    });
    expect(await response.text()).toBe('other origin');
    expect(other.seen.at(-1)?.headers.authorization).toBeUndefined();
    await fetch(`${main.url}/redirect/302/echo`, { headers: { authorization: 'Bearer secret' } });
    expect(main.seen.at(-1)?.headers.authorization).toBe('Bearer secret');
  });

  it('hands back the redirect itself with redirect: manual, and refuses it with redirect: error', async () => {
    const manual = await fetch(`${main.url}/redirect/308/echo`, { redirect: 'manual' });
    expect(manual.status).toBe(308);
    expect(manual.headers.get('location')).toBe('/echo');
    await expect(fetch(`${main.url}/redirect/302/echo`, { redirect: 'error' })).rejects.toThrow(
      'fetch failed',
    );
    await expect(fetch(`${main.url}/loop`)).rejects.toThrow('fetch failed');
    await expect(fetch(`${main.url}/redirect/302/ftp://files.example/x`)).rejects.toThrow('fetch failed');
  });

  it('gives a null body for 204 and HEAD', async () => {
    const empty = await fetch(`${main.url}/empty`, { method: 'DELETE' });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    const head = await fetch(`${main.url}/echo`, { method: 'HEAD' });
    expect(head.body).toBeNull();
  });

  it('rejects with TypeError("fetch failed") and the cause when the connection fails', async () => {
    const refused = await fetch('http://127.0.0.1:1/').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as TypeError).message).toBe('fetch failed');
    expect(((refused as TypeError).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    const cut = await fetch(`${main.url}/cut`).catch((error: unknown) => error);
    expect((cut as TypeError).message).toBe('fetch failed');
    const odd = await fetch(`${main.url}/odd-status`).catch((error: unknown) => error);
    expect((odd as TypeError).message).toBe('fetch failed');
  });

  it('drops a kept-alive socket the server closed while it was idle', async () => {
    const fresh = createNodeFetch({ env: {} });
    expect(await (await fresh(`${main.url}/then-close`)).text()).toBe('ok');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const answer = await fresh(`${main.url}/echo`, { method: 'POST', body: 'x' });
    expect(await answer.json()).toEqual({ method: 'POST', body: 'x' });
  });

  it('rejects with the signal’s reason when it aborts', async () => {
    const own = createNodeFetch({ env: {} });
    const controller = new AbortController();
    const pending = own(`${main.url}/hang`, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop now')), 50);
    await expect(pending).rejects.toThrow('stop now');
    await expect(
      fetch(`${main.url}/echo`, { signal: AbortSignal.abort(new Error('too late')) }),
    ).rejects.toThrow('too late');
  });

  it('leaves other schemes and proxied environments to the fallback', async () => {
    const asked: string[] = [];
    const fallback = (async (input: string | URL | Request) => {
      asked.push(input instanceof Request ? input.url : String(input));
      return new Response('from the fallback');
    }) as typeof globalThis.fetch;
    const plain = createNodeFetch({ fallback, env: {} });
    expect(await (await plain('data:text/plain,hi')).text()).toBe('from the fallback');
    expect(await (await plain(`${main.url}/echo`)).text()).not.toBe('from the fallback');
    const proxied = createNodeFetch({ fallback, env: { HTTPS_PROXY: 'http://proxy.internal:3128' } });
    expect(await (await proxied(`${main.url}/echo`)).text()).toBe('from the fallback');
    expect(asked).toEqual(['data:text/plain,hi', `${main.url}/echo`]);
  });

  it('is what the platform clients send with: a dropped answer to a write is an unknown outcome', async () => {
    const http = createHttp({ timeoutMs: 2_000 });
    const cut = await platformCall({ platform: 'test', mutating: true }, () =>
      http.post(`${main.url}/cut`, { json: { a: 1 } }).json(),
    ).catch((error: unknown) => error);
    expect(UnknownOutcomeError.isInstance(cut)).toBe(true);
    const slow = await platformCall({ platform: 'test', mutating: true }, () =>
      createHttp({ timeoutMs: 100 }).post(`${main.url}/hang`).json(),
    ).catch((error: unknown) => error);
    expect(UnknownOutcomeError.isInstance(slow)).toBe(true);
  });
});

describe('createNodeFetch over TLS', () => {
  // A self-signed certificate for 127.0.0.1, made for these tests only.
  const cert = readFileSync(new URL('../../test/fixtures/tls-test-cert.pem', import.meta.url), 'utf8');
  const key = readFileSync(new URL('../../test/fixtures/tls-test-key.pem', import.meta.url), 'utf8');
  let url = '';
  const ports: number[] = [];
  const server = createTlsServer({ cert, key }, (req, res) => {
    ports.push(req.socket.remotePort ?? 0);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ secure: true, path: req.url }));
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('checks the certificate: an unknown one fails as a network error', async () => {
    const strict = createNodeFetch({ env: {} });
    const refused = await strict(`${url}/a`).catch((error: unknown) => error);
    expect((refused as TypeError).message).toBe('fetch failed');
    expect(((refused as TypeError).cause as NodeJS.ErrnoException).code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('talks HTTPS to a server whose CA it is given, on one kept-alive connection', async () => {
    const trusting = createNodeFetch({ env: {}, extraCaCertificates: [cert] });
    expect(await (await trusting(`${url}/a`)).json()).toEqual({ secure: true, path: '/a' });
    expect(await (await trusting(`${url}/b`)).json()).toEqual({ secure: true, path: '/b' });
    expect(ports.length).toBe(2);
    expect(ports[0]).toBe(ports[1]);
  });
});
