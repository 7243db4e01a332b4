import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Payload, PayloadCodec } from '@temporalio/common';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /**
   * Origins allowed to call from a browser (the Temporal UI's own origin, e.g.
   * `https://temporal.example.com` or `http://localhost:8233`). `'*'` allows any origin without
   * credentials. Default: none (CLI only).
   */
  corsOrigins?: readonly string[] | '*';
  /**
   * Decides whether a request may use the codec (check the `Authorization` header the UI forwards).
   * Without it every caller that reaches the port may decode: keep the server on a private network.
   */
  authorize?: (request: IncomingMessage) => boolean | Promise<boolean>;
  /** Largest request body accepted. Default 8 MiB. */
  maxBodyBytes?: number;
}

/** A payload in proto3 JSON: every bytes field (metadata values and data) is base64. */
interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

const ALLOWED_HEADERS = 'Content-Type, X-Namespace, Authorization';

/**
 * A node:http handler implementing Temporal's remote codec protocol, so the Temporal UI and CLI
 * can show decrypted payloads: `POST /encode` and `POST /decode` (also under a namespace prefix,
 * `/{namespace}/decode`), each taking and returning `{ "payloads": [...] }` in proto3 JSON.
 * Answers CORS preflights for the configured origins, with credentials allowed so the UI's
 * "include cross-origin credentials" setting works.
 *
 * @example
 * ```ts
 * const handler = createCodecServer({ codec, corsOrigins: ['http://localhost:8233'] });
 * http.createServer(handler).listen(8888);
 * // Temporal UI → Settings → Codec server: http://localhost:8888
 * ```
 */
export function createCodecServer(
  options: CodecServerOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const maxBody = options.maxBodyBytes ?? 8 * 1024 * 1024;
  return async (request, response) => {
    const origin = request.headers.origin;
    const cors = corsHeaders(options.corsOrigins, origin);
    const send = (status: number, body?: unknown) => {
      const headers: Record<string, string> = { ...cors };
      if (body !== undefined) headers['content-type'] = 'application/json';
      response.writeHead(status, headers);
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    try {
      const path = new URL(request.url ?? '/', 'http://codec.invalid').pathname.replace(/\/+$/, '');
      const operation = path.endsWith('/encode') ? 'encode' : path.endsWith('/decode') ? 'decode' : null;
      if (!operation || path.split('/').length > 3) return send(404, { message: 'not found' });
      if (request.method === 'OPTIONS') {
        return send(origin && !cors['access-control-allow-origin'] ? 403 : 204);
      }
      if (request.method !== 'POST') return send(405, { message: 'use POST' });
      if (options.authorize && !(await options.authorize(request)))
        return send(401, { message: 'unauthorized' });
      const raw = await readBody(request, maxBody);
      if (raw === null) return send(413, { message: `body larger than ${maxBody} bytes` });
      let payloads: Payload[];
      try {
        payloads = parseBody(raw);
      } catch (error) {
        return send(400, { message: error instanceof Error ? error.message : 'invalid body' });
      }
      const result =
        operation === 'encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
      return send(200, { payloads: result.map(toJson) });
    } catch (error) {
      return send(400, { message: error instanceof Error ? error.message : 'codec failed' });
    }
  };
}

function corsHeaders(
  allowed: CodecServerOptions['corsOrigins'],
  origin: string | undefined,
): Record<string, string> {
  if (!allowed || !origin) return {};
  if (allowed === '*') {
    return {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': ALLOWED_HEADERS,
    };
  }
  if (!allowed.includes(origin)) return { vary: 'Origin' };
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

async function readBody(request: IncomingMessage, max: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > max) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string): Payload[] {
  const body = JSON.parse(raw) as { payloads?: unknown };
  if (!body || !Array.isArray(body.payloads)) throw new Error('body must be {"payloads":[...]}');
  return body.payloads.map((item: JsonPayload, index) => {
    if (!item || typeof item !== 'object') throw new Error(`payloads.${index} must be an object`);
    const metadata: Record<string, Uint8Array> = {};
    for (const [key, value] of Object.entries(item.metadata ?? {})) {
      if (typeof value !== 'string') throw new Error(`payloads.${index}.metadata.${key} must be base64`);
      metadata[key] = fromBase64(value);
    }
    return { metadata, data: fromBase64(item.data ?? '') };
  });
}

function fromBase64(value: string): Uint8Array {
  return new Uint8Array(Buffer.from(value, 'base64'));
}

function toJson(payload: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [
        key,
        Buffer.from(value ?? []).toString('base64'),
      ]),
    ),
    data: Buffer.from(payload.data ?? []).toString('base64'),
  };
}
