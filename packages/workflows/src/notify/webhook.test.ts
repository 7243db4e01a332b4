import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContentRejectedError, RateLimitedError, TransientError } from '@relaypost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWebhookNotifier,
  signWebhookBody,
  verifyWebhookSignature,
  type WebhookEvent,
} from './webhook.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

describe('createWebhookNotifier', () => {
  let server: Server;
  let url: string;
  const received: Received[] = [];
  let respond: (res: import('node:http').ServerResponse) => void = (res) => res.writeHead(204).end();

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      respond(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/relaypost`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const event: WebhookEvent = {
    id: '6f1c2f4e-8a55-4b7e-9c3d-0d6c7b1e2a90',
    type: 'post.published',
    workspaceId: 'a1f5b0de-4f0a-4c36-9d1f-5d7b5c3e2f10',
    postId: 'b2e6c1ef-5a1b-4d47-8e2a-6e8c6d4f3a21',
    occurredAt: '2026-03-03T08:00:00.000Z',
    data: { status: 'published', targets: [{ platform: 'x', url: 'https://x.com/acme/status/1' }] },
  };

  it('posts the event with event, delivery and a signature the host app can verify', async () => {
    received.length = 0;
    await createWebhookNotifier().send({ url, secret: 'whsec_test', event });
    const [delivery] = received;
    expect(delivery).toBeDefined();
    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(delivery!.headers['x-relaypost-event']).toBe('post.published');
    expect(delivery!.headers['x-relaypost-delivery']).toBe(event.id);
    expect(JSON.parse(delivery!.body)).toEqual(event);
    const header = String(delivery!.headers['x-relaypost-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret: 'whsec_test', header, body: delivery!.body })).toBe(true);
    expect(verifyWebhookSignature({ secret: 'other', header, body: delivery!.body })).toBe(false);
    expect(verifyWebhookSignature({ secret: 'whsec_test', header, body: `${delivery!.body} ` })).toBe(false);
  });

  it('sends no signature without a secret', async () => {
    received.length = 0;
    await createWebhookNotifier().send({ url, secret: null, event });
    expect(received[0]!.headers['x-relaypost-signature']).toBeUndefined();
  });

  it('retries 5xx, 408 and 429 (with Retry-After) but not other 4xx', async () => {
    const notifier = createWebhookNotifier();
    respond = (res) => res.writeHead(503).end('down');
    await expect(notifier.send({ url, secret: null, event })).rejects.toSatisfy((e) =>
      TransientError.isInstance(e),
    );
    respond = (res) => res.writeHead(408).end();
    await expect(notifier.send({ url, secret: null, event })).rejects.toSatisfy((e) =>
      TransientError.isInstance(e),
    );
    respond = (res) => res.writeHead(429, { 'retry-after': '30' }).end();
    const limited = await notifier.send({ url, secret: null, event }).catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(limited) && limited.retryAfterMs).toBe(30_000);
    respond = (res) => res.writeHead(410).end('gone');
    const gone = await notifier.send({ url, secret: null, event }).catch((e: unknown) => e);
    expect(ContentRejectedError.isInstance(gone)).toBe(true);
    expect((gone as Error).message).toContain('410');
    respond = (res) => res.writeHead(302, { location: 'https://elsewhere.example' }).end();
    await expect(notifier.send({ url, secret: null, event })).rejects.toSatisfy((e) =>
      ContentRejectedError.isInstance(e),
    );
    respond = (res) => res.writeHead(204).end();
  });

  it('treats timeouts and refused connections as transient', async () => {
    respond = (res) => setTimeout(() => res.writeHead(200).end(), 500);
    await expect(
      createWebhookNotifier({ timeoutMs: 50 }).send({ url, secret: null, event }),
    ).rejects.toSatisfy(
      (e) => TransientError.isInstance(e) && /did not answer within 50 ms/.test((e as Error).message),
    );
    respond = (res) => res.writeHead(204).end();
    await expect(
      createWebhookNotifier().send({ url: 'http://127.0.0.1:1/hook', secret: null, event }),
    ).rejects.toSatisfy((e) => TransientError.isInstance(e));
  });
});

describe('verifyWebhookSignature', () => {
  const body = '{"hello":"world"}';
  it('checks the tolerance window and accepts any of several v1 values', () => {
    const now = 1_800_000_000_000;
    const t = now / 1000;
    const header = signWebhookBody('s', body, t);
    expect(verifyWebhookSignature({ secret: 's', header, body, now })).toBe(true);
    expect(verifyWebhookSignature({ secret: 's', header, body, now: now + 301_000 })).toBe(false);
    expect(
      verifyWebhookSignature({ secret: 's', header, body, now: now + 301_000, toleranceSeconds: 600 }),
    ).toBe(true);
    const rotated = `${signWebhookBody('old', body, t)},${header.split(',')[1]}`;
    expect(verifyWebhookSignature({ secret: 's', header: rotated, body, now })).toBe(true);
    expect(verifyWebhookSignature({ secret: 's', header: 'garbage', body, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: 's', header: undefined, body, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: 's', header, body: new TextEncoder().encode(body), now })).toBe(
      true,
    );
  });
});
