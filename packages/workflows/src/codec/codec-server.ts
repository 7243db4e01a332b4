import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { discardRequestBody, readRequestBody } from '../http/request-body.js';

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
    // Every refusal waits for the body to arrive (and drops it), so the client reads the answer
    // instead of a connection reset mid-upload.
    const refuse = async (status: number, message: string, headers: Record<string, string> = {}) => {
      const drained = await discardRequestBody(request, response, maxBody);
      for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
      if (!drained) return send(413, { message: `body larger than ${maxBody} bytes` });
      return send(status, { message });
    };
    const operation = operationOf(request.url);
    if (!operation) return refuse(404, 'not found');
    if (request.method === 'OPTIONS') {
      if (origin && !cors['access-control-allow-origin']) return refuse(403, 'origin not allowed');
      await discardRequestBody(request, response, maxBody);
      return send(204);
    }
    if (request.method !== 'POST') return refuse(405, 'use POST', { allow: 'POST, OPTIONS' });
    if (options.authorize) {
      let allowed = false;
      try {
        allowed = await options.authorize(request);
      } catch {
        allowed = false;
      }
      // No credentials at all is 401 (RFC 9110 §15.5.2); credentials that were refused, 403.
      if (!allowed && !request.headers.authorization)
        return refuse(401, 'unauthorized: send Authorization: Bearer <token>', {
          'www-authenticate': 'Bearer',
        });
      if (!allowed) return refuse(403, 'forbidden: the token is not valid');
    }
    const body = await readRequestBody(request, maxBody, response);
    if (body.kind === 'aborted') return;
    if (body.kind === 'too_large') return send(413, { message: `body larger than ${maxBody} bytes` });
    let payloads: Payload[];
    try {
      payloads = parseBody(body.bytes.toString('utf8'));
    } catch (error) {
      return send(400, { message: error instanceof SyntaxError ? 'body is not JSON' : messageOf(error) });
    }
    try {
      const result =
        operation === 'encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
      return send(200, { payloads: result.map(toJson) });
    } catch (error) {
      // The codec refuses what it cannot open (a foreign key id, a tampered payload): the caller's input.
      return send(400, { message: messageOf(error) });
    }
  };
}

/** `encode` or `decode` from `/encode`, `/decode` or `/{namespace}/decode`; null for anything else. */
function operationOf(target: string | undefined): 'encode' | 'decode' | null {
  let path: string;
  try {
    path = new URL(target ?? '/', 'http://codec.invalid').pathname.replace(/\/+$/, '');
  } catch {
    return null;
  }
  if (path.split('/').length > 3) return null;
  return path.endsWith('/encode') ? 'encode' : path.endsWith('/decode') ? 'decode' : null;
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : 'invalid body';
  return message.length > 200 ? `${message.slice(0, 199)}…` : message;
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
