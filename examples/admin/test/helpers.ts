import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { type AdminAppOptions, createAdminApp } from '../src/app.js';
import { openDatabase } from '../src/db/database.js';
import { createFakeRelayPost, type FakeRelayPost } from './fake-relaypost.js';

/** CI sets DATABASE_URL; the shared dev machine has a trusting local server. */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema per test file, dropped at the end. */
export function testSchema(): string {
  return `admin_test_${randomBytes(5).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

export function testDb(schema: string) {
  return openDatabase(DATABASE_URL, schema);
}

export interface TestApp {
  url: string;
  fake: FakeRelayPost;
  client(): TestClient;
  close(): Promise<void>;
}

/** The admin app on an ephemeral port, with the in-memory SDK double and its own schema. */
export async function startTestApp(overrides: Partial<AdminAppOptions> = {}): Promise<TestApp> {
  const schema = testSchema();
  const fake = createFakeRelayPost();
  let server: Server | null = null;
  const app = createAdminApp({
    relaypost: fake.relaypost,
    databaseUrl: DATABASE_URL,
    sessionSecret: 'test-session-secret-with-enough-characters',
    publicUrl: 'http://127.0.0.1:1',
    schema,
    log: () => undefined,
    signUpRateLimit: { limit: 1000 },
    ...overrides,
  });
  await app.migrate();
  server = createServer(app.handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    fake,
    client: () => new TestClient(url),
    async close() {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      await app.close();
      await dropSchema(schema);
    },
  };
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

/** A browser-ish client: keeps cookies, does not follow redirects, finds the CSRF token. */
export class TestClient {
  readonly cookies = new Map<string, string>();
  lastHtml = '';

  constructor(readonly base: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index);
      const value = pair!.slice(index + 1);
      if (/max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(
    method: string,
    path: string,
    init: { body?: RequestInit['body']; headers?: Record<string, string> } = {},
  ): Promise<TestResponse> {
    const response = await fetch(new URL(path, this.base), {
      method,
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    this.remember(response.headers);
    const text = await response.text();
    if ((response.headers.get('content-type') ?? '').startsWith('text/html')) this.lastHtml = text;
    return {
      status: response.status,
      headers: response.headers,
      text,
      location: response.headers.get('location'),
    };
  }

  get(path: string): Promise<TestResponse> {
    return this.request('GET', path);
  }

  /** The CSRF token of the last page (from the meta tag every page carries). */
  csrf(): string {
    const match = /<meta name="csrf-token" content="([^"]+)">/.exec(this.lastHtml);
    if (!match) throw new Error('no CSRF token on the last page');
    return match[1]!;
  }

  /** Posts a URL-encoded form; `_csrf` is taken from the last page unless given. */
  async post(
    path: string,
    fields: Record<string, string | string[]> = {},
    options: { csrf?: string | null; headers?: Record<string, string> } = {},
  ): Promise<TestResponse> {
    const body = new URLSearchParams();
    const token = options.csrf === undefined ? this.csrf() : options.csrf;
    if (token !== null) body.set('_csrf', token);
    for (const [key, value] of Object.entries(fields))
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    return this.request('POST', path, {
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
    });
  }

  /** Posts a multipart form (files included). */
  async postMultipart(path: string, form: FormData): Promise<TestResponse> {
    if (!form.has('_csrf')) form.set('_csrf', this.csrf());
    return this.request('POST', path, { body: form });
  }

  /** Signs up with a new workspace and lands signed in. */
  async signUp(
    email = `user-${randomBytes(4).toString('hex')}@example.com`,
    workspaceName = 'Acme',
    timeZone = 'Europe/Berlin',
  ) {
    await this.get('/sign-up');
    const response = await this.post('/sign-up', {
      email,
      password: 'correct horse battery',
      workspaceName,
      timeZone,
    });
    if (response.status !== 303)
      throw new Error(`sign-up failed: ${response.status}\n${response.text.slice(0, 2000)}`);
    return { email, password: 'correct horse battery' };
  }
}

/** A tiny valid PNG of the given size (header and IHDR are all the fake reads). */
export function pngBytes(width = 1200, height = 630): Uint8Array {
  const bytes = new Uint8Array(64);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes;
}
