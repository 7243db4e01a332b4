import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyring, createMemoryStore, type RelayPostStore, type Workspace } from '@relaypost/core';
import { createLocalMediaStore, createSignedMediaUrls } from '@relaypost/sdk/media';
import { createTelegramBridge } from '@relaypost/workflows';
import { createTelegramFake, type TelegramFake } from '@relaypost/workflows/testing';
import fc from 'fast-check';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawResponse, rawRequest } from '../test/support/raw-http.js';
import { codecEndpoint } from './codec-endpoint.js';
import { startWorkerHttp } from './http-server.js';

const SIGNING_SECRET = 'signing-secret-of-at-least-32-characters';
const CODEC_TOKEN = 'codec-token-of-at-least-32-characters!';
const KEYS = [{ id: 'k1', key: randomBytes(32).toString('base64') }];

/**
 * The worker's HTTP server as it runs (media, Telegram webhook, codec), driven over raw TCP with
 * what clients get wrong: every client mistake gets a 4xx with a short reason, never a 500 or a
 * reset connection, and nothing secret the client sent reaches the log.
 */
describe('worker HTTP: bad requests', () => {
  let store: RelayPostStore;
  let workspace: Workspace;
  let telegram: TelegramFake;
  let mediaDir: string;
  let server: Awaited<ReturnType<typeof startWorkerHttp>>;
  let webhookSecret: string;
  const logged: string[] = [];

  beforeAll(async () => {
    telegram = await createTelegramFake();
    store = createMemoryStore({ keyring: createKeyring({ keys: KEYS }) });
    workspace = await store.workspaces.create({
      name: 'Acme',
      telegram: { botToken: telegram.token, approverChatIds: [1001], approverUserIds: [7] },
    });
    mediaDir = await mkdtemp(join(tmpdir(), 'relaypost-http-'));
    const mediaStore = createLocalMediaStore({ directory: mediaDir });
    await mediaStore.put('ws/a.png', new Uint8Array([1, 2, 3]), { contentType: 'image/png' });
    const urls = createSignedMediaUrls({ baseUrl: 'http://worker.invalid', secret: SIGNING_SECRET });
    const bridge = createTelegramBridge({
      store,
      callbackSecret: SIGNING_SECRET,
      apiRoot: telegram.url,
      onDecision: async () => undefined,
    });
    webhookSecret = bridge.webhookSecret(workspace.id);
    const logger = pino({ level: 'debug' }, { write: (line: string) => void logged.push(line) });
    server = await startWorkerHttp({
      host: '127.0.0.1',
      port: 0,
      logger,
      metrics: new Registry(),
      readiness: async () => undefined,
      media: { store: mediaStore, verify: urls.verify },
      telegramWebhook: (workspaceId) => bridge.webhookHandler(workspaceId),
      codec: codecEndpoint({ keys: KEYS, token: CODEC_TOKEN }),
    });
  });
  afterAll(async () => {
    await server?.close();
    await telegram?.close();
    if (mediaDir) await rm(mediaDir, { recursive: true, force: true });
  });

  const get = (path: string, headers: string[] = []) =>
    rawRequest(server.url, [`GET ${path} HTTP/1.1`, 'Host: worker', ...headers].join('\r\n'));
  const post = (path: string, body: Buffer | string, headers: string[] = [], untilClosed = false) =>
    rawRequest(
      server.url,
      [
        `POST ${path} HTTP/1.1`,
        'Host: worker',
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        ...headers,
      ].join('\r\n'),
      body,
      { untilClosed },
    );
  const reason = (response: RawResponse) => (JSON.parse(response.body) as { error: string }).error;

  it('still serves what is well formed', async () => {
    expect((await get('/healthz')).status).toBe(200);
    const url = await createSignedMediaUrls({ baseUrl: server.url, secret: SIGNING_SECRET }).urlFor(
      { storageKey: 'ws/a.png' } as never,
      { expiresInSeconds: 60 },
    );
    const media = await get(`${url.pathname}${url.search}`);
    expect(media.status).toBe(200);
    expect(media.headers['content-type']).toBe('image/png');
  });

  it.each(['/media/%E0%A4%A', '/media/%', '/media/a%2', '/media/%ZZ', '/media/ws/%C0%AF'])(
    'answers 400 for the malformed encoding of %s',
    async (path) => {
      const response = await get(path);
      expect(response.status).toBe(400);
      expect(reason(response)).toMatch(/encod/);
    },
  );

  it('refuses media keys that climb out of the media directory as not found, not as an error', async () => {
    for (const path of [
      '/media/%00',
      '/media/..%2F..%2Fetc%2Fpasswd',
      '/media/%2e%2e/%2e%2e/etc/passwd',
      '/media/',
    ]) {
      const response = await get(`${path}?exp=9999999999&sig=x`);
      expect([403, 404]).toContain(response.status);
    }
  });

  it.each([
    '*',
    '//',
    '///etc/passwd',
    'http://[::1',
    '/\\..\\..',
    '/%',
    '/telegram/%',
    '/codec/%',
    'worker:8080',
  ])('answers a 4xx for the odd path %s', async (path) => {
    const response = await get(path);
    expect(response.error).toBeNull();
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it('answers 404 for unknown paths and 405 for a known path with the wrong method', async () => {
    expect((await get('/nothing-here')).status).toBe(404);
    const wrong = await post('/healthz', '{}');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET, HEAD');
    const telegramGet = await get(`/telegram/${workspace.id}`);
    expect(telegramGet.status).toBe(405);
    expect(telegramGet.headers.allow).toBe('POST');
  });

  describe('Telegram webhook with the right secret', () => {
    const send = (body: string) =>
      post(`/telegram/${workspace.id}`, body, [`X-Telegram-Bot-Api-Secret-Token: ${webhookSecret}`]);

    it.each([
      ['not JSON', '{"update_id":'],
      ['null', 'null'],
      ['a number', '42'],
      ['an array', '[]'],
      ['a string', '"update"'],
      ['a callback query without its fields', '{"update_id":1,"callback_query":{}}'],
      ['a callback query that is null', '{"update_id":1,"callback_query":null}'],
      ['a sender without an id', '{"update_id":1,"callback_query":{"id":"q","from":{},"data":"x"}}'],
      ['data that is not text', '{"update_id":1,"callback_query":{"id":"q","from":{"id":7},"data":5}}'],
      ['a query id that is an object', '{"update_id":1,"callback_query":{"id":{},"from":{"id":7}}}'],
    ])('answers 400 for a body that is %s', async (_, body) => {
      const response = await send(body);
      expect(response.status).toBe(400);
      expect(response.body).toMatch(/\S/);
    });

    it('answers 400 for bytes that are not UTF-8', async () => {
      const response = await post(`/telegram/${workspace.id}`, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), [
        `X-Telegram-Bot-Api-Secret-Token: ${webhookSecret}`,
      ]);
      expect(response.status).toBe(400);
    });

    it('answers 413 for a body over a megabyte, without resetting the connection', async () => {
      const response = await post(
        `/telegram/${workspace.id}`,
        `{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`,
        [`X-Telegram-Bot-Api-Secret-Token: ${webhookSecret}`],
        true,
      );
      expect(response.error).toBeNull();
      expect(response.status).toBe(413);
    });

    it('answers 200 for an update it has nothing to do with', async () => {
      expect((await send('{"update_id":1,"message":{"text":"hi"}}')).status).toBe(200);
    });

    it('answers 401 for a wrong secret and 404 for a workspace that does not exist', async () => {
      const wrong = await post(`/telegram/${workspace.id}`, '{}', ['X-Telegram-Bot-Api-Secret-Token: nope']);
      expect(wrong.status).toBe(401);
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect((await post(`/telegram/${unknown}`, '{}')).status).toBe(401);
    });
  });

  describe('codec', () => {
    const payloads = '{"payloads":[{"metadata":{"encoding":"YmluYXJ5L3BsYWlu"},"data":"aGk="}]}';

    it('answers 401 without a token, and 403 with a wrong one, with the body unread and no reset', async () => {
      for (const path of ['/codec/decode', '/codec/encode']) {
        const missing = await post(path, payloads);
        expect(missing.error).toBeNull();
        expect(missing.status).toBe(401);
      }
      const big = await post('/codec/decode', `{"payloads":[],"pad":"${'x'.repeat(6 << 20)}"}`, [], true);
      expect(big.error).toBeNull();
      expect(big.status).toBe(401);
      const tooBig = await post('/codec/decode', `{"pad":"${'x'.repeat(20 << 20)}"}`, [], true);
      expect(tooBig.error).toBeNull();
      expect(tooBig.status).toBe(413);
      const wrong = await post('/codec/decode', payloads, ['Authorization: Bearer not-the-token']);
      expect(wrong.error).toBeNull();
      expect(wrong.status).toBe(403);
    });

    it('answers 400 for a malformed body and 413 for one over the limit', async () => {
      const auth = [`Authorization: Bearer ${CODEC_TOKEN}`];
      expect((await post('/codec/decode', '{"payloads":', auth)).status).toBe(400);
      expect((await post('/codec/decode', '{"payloads":[null]}', auth)).status).toBe(400);
      expect((await post('/codec/decode', 'null', auth)).status).toBe(400);
      const huge = await post('/codec/decode', `{"pad":"${'x'.repeat(9 * 1024 * 1024)}"}`, auth, true);
      expect(huge.error).toBeNull();
      expect(huge.status).toBe(413);
    });

    it('answers 405 for GET and round-trips a payload with the token', async () => {
      expect((await get('/codec/decode', [`Authorization: Bearer ${CODEC_TOKEN}`])).status).toBe(405);
      const auth = [`Authorization: Bearer ${CODEC_TOKEN}`];
      const encoded = await post('/codec/encode', payloads, auth);
      expect(encoded.status).toBe(200);
      const decoded = await post('/codec/decode', encoded.body, auth);
      expect(JSON.parse(decoded.body)).toEqual(JSON.parse(payloads));
    });
  });

  it('never logs the signatures, tokens or secrets a client sent', async () => {
    await get('/media/%E0%A4%A?exp=1&sig=SIGNATURE-IN-QUERY');
    await get('/media/ws/a.png?exp=1&sig=SIGNATURE-IN-QUERY');
    await post('/codec/decode', '{', ['Authorization: Bearer TOKEN-IN-HEADER']);
    await post(`/telegram/${workspace.id}`, '{', ['X-Telegram-Bot-Api-Secret-Token: SECRET-IN-HEADER']);
    await post(`/telegram/${workspace.id}`, '{"callback_query":{}}', [
      `X-Telegram-Bot-Api-Secret-Token: ${webhookSecret}`,
    ]);
    const log = logged.join('\n');
    for (const secret of [
      'SIGNATURE-IN-QUERY',
      'TOKEN-IN-HEADER',
      'SECRET-IN-HEADER',
      webhookSecret,
      CODEC_TOKEN,
    ]) {
      expect(log).not.toContain(secret);
    }
  });

  it('answers every random path and body below 500, without a reset (property)', async () => {
    const segment = fc.oneof(
      fc.constantFrom('media', 'telegram', 'codec', 'decode', 'encode', 'healthz', '..', '.', '', '%', '%2F'),
      fc.string({ unit: 'grapheme-ascii', maxLength: 12 }).map((s) => s.replace(/[\s#?]/g, '')),
      fc.stringMatching(/^(%[0-9A-Fa-f]{0,2}){1,4}$/),
      fc.constant(workspace.id),
    );
    const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.join('/')}`);
    const body = fc.oneof(
      fc.constant(''),
      fc.json({ maxDepth: 4 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    );
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD');
    const headers = fc.subarray([
      `X-Telegram-Bot-Api-Secret-Token: ${webhookSecret}`,
      `Authorization: Bearer ${CODEC_TOKEN}`,
      'Authorization: Bearer wrong',
      'Origin: http://evil.invalid',
    ]);
    await fc.assert(
      fc.asyncProperty(method, path, body, headers, async (verb, target, payload, extra) => {
        const bytes = Buffer.from(payload, 'latin1');
        const response = await rawRequest(
          server.url,
          [`${verb} ${target} HTTP/1.1`, 'Host: worker', `Content-Length: ${bytes.length}`, ...extra].join(
            '\r\n',
          ),
          bytes,
        );
        expect(response.error, `${verb} ${target}`).toBeNull();
        expect(response.status, `${verb} ${target}`).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });
});
