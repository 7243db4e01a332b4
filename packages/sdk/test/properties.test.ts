import { RelayPostError } from '@relaypost/core';
import { postWorkflowId } from '@relaypost/workflows';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RelayPost } from '../src/relaypost.js';
import { BLUESKY_LOGIN, type Stack, startStack } from './support/stack.js';

/**
 * Every public SDK method under arbitrary and hostile arguments (wrong types, deep nesting, huge
 * strings, NUL bytes, lone surrogates, unknown and foreign ids): each call returns a promise,
 * answers within a few seconds, and when it refuses, it refuses with one of RelayPost's errors.
 * Afterwards no post is wedged: every post that is not final still has a running workflow.
 */

let stack: Stack;
let workspaceId: string;
let otherWorkspaceId: string;
let postId: string;
let accountId: string;

beforeAll(async () => {
  stack = await startStack();
  workspaceId = (await stack.relaypost.workspaces.create({ name: 'Fuzzed', timeZone: 'Europe/Berlin' })).id;
  otherWorkspaceId = (await stack.relaypost.workspaces.create({ name: 'Other' })).id;
  accountId = (
    await stack.relaypost.accounts.connectWithPassword({ workspaceId, platform: 'bluesky', ...BLUESKY_LOGIN })
  ).id;
  postId = (
    await stack.relaypost.posts.create(workspaceId, {
      content: { text: 'A post to throw things at' },
      targets: [{ accountId }],
      publishAt: { at: new Date(Date.now() + 3_600_000).toISOString(), timeZone: 'UTC' },
      approval: { mode: 'required' },
    })
  ).id;
}, 120_000);
afterAll(() => stack?.stop());

let deep: unknown = 'leaf';
for (let i = 0; i < 20_000; i++) deep = { a: [deep] };

/** Hostile values: JSON-ish junk plus the inputs that broke RelayPost before. */
const hostile = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.anything({ maxDepth: 3, withNullPrototype: true, withMap: true, withBigInt: true, withDate: true }),
    fc.constantFrom(
      null,
      undefined,
      '',
      'a\u0000b',
      'x\uD800',
      '\uDFFFy',
      'x'.repeat(3_000_000),
      deep,
      [],
      {},
      -1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      ['bluesky'],
      'bluesky',
    ),
    fc.string({ unit: 'binary', maxLength: 30 }),
  );

/** Ids: mostly real ones (so calls get past the lookups), another workspace's, unknown, and junk. */
const ids = () =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .constantFrom(
          () => workspaceId,
          () => postId,
          () => accountId,
        )
        .map((f) => f()),
    },
    { weight: 1, arbitrary: fc.constant(null).map(() => otherWorkspaceId) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: hostile() },
  );

/** Text as hostile callers send it: NUL, broken surrogates, huge, deep, or just wrong. */
const text = () =>
  fc.oneof(
    fc.constantFrom('a\u0000b', 'x\uD800', 'r'.repeat(2001), 'x'.repeat(3_000_000), deep),
    fc.string({ unit: 'binary', maxLength: 30 }),
    hostile(),
  );

/** Actors: valid kinds with hostile fields, and anything else. */
const actor = () =>
  fc.oneof(
    fc.record(
      { kind: fc.constantFrom('api', 'user', 'telegram'), id: text(), name: text() },
      { requiredKeys: ['kind'] },
    ),
    hostile(),
  );

/** A plausible argument object for a method: the right keys, any values. */
const shaped = (keys: string[]) =>
  fc.oneof(
    fc.record(Object.fromEntries(keys.map((k) => [k, fc.oneof(ids(), hostile())])), { requiredKeys: [] }),
    hostile(),
  );

type Call = (sdk: RelayPost, args: unknown[]) => unknown;

// biome-ignore format: one method per line reads as the table it is
const METHODS: Array<[string, Call, fc.Arbitrary<unknown[]>]> = [
  ['workspaces.create', (s, [a]) => s.workspaces.create(a as never), fc.tuple(shaped(['name', 'timeZone', 'ai', 'telegram', 'webhook', 'id']))],
  ['workspaces.get', (s, [a]) => s.workspaces.get(a as never), fc.tuple(ids())],
  ['workspaces.update', (s, [a, b]) => s.workspaces.update(a as never, b as never), fc.tuple(ids(), shaped(['name', 'timeZone', 'ai', 'telegram', 'webhook']))],
  ['workspaces.list', (s, [a]) => s.workspaces.list(a as never), fc.tuple(shaped(['limit', 'cursor']))],
  ['workspaces.export', (s, [a]) => s.workspaces.export(a as never), fc.tuple(ids())],
  ['accounts.beginOAuth', (s, [a]) => s.accounts.beginOAuth(a as never), fc.tuple(shaped(['workspaceId', 'platform', 'redirectUri', 'scopes']))],
  ['accounts.completeOAuth', (s, [a]) => s.accounts.completeOAuth(a as never), fc.tuple(shaped(['state', 'code']))],
  ['accounts.connectWithPassword', (s, [a]) => s.accounts.connectWithPassword(a as never), fc.tuple(shaped(['workspaceId', 'platform', 'identifier', 'password']))],
  ['accounts.list', (s, [a, b]) => s.accounts.list(a as never, b as never), fc.tuple(ids(), shaped(['platform', 'status']))],
  ['accounts.get', (s, [a, b]) => s.accounts.get(a as never, b as never), fc.tuple(ids(), ids())],
  ['accounts.reconnect', (s, [a]) => s.accounts.reconnect(a as never), fc.tuple(shaped(['workspaceId', 'accountId', 'redirectUri']))],
  ['media.upload', (s, [a]) => s.media.upload(a as never), fc.tuple(shaped(['workspaceId', 'data', 'mimeType', 'altText', 'platforms', 'maxBytes']))],
  ['media.get', (s, [a, b]) => s.media.get(a as never, b as never), fc.tuple(ids(), ids())],
  ['media.list', (s, [a, b]) => s.media.list(a as never, b as never), fc.tuple(ids(), shaped(['limit', 'cursor']))],
  ['posts.create', (s, [a, b]) => s.posts.create(a as never, b as never), fc.tuple(ids(), shaped(['content', 'targets', 'publishAt', 'approval', 'caption', 'idempotencyKey', 'id']))],
  ['posts.get', (s, [a, b]) => s.posts.get(a as never, b as never), fc.tuple(ids(), ids())],
  ['posts.list', (s, [a, b]) => s.posts.list(a as never, b as never), fc.tuple(ids(), shaped(['status', 'accountId', 'platform', 'from', 'to', 'limit', 'cursor']))],
  ['posts.history', (s, [a, b]) => s.posts.history(a as never, b as never), fc.tuple(ids(), ids())],
  ['posts.edit', (s, [a, b, c, d]) => s.posts.edit(a as never, b as never, c as never, d as never), fc.tuple(ids(), ids(), fc.oneof(fc.record({ content: fc.record({ text: text() }) }), shaped(['content', 'targets'])), fc.oneof(fc.constant(undefined), actor()))],
  ['posts.reschedule', (s, [a, b, c, d]) => s.posts.reschedule(a as never, b as never, c as never, d as never), fc.tuple(ids(), ids(), shaped(['at', 'timeZone']), fc.oneof(fc.constant(undefined), actor()))],
  ['posts.approve', (s, [a, b, c]) => s.posts.approve(a as never, b as never, c as never), fc.tuple(ids(), ids(), actor())],
  ['posts.reject', (s, [a, b, c, d]) => s.posts.reject(a as never, b as never, c as never, d as never), fc.tuple(ids(), ids(), text(), fc.oneof(fc.constant(undefined), actor()))],
  ['posts.cancel', (s, [a, b, c, d]) => s.posts.cancel(a as never, b as never, c as never, d as never), fc.tuple(ids(), ids(), text(), fc.oneof(fc.constant(undefined), actor()))],
  ['posts.publishNow', (s, [a, b, c]) => s.posts.publishNow(a as never, b as never, c as never), fc.tuple(ids(), ids(), actor())],
  ['posts.regenerateCaption', (s, [a, b, c, d]) => s.posts.regenerateCaption(a as never, b as never, c as never, d as never), fc.tuple(ids(), ids(), text(), fc.oneof(fc.constant(undefined), actor()))],
  ['analytics.summary', (s, [a, b]) => s.analytics.summary(a as never, b as never), fc.tuple(ids(), shaped(['from', 'to']))],
];

const ANSWER_WITHIN_MS = 8_000;

describe('every public SDK method under hostile input', () => {
  for (const [name, call, args] of METHODS) {
    it(`${name} answers with a value or a RelayPost error, promptly and never synchronously`, async () => {
      await fc.assert(
        fc.asyncProperty(args, async (input) => {
          let answer: unknown;
          try {
            answer = call(stack.relaypost, input);
          } catch (error) {
            throw new Error(`${name} threw synchronously: ${String(error)}`);
          }
          expect(answer).toBeInstanceOf(Promise);
          let timer: NodeJS.Timeout | undefined;
          const outcome = await Promise.race([
            (answer as Promise<unknown>).then(
              () => ({ ok: true as const }),
              (error: unknown) => ({ ok: false as const, error }),
            ),
            new Promise<'late'>((resolve) => {
              timer = setTimeout(() => resolve('late'), ANSWER_WITHIN_MS);
            }),
          ]);
          clearTimeout(timer);
          expect(outcome, `${name} did not answer within ${ANSWER_WITHIN_MS} ms`).not.toBe('late');
          if (outcome !== 'late' && !outcome.ok)
            expect(
              RelayPostError.isInstance(outcome.error),
              `${name} failed with ${String(outcome.error)}`,
            ).toBe(true);
        }),
        { numRuns: 40 },
      );
    }, 240_000);
  }

  it('leaves no post wedged: every post that is not final has a running workflow', async () => {
    for (const ws of [workspaceId, otherWorkspaceId]) {
      const { items } = await stack.relaypost.posts.list(ws, { limit: 500 });
      for (const post of items) {
        const workflow = await stack.client.workflow
          .getHandle(postWorkflowId(post.workspaceId, post.id))
          .describe();
        const final = ['published', 'partially_published', 'failed', 'rejected', 'cancelled'].includes(
          post.status,
        );
        if (!final) expect(workflow.status.name, `post ${post.id} is ${post.status}`).toBe('RUNNING');
        else expect(post.targets.every((t) => !['pending', 'publishing'].includes(t.status))).toBe(true);
      }
    }
  }, 120_000);
});
