import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DecryptionError } from '@relaypost/core';
import { createTimeSkippingEnv } from '@relaypost/devkit/temporal-testing';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCodecServer } from '../src/codec/codec-server.js';
import { createEncryptionCodec, ENCRYPTED_ENCODING } from '../src/codec/encryption-codec.js';

const key = () => randomBytes(32).toString('base64');
const text = (bytes: Uint8Array | null | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array());

describe('createEncryptionCodec', () => {
  const k1 = { id: 'k1', key: key() };
  const k2 = { id: 'k2', key: key() };

  it('round-trips payloads and hides their contents', async () => {
    const codec = createEncryptionCodec({ keys: [k1] });
    const original = defaultPayloadConverter.toPayload({ token: 'super-secret-token', n: 42 });
    const [encoded] = await codec.encode([original]);
    expect(text(encoded!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encoded!.metadata!['encryption-key-id'])).toBe('k1');
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('super-secret-token');
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('json/plain');
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ token: 'super-secret-token', n: 42 });
    expect(text(decoded!.metadata!.encoding)).toBe('json/plain');
    const [again] = await codec.encode([original]);
    expect(Buffer.from(again!.data!).equals(Buffer.from(encoded!.data!))).toBe(false); // fresh IV
  });

  it('leaves unencrypted payloads alone and handles empty lists', async () => {
    const codec = createEncryptionCodec({ keys: [k1] });
    const plain = defaultPayloadConverter.toPayload('hello');
    expect(await codec.decode([plain])).toEqual([plain]);
    expect(await codec.encode([])).toEqual([]);
  });

  it('decodes payloads sealed with an older key after rotation', async () => {
    const before = createEncryptionCodec({ keys: [k1] });
    const [old] = await before.encode([defaultPayloadConverter.toPayload('sealed with k1')]);
    const after = createEncryptionCodec({ keys: [k2, k1] });
    expect(after.primaryKeyId).toBe('k2');
    const [fresh] = await after.encode([defaultPayloadConverter.toPayload('sealed with k2')]);
    expect(text(fresh!.metadata!['encryption-key-id'])).toBe('k2');
    const decoded = await after.decode([old!, fresh!]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([
      'sealed with k1',
      'sealed with k2',
    ]);
    const primaryByName = createEncryptionCodec({ keys: [k1, k2], primaryKeyId: 'k2' });
    expect(primaryByName.primaryKeyId).toBe('k2');
  });

  it('fails clearly on an unknown key, tampering, and a swapped key id', async () => {
    const codec = createEncryptionCodec({ keys: [k1, k2] });
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload('x')]);
    const unknown = await createEncryptionCodec({ keys: [k2] })
      .decode([sealed!])
      .catch((e: unknown) => e);
    expect(DecryptionError.isInstance(unknown)).toBe(true);
    expect((unknown as Error).message).toMatch(/key "k1", which this codec does not hold/);

    const tampered: Payload = { ...sealed!, data: Buffer.from(sealed!.data!) };
    tampered.data![20] = (tampered.data![20] ?? 0) ^ 0xff;
    await expect(codec.decode([tampered])).rejects.toThrow(/failed authentication/);

    // The key id is authenticated too: relabelling the payload does not pass.
    const relabelled: Payload = {
      ...sealed!,
      metadata: { ...sealed!.metadata, 'encryption-key-id': new TextEncoder().encode('k2') },
    };
    await expect(codec.decode([relabelled])).rejects.toThrow(/failed authentication/);
    await expect(codec.decode([{ ...sealed!, data: new Uint8Array(5) }])).rejects.toThrow(/truncated/);
  });

  it('refuses bad keys', () => {
    expect(() => createEncryptionCodec({ keys: [] })).toThrow(/at least one key/);
    expect(() => createEncryptionCodec({ keys: [{ id: 'a', key: 'c2hvcnQ=' }] })).toThrow(/32 bytes/);
    expect(() => createEncryptionCodec({ keys: [k1], primaryKeyId: 'nope' })).toThrow(/primaryKeyId/);
    expect(() => createEncryptionCodec({ keys: [k1, { ...k2, id: 'k1' }] })).toThrow(/twice/);
  });
});

describe('createCodecServer', () => {
  let server: Server;
  let base: string;
  const codec = createEncryptionCodec({ keys: [{ id: 'k1', key: key() }] });
  beforeAll(async () => {
    server = createServer(createCodecServer({ codec, corsOrigins: ['http://localhost:8233'] }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const toJson = (p: Payload) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? []).toString('base64'),
  });

  it('encodes and decodes proto-JSON payloads, also under a namespace prefix', async () => {
    const plain = toJson(defaultPayloadConverter.toPayload({ hello: 'codec' }));
    const encoded = await fetch(`${base}/encode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': 'default' },
      body: JSON.stringify({ payloads: [plain] }),
    });
    expect(encoded.status).toBe(200);
    const body = (await encoded.json()) as {
      payloads: Array<{ metadata: Record<string, string>; data: string }>;
    };
    expect(Buffer.from(body.payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    const decoded = await fetch(`${base}/default/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(await decoded.json()).toEqual({ payloads: [plain] });
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const allowed = await fetch(`${base}/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:8233', 'access-control-request-method': 'POST' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/X-Namespace/);
    const denied = await fetch(`${base}/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rejects bad bodies, unknown paths and methods', async () => {
    expect((await fetch(`${base}/decode`, { method: 'POST', body: '{"nope":1}' })).status).toBe(400);
    expect((await fetch(`${base}/decode`, { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await fetch(`${base}/other`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${base}/decode`)).status).toBe(405);
  });
});

describe('encryption codec with a real workflow (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  const codec = createEncryptionCodec({ keys: [{ id: 'k1', key: key() }] });
  beforeAll(async () => {
    env = await createTimeSkippingEnv({ client: { dataConverter: { payloadCodecs: [codec] } } });
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('keeps workflow and activity payloads out of the server history', async () => {
    const secret = `relaypost-secret-${randomUUID()}`;
    const taskQueue = `codec-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: new URL('./codec-workflows.ts', import.meta.url).pathname,
      activities: { remember: async (value: string) => `seen:${value}` },
      dataConverter: { payloadCodecs: [codec] },
    });
    const workflowId = `codec-${randomUUID()}`;
    const result = await worker.runUntil(
      env.client.workflow.execute('echoSecret', { taskQueue, workflowId, args: [{ secret }] }),
    );
    expect(result).toBe(`seen:${secret}`);

    const response = await env.client.workflowService.getWorkflowExecutionHistory({
      namespace: env.namespace ?? 'default',
      execution: { workflowId },
    });
    const raw = Buffer.from(proto.temporal.api.history.v1.History.encode(response.history ?? {}).finish());
    expect(raw.length).toBeGreaterThan(100);
    expect(raw.includes(Buffer.from(secret))).toBe(false);
    expect(raw.includes(Buffer.from('binary/encrypted'))).toBe(true);
    expect(raw.includes(Buffer.from('json/plain'))).toBe(false);
  });
});
