import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  type CreatePostInput,
  type HistoryEvent,
  NotFoundError,
  type Post,
  RelayPostError,
  ValidationError,
} from '@relaypost/core';
import { makeFakeVideo, makePng } from '@relaypost/platforms/testing';
import { postWorkflowId } from '@relaypost/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectX } from './support/oauth.js';
import { BLUESKY_LOGIN, eventually, type Stack, startStack } from './support/stack.js';

let stack: Stack;
let workspaceId: string;
let blueskyId: string;
let xId: string;

beforeAll(async () => {
  stack = await startStack();
  const ws = await stack.relaypost.workspaces.create({ name: 'Posts', timeZone: 'Europe/Berlin' });
  workspaceId = ws.id;
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

/** A post for Bluesky (and optionally X) scheduled an hour ahead unless told otherwise. */
const postInput = (overrides: Partial<CreatePostInput> = {}): CreatePostInput => ({
  content: { text: 'Hello from the SDK tests' },
  targets: [{ accountId: blueskyId }],
  publishAt: inMinutes(60),
  ...overrides,
});

/** Runs `run` and returns the error it threw: always one of RelayPost's, never Temporal's or zod's. */
async function thrown(run: () => Promise<unknown>): Promise<RelayPostError> {
  try {
    await run();
  } catch (error) {
    expect(RelayPostError.isInstance(error), `not a RelayPost error: ${String(error)}`).toBe(true);
    return error as RelayPostError;
  }
  throw new Error('expected the call to throw');
}

async function validationIssues(run: () => Promise<unknown>) {
  const error = await thrown(run);
  expect(ValidationError.isInstance(error)).toBe(true);
  return [...(error as ValidationError).issues];
}

async function workflowStatus(postId: string): Promise<string | null> {
  try {
    return (await stack.client.workflow.getHandle(postWorkflowId(workspaceId, postId)).describe()).status
      .name;
  } catch {
    return null;
  }
}

/** Waits until the post's workflow reports `status` (workflows move on their own time). */
const untilLive = (postId: string, status: string) =>
  eventually(
    () => stack.relaypost.posts.get(workspaceId, postId),
    (p) => p.live?.status === status,
  );

const types = (events: HistoryEvent[]) => events.map((e) => e.type);

describe('creating posts', () => {
  it('validates against every target, stores the post and starts its workflow', async () => {
    const { relaypost } = stack;
    const post = await relaypost.posts.create(
      workspaceId,
      postInput({
        targets: [{ accountId: blueskyId }, { accountId: xId, options: { replySettings: 'following' } }],
      }),
    );
    expect(post.targets.map((t) => [t.platform, t.status])).toEqual([
      ['bluesky', 'pending'],
      ['x', 'pending'],
    ]);
    const live = await untilLive(post.id, 'scheduled');
    expect(live.status).toBe('scheduled');
    expect(live.live).toMatchObject({
      publishAt: post.publishAt?.at,
      approved: false,
      targets: Object.fromEntries(
        post.targets.map((t) => [t.id, { platform: t.platform, status: 'pending' }]),
      ),
    });
    expect(await workflowStatus(post.id)).toBe('RUNNING');
    expect(types(await relaypost.posts.history(workspaceId, post.id))).toEqual([
      'post.created',
      'post.status_changed',
    ]);
  });

  it('refuses invalid posts with a ValidationError naming the field and limit, and writes nothing', async () => {
    const { relaypost } = stack;
    const before = (await relaypost.posts.list(workspaceId, { limit: 200 })).items.length;
    // Bluesky takes no video: a post carrying one is refused for its Bluesky target.
    const video = await relaypost.media.upload({ workspaceId, data: makeFakeVideo(4096) });
    const cases: Array<[CreatePostInput, Array<Record<string, unknown>>]> = [
      [
        postInput({
          content: { text: 'é'.repeat(301) },
          targets: [{ accountId: blueskyId }, { accountId: xId }],
        }),
        [
          { path: 'targets.0.text', limit: 300, actual: 301 },
          { path: 'targets.1.text', limit: 280 },
        ],
      ],
      [
        postInput({ targets: [{ accountId: xId, options: { replySettings: 'everyone' } }] }),
        [{ path: 'targets.0.options.replySettings' }],
      ],
      [postInput({ publishAt: { at: '2020-01-01T00:00:00Z', timeZone: 'UTC' } }), [{ path: 'publishAt.at' }]],
      [
        postInput({ publishAt: { at: inMinutes(5).at, timeZone: 'Mars/Olympus' } }),
        [{ path: 'publishAt.timeZone' }],
      ],
      [postInput({ targets: [] }), [{ path: 'targets', limit: 1 }]],
      [
        postInput({ targets: [{ accountId: blueskyId }, { accountId: blueskyId }] }),
        [{ path: 'targets.1.accountId' }],
      ],
      [postInput({ targets: [{ accountId: randomUUID() }] }), [{ path: 'targets.0.accountId' }]],
      [
        postInput({ content: { text: 'a video', mediaIds: [video.id] } }),
        [{ path: expect.stringMatching(/^targets\.0\.media/) }],
      ],
    ];
    for (const [input, expected] of cases) {
      const id = randomUUID();
      const issues = await validationIssues(() => relaypost.posts.create(workspaceId, { ...input, id }));
      expect(issues, JSON.stringify(input)).toEqual(expected.map((issue) => expect.objectContaining(issue)));
      expect(NotFoundError.isInstance(await thrown(() => relaypost.posts.get(workspaceId, id)))).toBe(true);
      expect(await workflowStatus(id)).toBeNull();
    }
    expect((await relaypost.posts.list(workspaceId, { limit: 200 })).items).toHaveLength(before);
  });

  it('is idempotent with a client key, also when creates race and after the post finished', async () => {
    const { relaypost } = stack;
    const first = await relaypost.posts.create(workspaceId, postInput({ idempotencyKey: 'order-1' }));
    const again = await relaypost.posts.create(
      workspaceId,
      postInput({ idempotencyKey: 'order-1', content: { text: 'a different text' } }),
    );
    expect(again.id).toBe(first.id);
    expect(again.content.text).toBe(first.content.text);

    const racing = await Promise.all(
      [1, 2, 3].map(() => relaypost.posts.create(workspaceId, postInput({ idempotencyKey: 'order-2' }))),
    );
    expect(new Set(racing.map((p) => p.id)).size).toBe(1);
    const keyed = (await relaypost.posts.list(workspaceId, { limit: 200 })).items.filter((p) =>
      ['order-1', 'order-2'].includes(p.idempotencyKey ?? ''),
    );
    expect(keyed).toHaveLength(2);
    const created = types(await relaypost.posts.history(workspaceId, racing[0]!.id)).filter(
      (t) => t === 'post.created',
    );
    expect(created).toHaveLength(1);

    // Once published, creating again with the key returns the post and does not run it again.
    await untilLive(first.id, 'scheduled');
    await relaypost.posts.publishNow(workspaceId, first.id);
    expect((await relaypost.posts.waitForResult(workspaceId, first.id)).status).toBe('published');
    const records = stack.bluesky.records().length;
    const events = (await relaypost.posts.history(workspaceId, first.id)).length;
    const late = await relaypost.posts.create(workspaceId, postInput({ idempotencyKey: 'order-1' }));
    expect(late).toMatchObject({ id: first.id, status: 'published' });
    expect(await workflowStatus(first.id)).toBe('COMPLETED');
    const after = await relaypost.posts.get(workspaceId, first.id);
    expect(after.status).toBe('published');
    expect(await relaypost.posts.history(workspaceId, first.id)).toHaveLength(events);
    expect(stack.bluesky.records()).toHaveLength(records);
  });
});

describe('reading posts', () => {
  it('gets a post with its live state, also while its workflow is still loading', async () => {
    const { relaypost } = stack;
    const id = randomUUID();
    const release = stack.holdPostLoads(id);
    try {
      await relaypost.posts.create(workspaceId, postInput({ id }));
      // The workflow runs, but its plan is not loaded yet: the stored post still answers.
      const loading = await relaypost.posts.get(workspaceId, id);
      expect(loading).toMatchObject({ id, status: 'draft', live: null });
    } finally {
      release();
    }
    expect((await untilLive(id, 'scheduled')).live?.status).toBe('scheduled');
    expect(NotFoundError.isInstance(await thrown(() => relaypost.posts.get(workspaceId, randomUUID())))).toBe(
      true,
    );
  });

  it('lists by status, account and time range, page by page with a cursor', async () => {
    const { relaypost } = stack;
    const ws = await relaypost.workspaces.create({ name: 'Listing' });
    const bluesky = await relaypost.accounts.connectWithPassword({
      workspaceId: ws.id,
      platform: 'bluesky',
      ...BLUESKY_LOGIN,
    });
    const x = await connectX(relaypost, ws.id);
    const created: Post[] = [];
    for (let i = 0; i < 7; i++) {
      created.push(
        await relaypost.posts.create(ws.id, {
          content: { text: `post ${i}` },
          targets: [{ accountId: i % 2 === 0 ? bluesky.id : x.id }],
          publishAt: inMinutes(60 * (i + 1)),
        }),
      );
    }
    const cancelled = created[3]!;
    await eventually(
      () => relaypost.posts.get(ws.id, cancelled.id),
      (p) => p.live !== null,
    );
    await relaypost.posts.cancel(ws.id, cancelled.id);
    await relaypost.posts.waitForResult(ws.id, cancelled.id);

    const all = async (filter: Parameters<typeof relaypost.posts.list>[1]) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await relaypost.posts.list(ws.id, {
          ...filter,
          limit: 2,
          ...(cursor ? { cursor } : {}),
        });
        expect(page.items.length).toBeLessThanOrEqual(2);
        ids.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      return { ids, pages };
    };
    const everything = await all({});
    expect(everything.ids).toEqual(created.map((p) => p.id));
    expect(everything.pages).toBe(4);
    expect((await all({ status: 'cancelled' })).ids).toEqual([cancelled.id]);
    expect((await all({ status: ['draft', 'scheduled'] })).ids).toHaveLength(6);
    expect((await all({ accountId: x.id })).ids).toEqual([created[1]!.id, created[3]!.id, created[5]!.id]);
    expect((await all({ platform: 'bluesky' })).ids).toEqual([0, 2, 4, 6].map((i) => created[i]!.id));
    const range = await all({ from: created[2]!.publishAt!.at, to: created[5]!.publishAt!.at });
    expect(range.ids).toEqual([2, 3, 4].map((i) => created[i]!.id));
    const badFilter = await validationIssues(() =>
      relaypost.posts.list(ws.id, { status: 'lost' as 'draft' }),
    );
    expect(badFilter[0]?.path).toBe('status');
  });
});

describe('changing posts', () => {
  it('edits content through the workflow and refuses an edit that breaks a limit', async () => {
    const { relaypost } = stack;
    const post = await relaypost.posts.create(workspaceId, postInput());
    const before = await untilLive(post.id, 'scheduled');
    const edited = await relaypost.posts.edit(workspaceId, post.id, { content: { text: 'Edited text' } });
    expect(edited.content.text).toBe('Edited text');
    expect(edited.version).toBeGreaterThan(before.version);
    expect(edited.live?.version).toBeGreaterThan(before.live?.version ?? Number.POSITIVE_INFINITY);

    const issues = await validationIssues(() =>
      relaypost.posts.edit(workspaceId, post.id, { content: { text: 'b'.repeat(301) } }),
    );
    expect(issues).toEqual([expect.objectContaining({ path: 'targets.0.text', limit: 300, actual: 301 })]);
    expect((await relaypost.posts.get(workspaceId, post.id)).content.text).toBe('Edited text');
    const empty = await validationIssues(() => relaypost.posts.edit(workspaceId, post.id, {}));
    expect(empty[0]?.message).toMatch(/content, targets or an approval policy/);
    expect(types(await relaypost.posts.history(workspaceId, post.id))).toContain('post.edited');
  });

  it('reschedules: the durable timer moves, and a past time is refused', async () => {
    const { relaypost } = stack;
    const post = await relaypost.posts.create(workspaceId, postInput());
    await untilLive(post.id, 'scheduled');
    const later = inMinutes(180);
    const moved = await relaypost.posts.reschedule(workspaceId, post.id, later);
    expect(Date.parse(moved.publishAt?.at ?? '')).toBe(Date.parse(later.at));
    expect(Date.parse(moved.live?.publishAt ?? '')).toBe(Date.parse(later.at));

    const past = await validationIssues(() =>
      relaypost.posts.reschedule(workspaceId, post.id, { at: '2020-01-01T00:00:00Z', timeZone: 'UTC' }),
    );
    expect(past).toEqual([expect.objectContaining({ path: 'at', message: expect.stringMatching(/past/) })]);
    const badZone = await validationIssues(() =>
      relaypost.posts.reschedule(workspaceId, post.id, { at: later.at, timeZone: 'Nowhere/City' }),
    );
    expect(badZone[0]?.path).toBe('timeZone');

    // Moved to a moment from now, the post publishes by itself.
    await relaypost.posts.reschedule(workspaceId, post.id, {
      at: new Date(Date.now() + 1_500).toISOString(),
      timeZone: 'UTC',
    });
    const done = await relaypost.posts.waitForResult(workspaceId, post.id);
    expect(done.status).toBe('published');
    expect(types(await relaypost.posts.history(workspaceId, post.id))).toContain('post.rescheduled');
  });

  it('approves a post that needs approval, with the approver recorded', async () => {
    const { relaypost } = stack;
    const post = await relaypost.posts.create(workspaceId, postInput({ approval: { mode: 'required' } }));
    const waiting = await untilLive(post.id, 'awaiting_approval');
    expect(waiting.status).toBe('awaiting_approval');
    const approver = { kind: 'user' as const, id: 'user-7', name: 'Ada' };
    await relaypost.posts.approve(workspaceId, post.id, approver);
    const approved = await untilLive(post.id, 'scheduled');
    expect(approved.live).toMatchObject({ approved: true, approvedBy: approver });
    const events = await relaypost.posts.history(workspaceId, post.id);
    expect(events.find((e) => e.type === 'post.approved')?.actor).toMatchObject(approver);
    const twice = await thrown(() => relaypost.posts.approve(workspaceId, post.id));
    expect(ConflictError.isInstance(twice)).toBe(true);
  });

  it('rejects a post with a reason, which ends its life cycle', async () => {
    const { relaypost } = stack;
    const post = await relaypost.posts.create(workspaceId, postInput({ approval: { mode: 'required' } }));
    await untilLive(post.id, 'awaiting_approval');
    const long = await validationIssues(() => relaypost.posts.reject(workspaceId, post.id, 'r'.repeat(2001)));
    expect(long[0]).toMatchObject({ path: 'reason' });
    await relaypost.posts.reject(workspaceId, post.id, 'off-brand');
    const done = await relaypost.posts.waitForResult(workspaceId, post.id);
    expect(done.status).toBe('rejected');
    const rejected = (await relaypost.posts.history(workspaceId, post.id)).find(
      (e) => e.type === 'post.rejected',
    );
    expect(rejected?.data).toMatchObject({ reason: 'off-brand' });
    const late = await thrown(() => relaypost.posts.approve(workspaceId, post.id));
    expect(ConflictError.isInstance(late)).toBe(true);
    expect(late.message).toMatch(/rejected/);
  });

  it('cancels a post; a finished post refuses further changes with a ConflictError', async () => {
    const { relaypost } = stack;
    const post = await relaypost.posts.create(workspaceId, postInput());
    await untilLive(post.id, 'scheduled');
    await relaypost.posts.cancel(workspaceId, post.id, 'campaign stopped');
    const done = await relaypost.posts.waitForResult(workspaceId, post.id);
    expect(done.status).toBe('cancelled');
    expect(await workflowStatus(post.id)).toBe('COMPLETED');
    const cancelEvent = (await relaypost.posts.history(workspaceId, post.id)).find(
      (e) => e.type === 'post.cancelled',
    );
    expect(cancelEvent?.data).toMatchObject({ reason: 'campaign stopped' });

    const attempts: Array<() => Promise<unknown>> = [
      () => relaypost.posts.cancel(workspaceId, post.id),
      () => relaypost.posts.publishNow(workspaceId, post.id),
      () => relaypost.posts.edit(workspaceId, post.id, { content: { text: 'too late' } }),
      () => relaypost.posts.reschedule(workspaceId, post.id, inMinutes(30)),
      () => relaypost.posts.approve(workspaceId, post.id),
    ];
    for (const attempt of attempts) {
      const error = await thrown(attempt);
      expect(ConflictError.isInstance(error), error.message).toBe(true);
      expect(error.message).toMatch(/cancelled/);
    }
  });

  it('publishes now, once, with the result and history recorded', async () => {
    const { relaypost } = stack;
    const media = await relaypost.media.upload({ workspaceId, data: makePng(20, 20), altText: 'a square' });
    const post = await relaypost.posts.create(
      workspaceId,
      postInput({
        content: { text: 'Published right now', mediaIds: [media.id] },
        targets: [{ accountId: blueskyId }, { accountId: xId }],
      }),
    );
    await untilLive(post.id, 'scheduled');
    const answer = await relaypost.posts.publishNow(workspaceId, post.id);
    expect(answer.id).toBe(post.id);
    const done = await relaypost.posts.waitForResult(workspaceId, post.id);
    expect(done.status).toBe('published');
    for (const target of done.targets) {
      expect(target.status).toBe('published');
      expect(target.result.externalId).toBeTruthy();
      expect(target.result.url).toMatch(/^https:\/\//);
    }
    const records = stack.bluesky
      .records()
      .filter((r) => (r.value as { text?: string }).text === 'Published right now');
    expect(records).toHaveLength(1);
    expect(stack.x.tweets().filter((t) => t.text === 'Published right now')).toHaveLength(1);

    const events = await relaypost.posts.history(workspaceId, post.id);
    expect(types(events)).toEqual(
      expect.arrayContaining(['post.created', 'post.rescheduled', 'target.published', 'post.status_changed']),
    );
    const statuses = events
      .filter((e) => e.type === 'post.status_changed')
      .map((e) => (e.data as { to: string }).to);
    expect(statuses).toEqual(['scheduled', 'publishing', 'published']);
    const seqs = events.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    const again = await thrown(() => relaypost.posts.publishNow(workspaceId, post.id));
    expect(ConflictError.isInstance(again)).toBe(true);
  });
});

describe('posts of one id in two workspaces', () => {
  it('gives each its own workflow: a cancel in one leaves the other scheduled', async () => {
    const { relaypost } = stack;
    const other = await relaypost.workspaces.create({ name: 'Twin', timeZone: 'Europe/Berlin' });
    const otherBluesky = (
      await relaypost.accounts.connectWithPassword({
        workspaceId: other.id,
        platform: 'bluesky',
        ...BLUESKY_LOGIN,
      })
    ).id;
    const mine = await relaypost.posts.create(workspaceId, postInput());
    const twin = await relaypost.posts.create(
      other.id,
      postInput({ id: mine.id, targets: [{ accountId: otherBluesky }] }),
    );
    expect(twin).toMatchObject({ id: mine.id, workspaceId: other.id });
    await untilLive(mine.id, 'scheduled');
    await eventually(
      () => relaypost.posts.get(other.id, twin.id),
      (p) => p.live?.status === 'scheduled',
    );

    await relaypost.posts.cancel(other.id, twin.id, 'only the twin');
    expect((await relaypost.posts.waitForResult(other.id, twin.id)).status).toBe('cancelled');
    const untouched = await relaypost.posts.get(workspaceId, mine.id);
    expect(untouched.status).toBe('scheduled');
    expect(untouched.live?.status).toBe('scheduled');
    expect(await workflowStatus(mine.id)).toBe('RUNNING');
    await relaypost.posts.cancel(workspaceId, mine.id, 'clean up');
  });
});

describe('no Temporal in the public API', () => {
  it('waits for a post whose workflow was stopped from outside and reports the stored post', async () => {
    const { relaypost } = stack;
    const post = await relaypost.posts.create(workspaceId, postInput());
    await untilLive(post.id, 'scheduled');
    await stack.client.workflow
      .getHandle(postWorkflowId(workspaceId, post.id))
      .terminate('operator stopped it');
    const stored = await relaypost.posts.waitForResult(workspaceId, post.id);
    expect(stored).toMatchObject({ id: post.id, status: 'scheduled' });
    // An update to a workflow that is gone, for a post that is not final: a NotFoundError.
    const gone = await thrown(() => relaypost.posts.cancel(workspaceId, post.id));
    expect(NotFoundError.isInstance(gone)).toBe(true);
  });

  it('exposes only RelayPost namespaces and functions, no Temporal client or connection', () => {
    const { relaypost } = stack;
    const seen: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (typeof value === 'function') return;
      expect(
        value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype,
        path,
      ).toBe(true);
      for (const [key, inner] of Object.entries(value as object)) {
        seen.push(`${path}.${key}`);
        walk(inner, `${path}.${key}`);
      }
    };
    walk(relaypost, 'relaypost');
    expect(seen).toEqual(expect.arrayContaining(['relaypost.posts.create', 'relaypost.analytics.summary']));
    expect(seen.some((key) => /temporal|client|connection/i.test(key))).toBe(false);
  });
});
