import { ConfigurationError, generateEncryptionKey, ValidationError } from '@relaypost/core';
import { createBluesky } from '@relaypost/platforms';
import { makePng } from '@relaypost/platforms/testing';
import { postWorkflowId } from '@relaypost/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEncryptionKeys } from '../src/encryption-keys.js';
import { createRelayPost, type RelayPost } from '../src/relaypost.js';
import { temporalTarget } from '../src/temporal.js';
import { BLUESKY_LOGIN, type Stack, startStack } from './support/stack.js';

describe('parseEncryptionKeys', () => {
  it("reads the worker's RELAYPOST_ENCRYPTION_KEYS, first key first", () => {
    const [a, b] = [generateEncryptionKey(), generateEncryptionKey()];
    expect(parseEncryptionKeys(` k2:${a}, k1:${b} `)).toEqual([
      { id: 'k2', key: a },
      { id: 'k1', key: b },
    ]);
  });

  it('names every bad key by position and id, never its bytes', () => {
    const short = Buffer.alloc(16, 1).toString('base64');
    let error: unknown;
    try {
      parseEncryptionKeys(`k1:${short},bad id:${generateEncryptionKey()},k1:${short}`);
    } catch (e) {
      error = e;
    }
    expect(ValidationError.isInstance(error)).toBe(true);
    const messages = (error as ValidationError).issues.map((issue) => `${issue.path}: ${issue.message}`);
    expect(messages).toEqual([
      'encryptionKeys: key 1 ("k1") must be id:base64 of 32 bytes (relaypost keygen prints one)',
      'encryptionKeys: key 2 must be id:base64 with an id of 1-32 letters, digits, _ or -',
      'encryptionKeys: key 3 ("k1") must be id:base64 of 32 bytes (relaypost keygen prints one)',
      'encryptionKeys: key 3: id "k1" is used twice',
    ]);
    expect((error as Error).message).not.toContain(short);
    expect(() => parseEncryptionKeys(' , ')).toThrow(/needs at least one key/);
  });
});

describe('temporal defaults', () => {
  it("are the worker's: TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE, else localhost:7233 and default", () => {
    expect(temporalTarget({}, {})).toEqual({ address: 'localhost:7233', namespace: 'default' });
    expect(temporalTarget({}, { TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_NAMESPACE: 'acme' })).toEqual({
      address: 'temporal:7233',
      namespace: 'acme',
    });
    expect(temporalTarget({ address: 'a:1', namespace: 'n' }, { TEMPORAL_ADDRESS: 'b:2' })).toEqual({
      address: 'a:1',
      namespace: 'n',
    });
  });
});

describe('the shortest client: keys as a string, no temporal, no media store', () => {
  let stack: Stack;
  let relaypost: RelayPost;
  let saved: string | undefined;

  beforeAll(async () => {
    stack = await startStack();
    saved = process.env.TEMPORAL_ADDRESS;
    process.env.TEMPORAL_ADDRESS = stack.temporal.address;
    relaypost = await createRelayPost({
      database: { connectionString: stack.database.connectionString },
      encryptionKeys: stack.keys.map(({ id, key }) => `${id}:${key}`).join(','),
      adapters: { bluesky: createBluesky(stack.bluesky.adapterOptions()) },
    });
  }, 120_000);

  afterAll(async () => {
    if (saved === undefined) delete process.env.TEMPORAL_ADDRESS;
    else process.env.TEMPORAL_ADDRESS = saved;
    await relaypost?.close();
    await stack?.stop();
  });

  it("schedules a text post in the workspace's time zone, on the worker's Temporal", async () => {
    const workspace = await relaypost.workspaces.create({ name: 'Short', timeZone: 'Europe/Berlin' });
    const account = await relaypost.accounts.connectWithPassword({
      workspaceId: workspace.id,
      platform: 'bluesky',
      ...BLUESKY_LOGIN,
    });
    const at = new Date(Date.now() + 60 * 60_000).toISOString();
    const post = await relaypost.posts.create(workspace.id, {
      content: { text: 'Hello from the shortest client' },
      targets: [{ accountId: account.id }],
      publishAt: { at },
    });
    expect(post.publishAt).toEqual({ at, timeZone: 'Europe/Berlin' });
    const described = await stack.client.workflow.getHandle(postWorkflowId(workspace.id, post.id)).describe();
    expect(described.status.name).toBe('RUNNING');
    // The stack's own client (keys as a list) reads what this one sealed.
    expect((await stack.relaypost.accounts.get(workspace.id, account.id)).handle).toBe(account.handle);
  });

  it('refuses a media upload with a ConfigurationError that names the mediaStore option', async () => {
    const workspace = await relaypost.workspaces.create({ name: 'No media', timeZone: 'UTC' });
    const error = await relaypost.media
      .upload({ workspaceId: workspace.id, data: makePng(8, 8, [1, 2, 3]) })
      .catch((e: unknown) => e);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^media\.upload needs a media store: pass the mediaStore option/,
    );
  });
});
