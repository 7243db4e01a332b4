import { type JsonValue, NeedsReconnectError, TransientError } from '@relaypost/core';
import { describe, expect, it } from 'vitest';
import { connectThroughAuth } from '../conformance/connect.js';
import { THREADS_DEFAULT_SCOPES } from './adapter.js';
import { threadsOptionsSchema } from './options.js';
import { post, startThreads } from './test-fixtures.js';

const redirectUri = 'https://app.example.test/cb';
const chain = post(`${'Long thoughts on scheduling. '.repeat(25)}The end.`, [], { thread: true });

describe('threads wire details', () => {
  it('sends the token as the access_token parameter and no appsecret_proof, as Meta documents graph.threads.net', async () => {
    const { fake, adapter, host, media } = await startThreads();
    try {
      const connected = await connectThroughAuth(adapter, { redirectUri });
      const since = fake.server.requests.length;
      await adapter.publish({
        ...connected,
        content: post('token in the query'),
        media,
        idempotencyKey: 'k',
      });
      const calls = fake.server.requests.slice(since);
      expect(calls.length).toBeGreaterThan(0);
      const token = connected.credentials.accessToken.reveal();
      expect(calls.every((r) => r.query.access_token === token)).toBe(true);
      expect(calls.every((r) => r.headers.authorization === undefined)).toBe(true);
      expect(calls.every((r) => r.query.appsecret_proof === undefined)).toBe(true);
    } finally {
      await fake.close();
      await host.close();
    }
  });

  it('keeps the token out of the error when a call with the token in its URL times out', async () => {
    const { fake, adapter, host, media } = await startThreads({}, { http: { timeoutMs: 200 } });
    try {
      const connected = await connectThroughAuth(adapter, { redirectUri });
      const token = connected.credentials.accessToken.reveal();
      fake.server.scriptFault((r) => r.method === 'POST', { kind: 'delay', ms: 1000 });
      const error = await adapter
        .publish({ ...connected, content: post('slow'), media, idempotencyKey: 'k' })
        .catch((e: unknown) => e);
      expect(TransientError.isInstance(error), String(error)).toBe(true);
      const seen = [String(error), String((error as Error).cause), JSON.stringify(error)].join('\n');
      expect(seen).toMatch(/redacted/);
      expect(seen).not.toContain(token);
    } finally {
      await fake.close();
      await host.close();
    }
  });

  it('asks for threads_manage_replies by default, without which the chain stops after its first post', async () => {
    expect(THREADS_DEFAULT_SCOPES).toContain('threads_manage_replies');
    const { fake, adapter, host, media } = await startThreads(
      {},
      { scopes: THREADS_DEFAULT_SCOPES.filter((s) => s !== 'threads_manage_replies') },
    );
    try {
      const connected = await connectThroughAuth(adapter, { redirectUri });
      const progress: JsonValue[] = [];
      const error = await adapter
        .publish({
          ...connected,
          content: chain,
          media,
          idempotencyKey: 'k',
          reportProgress: (state) => progress.push(state),
        })
        .catch((e: unknown) => e);
      expect(NeedsReconnectError.isInstance(error), String(error)).toBe(true);
      expect((error as NeedsReconnectError).platformCode).toBe('100/10');
      expect(String(error)).toMatch(/threads_manage_replies/);
      expect(fake.threads()).toHaveLength(1);
      expect(progress).toHaveLength(1);
    } finally {
      await fake.close();
      await host.close();
    }
  });

  it('offers the five reply_control values and passes them on', async () => {
    for (const value of ['parent_post_author_only', 'followers_only', 'everyone']) {
      expect(threadsOptionsSchema.safeParse({ replyControl: value }).success).toBe(true);
    }
    const { fake, adapter, host, media } = await startThreads();
    try {
      const connected = await connectThroughAuth(adapter, { redirectUri });
      for (const replyControl of ['parent_post_author_only', 'followers_only'] as const) {
        const result = await adapter.publish({
          ...connected,
          content: post(`replies: ${replyControl}`, [], { options: { replyControl } }),
          media,
          idempotencyKey: replyControl,
        });
        expect(fake.threads().find((p) => p.id === result.externalId)?.replyControl).toBe(replyControl);
      }
    } finally {
      await fake.close();
      await host.close();
    }
  });

  it('the fake refuses an unknown reply_control, a token in the Authorization header, and a missing permission', async () => {
    const { fake, adapter, host } = await startThreads();
    try {
      const connected = await connectThroughAuth(adapter, { redirectUri });
      const token = connected.credentials.accessToken.reveal();
      const create = (form: Record<string, string>, auth: 'query' | 'header' = 'query') =>
        fetch(
          `${fake.server.url}/v1.0/${fake.userId}/threads${auth === 'query' ? `?access_token=${token}` : ''}`,
          {
            method: 'POST',
            headers: auth === 'header' ? { authorization: `Bearer ${token}` } : {},
            body: new URLSearchParams(form),
          },
        ).then(async (r) => (await r.json()) as { error?: Record<string, unknown>; id?: string });
      const unknown = await create({ media_type: 'TEXT', text: 'x', reply_control: 'nobody' });
      expect(unknown.error).toMatchObject({ code: 100, type: 'THApiException' });
      const header = await create({ media_type: 'TEXT', text: 'x' }, 'header');
      expect(header.error).toMatchObject({ code: 2500 });
      expect((await create({ media_type: 'TEXT', text: 'x' })).id).toBeTruthy();

      const reader = await startThreads({}, { scopes: ['threads_basic'] });
      try {
        const readOnly = await connectThroughAuth(reader.adapter, { redirectUri });
        const answer = await fetch(
          `${reader.fake.server.url}/v1.0/${reader.fake.userId}/threads?access_token=${readOnly.credentials.accessToken.reveal()}`,
          { method: 'POST', body: new URLSearchParams({ media_type: 'TEXT', text: 'x' }) },
        ).then((r) => r.json() as Promise<{ error?: Record<string, unknown> }>);
        expect(answer.error).toMatchObject({ code: 100, error_subcode: 10, type: 'THApiException' });
        expect(String(answer.error?.message)).toMatch(/threads_content_publish/);
      } finally {
        await reader.fake.close();
        await reader.host.close();
      }
    } finally {
      await fake.close();
      await host.close();
    }
  });
});
