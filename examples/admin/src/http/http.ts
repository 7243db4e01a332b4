import type { IncomingMessage } from 'node:http';
import type { Html } from '../html/html.js';

/** What a route returns; the app writes it out with the cookies and security headers. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const page = (body: Html, status = 200): Reply => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: body.value,
});

/** 303 See Other: after a POST, the browser GETs the target (no resubmission on reload). */
export const redirect = (location: string, status = 303): Reply => ({ status, headers: { location } });

export const json = (value: unknown, status = 200): Reply => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(value),
});

/** Parses the Cookie header; a malformed pair is skipped. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const index = pair.indexOf('=');
    if (index < 0) continue;
    const name = pair.slice(0, index).trim();
    if (!name || name in cookies) continue;
    try {
      cookies[name] = decodeURIComponent(pair.slice(index + 1).trim());
    } catch {
      // skip
    }
  }
  return cookies;
}

export interface CookieOptions {
  maxAgeSeconds?: number;
  path?: string;
  secure: boolean;
  httpOnly?: boolean;
  sameSite?: 'Lax' | 'Strict';
}

/** A `Set-Cookie` value. Cookies are HttpOnly and SameSite=Lax unless said otherwise. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path ?? '/'}`];
  if (options.maxAgeSeconds !== undefined)
    parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`);
  if (options.httpOnly !== false) parts.push('HttpOnly');
  parts.push(`SameSite=${options.sameSite ?? 'Lax'}`);
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** A submitted form, whatever its encoding. */
export interface Form {
  get(name: string): string | undefined;
  getAll(name: string): string[];
  files(name: string): File[];
  has(name: string): boolean;
}

function formFromData(data: FormData): Form {
  return {
    get: (name) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : undefined;
    },
    getAll: (name) => data.getAll(name).filter((v): v is string => typeof v === 'string'),
    files: (name) => data.getAll(name).filter((v): v is File => typeof v !== 'string' && v.size > 0),
    has: (name) => data.has(name),
  };
}

export function formFromParams(params: URLSearchParams): Form {
  return {
    get: (name) => params.get(name) ?? undefined,
    getAll: (name) => params.getAll(name),
    files: () => [],
    has: (name) => params.has(name),
  };
}

/** Reads the whole body, refusing more than `maxBytes` (413). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new HttpError(413, `The request is larger than ${maxBytes} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpError(413, `The request is larger than ${maxBytes} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export type Body = { kind: 'form'; form: Form } | { kind: 'json'; value: unknown } | { kind: 'none' };

/**
 * Parses a request body: URL-encoded and multipart forms (multipart through the platform's own
 * `Response.formData()`, so no parser dependency), and JSON.
 */
export async function parseBody(
  req: IncomingMessage,
  limits: { formBytes: number; uploadBytes: number },
): Promise<Body> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const bytes = await readBody(req, limits.uploadBytes);
    try {
      const data = await new Response(bytes, {
        headers: { 'content-type': req.headers['content-type']! },
      }).formData();
      return { kind: 'form', form: formFromData(data) };
    } catch {
      throw new HttpError(400, 'The form could not be read.');
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const bytes = await readBody(req, limits.formBytes);
    return { kind: 'form', form: formFromParams(new URLSearchParams(bytes.toString('utf8'))) };
  }
  if (type.startsWith('application/json')) {
    const bytes = await readBody(req, limits.formBytes);
    try {
      return { kind: 'json', value: JSON.parse(bytes.toString('utf8')) };
    } catch {
      throw new HttpError(400, 'The JSON body could not be read.');
    }
  }
  await readBody(req, limits.formBytes);
  return { kind: 'none' };
}

/** The client's address: the socket's, or the first `X-Forwarded-For` hop when the proxy is trusted. */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * A route table with `:name` parameters.
 *
 * @example
 * ```ts
 * const router = createRouter<Handler>();
 * router.add('GET', '/posts/:id', showPost);
 * router.match('GET', '/posts/42') // { handler: showPost, params: { id: '42' } }
 * ```
 */
export function createRouter<H>() {
  const routes: Array<{ method: string; pattern: RegExp; keys: string[]; handler: H }> = [];
  return {
    add(method: string, path: string, handler: H): void {
      const keys: string[] = [];
      const source = path
        .split('/')
        .map((segment) => {
          if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          keys.push(segment.slice(1));
          return '([^/]+)';
        })
        .join('/');
      routes.push({ method, pattern: new RegExp(`^${source}/?$`), keys, handler });
    },
    /** The handler and parameters, `'method'` when the path exists for another method, or null. */
    match(method: string, path: string): { handler: H; params: Record<string, string> } | 'method' | null {
      let other = false;
      for (const route of routes) {
        const found = route.pattern.exec(path);
        if (!found) continue;
        if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) {
          other = true;
          continue;
        }
        const params: Record<string, string> = {};
        route.keys.forEach((key, i) => {
          params[key] = decodeURIComponent(found[i + 1]!);
        });
        return { handler: route.handler, params };
      }
      return other ? 'method' : null;
    },
  };
}
