import {
  type Actor,
  ConflictError,
  type CreatePostInput,
  type Post,
  RelayPostError,
  ValidationError,
} from '@relaypost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectX } from './support/oauth.js';
import { BLUESKY_LOGIN, eventually, type Stack, startStack } from './support/stack.js';

/**
 * The calls a hostile or careless host app makes: every argument is checked before anything is
 * written or sent to the workflow, a refused call leaves no trace, an accepted one cannot wedge
 * the post, and every answer is prompt and typed.
 */

let stack: Stack;
let workspaceId: string;
let blueskyId: string;
let xId: string;

beforeAll(async () => {
  stack = await startStack();
  workspaceId = (await stack.relaypost.workspaces.create({ name: 'Hostile', timeZone: 'Europe/Berlin' })).id;
  blueskyId = (
    await stack.relaypost.accounts.connectWithPassword({ workspaceId, platform: 'bluesky', ...BLUESKY_LOGIN })
  ).id;
  xId = (await connectX(stack.relaypost, workspaceId)).id;
}, 120_000);
afterAll(() => stack?.stop());

const inMinutes = (minutes: number) => ({
  at: new Date(Date.now() + minutes * 60_000).toISOString(),
  timeZone: 'Europe/Berlin',
});
const postInput = (overrides: Partial<CreatePostInput> = {}): CreatePostInput => ({
  content: { text: 'Hello, hostile world' },
  targets: [{ accountId: blueskyId }],
  publishAt: inMinutes(60),
  ...overrides,
});
const forged = <T>(value: unknown) => value as T;

/** The typed error a call rejected with, measured: it must answer within `withinMs`. */
async function refusal(run: () => Promise<unknown>, withinMs = 3_000): Promise<RelayPostError> {
  const started = Date.now();
  let promise: Promise<unknown>;
  try {
    promise = run();
  } catch (error) {
    throw new Error(`threw synchronously instead of rejecting: ${String(error)}`);
  }
  const error = await promise.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (e: unknown) => e,
  );
  expect(Date.now() - started, 'answered promptly').toBeLessThan(withinMs);
  expect(RelayPostError.isInstance(error), `not a RelayPost error: ${String(error)}`).toBe(true);
  return error as RelayPostError;
}
async function issuesOf(run: () => Promise<unknown>): Promise<string[]> {
  const error = await refusal(run);
  expect(ValidationError.isInstance(error), String(error)).toBe(true);
  return (error as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
}

async function scheduledPost(overrides: Partial<CreatePostInput> = {}): Promise<Post> {
  const post = await stack.relaypost.posts.create(workspaceId, postInput(overrides));
  await eventually(
    () => stack.relaypost.posts.get(workspaceId, post.id),
    (p) => p.live?.status === (overrides.approval?.mode === 'required' ? 'awaiting_approval' : 'scheduled'),
  );
  return stack.relaypost.posts.get(workspaceId, post.id);
}

/** The post and its history, to prove a refused call changed nothing. */
async function snapshot(postId: string) {
  const { live: _live, updatedAt: _updated, ...post } = await stack.relaypost.posts.get(workspaceId, postId);
  return { post, events: (await stack.relaypost.posts.history(workspaceId, postId)).map((e) => e.id) };
}

describe('refused calls leave no trace', () => {
  it('an edit, reschedule, publish-now or cancel with a bad actor changes nothing', async () => {
    const post = await scheduledPost();
    const before = await snapshot(post.id);
    const nobody = forged<Actor>(null);
    expect(
      await issuesOf(() =>
        stack.relaypost.posts.edit(workspaceId, post.id, { content: { text: 'EDITED' } }, nobody),
      ),
    ).toEqual(['actor: Invalid input: expected object, received null']);
    await issuesOf(() => stack.relaypost.posts.reschedule(workspaceId, post.id, inMinutes(90), nobody));
    await issuesOf(() => stack.relaypost.posts.publishNow(workspaceId, post.id, nobody));
    expect(
      await issuesOf(() =>
        stack.relaypost.posts.cancel(workspaceId, post.id, 'r', forged<Actor>({ kind: 'evil' })),
      ),
    ).toEqual([expect.stringMatching(/^actor\.kind: /)]);
    expect(await snapshot(post.id)).toEqual(before);
    expect((await stack.relaypost.posts.get(workspaceId, post.id)).live?.status).toBe('scheduled');
  });

  it('an approval whose approver name is too long is refused and the post still waits for a decision', async () => {
    const post = await scheduledPost({ approval: { mode: 'required' } });
    const long = { kind: 'user' as const, id: 'u1', name: 'n'.repeat(201) };
    expect(await issuesOf(() => stack.relaypost.posts.approve(workspaceId, post.id, long))).toEqual([
      'actor.name: must be at most 200 characters',
    ]);
    const approved = await stack.relaypost.posts.approve(workspaceId, post.id, {
      kind: 'user',
      id: 'u1',
      name: 'Ada',
    });
    expect(approved.live?.approvedBy).toMatchObject({ name: 'Ada' });
    await eventually(
      () => stack.relaypost.posts.get(workspaceId, post.id),
      (p) => p.status === 'scheduled',
    );
  });

  it('an edit without text or with the wrong types answers at once with the field', async () => {
    const post = await scheduledPost();
    expect(
      await issuesOf(() =>
        stack.relaypost.posts.edit(workspaceId, post.id, forged({ content: { text: null } })),
      ),
    ).toEqual(['content.text: Invalid input: expected string, received null']);
    expect(await issuesOf(() => stack.relaypost.posts.edit(workspaceId, post.id, forged('text')))).toEqual([
      'edit: must be an object',
    ]);
    expect(await issuesOf(() => stack.relaypost.posts.edit(workspaceId, post.id, {}))).toEqual([
      '(root): an edit needs content, targets or an approval policy',
    ]);
  });

  it('NUL characters and broken surrogates are refused with the field, and the post is untouched', async () => {
    const post = await scheduledPost({ approval: { mode: 'required' } });
    const before = await snapshot(post.id);
    expect(await issuesOf(() => stack.relaypost.posts.cancel(workspaceId, post.id, 'a\u0000b'))).toEqual([
      'reason: must not contain NUL characters (U+0000)',
    ]);
    expect(await issuesOf(() => stack.relaypost.posts.reject(workspaceId, post.id, 'x\uD800'))).toEqual([
      'reason: must not contain broken characters (an unpaired UTF-16 surrogate)',
    ]);
    await issuesOf(() => stack.relaypost.posts.edit(workspaceId, post.id, { content: { text: 'a\u0000' } }));
    await issuesOf(() => stack.relaypost.posts.regenerateCaption(workspaceId, post.id, '\uDFFF'));
    await issuesOf(() => stack.relaypost.posts.create(workspaceId, postInput({ idempotencyKey: 'k\u0000' })));
    await issuesOf(() => stack.relaypost.workspaces.create({ name: 'a\u0000' }));
    expect(await snapshot(post.id)).toEqual(before);
    // The post still takes a decision.
    const rejected = await stack.relaypost.posts.reject(workspaceId, post.id, 'off brand');
    expect(rejected.live?.rejectedReason).toBe('off brand');
    expect((await stack.relaypost.posts.waitForResult(workspaceId, post.id)).status).toBe('rejected');
  });

  it('deeply nested and multi-megabyte arguments are refused before they reach Temporal', async () => {
    const post = await scheduledPost();
    let deep: unknown = 'leaf';
    for (let i = 0; i < 50_000; i++) deep = [deep];
    const huge = 'x'.repeat(5_000_000);
    for (const call of [
      () => stack.relaypost.posts.edit(workspaceId, post.id, forged({ content: { text: 'ok' }, deep })),
      () => stack.relaypost.posts.edit(workspaceId, post.id, { content: { text: huge } }),
      () =>
        stack.relaypost.posts.edit(workspaceId, post.id, {
          targets: [{ accountId: blueskyId, options: { deep: forged(deep) } }],
        }),
      () => stack.relaypost.posts.reschedule(workspaceId, post.id, forged({ at: deep })),
      () => stack.relaypost.posts.approve(workspaceId, post.id, forged({ kind: 'api', id: deep })),
      () => stack.relaypost.posts.reject(workspaceId, post.id, huge),
      () => stack.relaypost.posts.cancel(workspaceId, post.id, forged(deep)),
      () => stack.relaypost.posts.publishNow(workspaceId, post.id, forged({ kind: 'api', name: huge })),
      () => stack.relaypost.posts.regenerateCaption(workspaceId, post.id, huge),
    ]) {
      expect(ValidationError.isInstance(await refusal(call))).toBe(true);
    }
    expect((await stack.relaypost.posts.get(workspaceId, post.id)).live?.status).toBe('scheduled');
  });

  it('every SDK method rejects bad arguments instead of throwing synchronously', async () => {
    const post = await scheduledPost();
    await refusal(() => stack.relaypost.posts.reschedule(workspaceId, post.id, forged(null)));
    await refusal(() => stack.relaypost.posts.reschedule(workspaceId, post.id, forged({ at: 'yesterday' })));
    await refusal(() => stack.relaypost.posts.get(forged(null), post.id));
    await refusal(() => stack.relaypost.posts.list(workspaceId, forged({ limit: -1 })));
  });
});

describe('a post in a final state has every target in a final state', () => {
  it('a cancelled post cancels its targets, in the store and in its live state', async () => {
    const post = await stack.relaypost.posts.create(
      workspaceId,
      postInput({ publishAt: inMinutes(40 / 60) }),
    );
    await eventually(
      () => stack.relaypost.posts.get(workspaceId, post.id),
      (p) => p.live?.status === 'scheduled',
    );
    const answer = await stack.relaypost.posts.cancel(workspaceId, post.id);
    expect(answer.status).toBe('cancelled');
    const after = await stack.relaypost.posts.get(workspaceId, post.id);
    expect(after.targets[0]?.status).toBe('cancelled');
    await stack.relaypost.posts.waitForResult(workspaceId, post.id);
    expect(
      Object.values((await stack.relaypost.posts.get(workspaceId, post.id)).live?.targets ?? {}),
    ).toEqual([{ platform: 'bluesky', status: 'cancelled' }]);
  });

  it('a rejected post cancels its targets', async () => {
    const post = await scheduledPost({
      approval: { mode: 'required' },
      targets: [{ accountId: blueskyId }, { accountId: xId }],
    });
    await stack.relaypost.posts.reject(workspaceId, post.id, 'no');
    const done = await stack.relaypost.posts.waitForResult(workspaceId, post.id);
    expect(done.targets.map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
  });
});

describe('AI captions', () => {
  it('takes a long brief with empty text: the brief is an instruction, the caption is what is held to the limits', async () => {
    const post = await stack.relaypost.posts.create(
      workspaceId,
      postInput({
        content: { text: '' },
        targets: [{ accountId: blueskyId }, { accountId: xId }],
        caption: { brief: `Write about our launch. ${'Mention the details. '.repeat(25)}` },
      }),
    );
    expect(post.caption?.brief?.length).toBeGreaterThan(500);
    // Without text and without a caption request, it is refused as before.
    expect(
      await issuesOf(() =>
        stack.relaypost.posts.create(
          workspaceId,
          postInput({ content: { text: '' }, targets: [{ accountId: xId }] }),
        ),
      ),
    ).toEqual([expect.stringMatching(/^targets\.0\.text: /)]);
    await stack.relaypost.posts.cancel(workspaceId, post.id).catch((error: unknown) => {
      if (!ConflictError.isInstance(error)) throw error;
    });
  });
});
