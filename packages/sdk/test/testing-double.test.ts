import {
  type Actor,
  type CreatePostInput,
  type HistoryEvent,
  RelayPostError,
  ValidationError,
} from '@relaypost/core';
import { createBluesky, createX } from '@relaypost/platforms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostWithState } from '../src/api/posts.js';
import type { RelayPost } from '../src/interface.js';
import { createTestRelayPost, type TelegramApprover, type TestRelayPost } from '../src/testing/index.js';
import { connectX } from './support/oauth.js';
import { BLUESKY_LOGIN, eventually, type Stack, startStack } from './support/stack.js';

/**
 * The same scenarios against the in-memory double and against the real SDK (Temporal, Postgres,
 * RelayPost's workers), compared step by step: what a host app sees must not depend on which one
 * it talks to. The real one moves on its own time, so each step waits until it has come to rest;
 * the double is at rest when a call returns.
 */

let stack: Stack;
let double: TestRelayPost;

/** One side of the comparison, with the workspace and accounts it was given. */
interface Subject {
  name: 'real' | 'double';
  relaypost: RelayPost;
  workspaceId: string;
  blueskyId: string;
  xId: string;
  /** The post once its life cycle rests in `status` (the real one is polled; the double rests already). */
  resting(postId: string, status: string): Promise<PostWithState>;
  /** An approver's press on Telegram: the worker's bridge sends the update with a `telegram` actor. */
  telegram(
    action: 'approve' | 'reject',
    postId: string,
    approver: TelegramApprover,
    reason?: string,
  ): Promise<unknown>;
}
const subjects: Subject[] = [];

async function subjectOf(name: Subject['name'], relaypost: RelayPost): Promise<Subject> {
  const { id: workspaceId } = await relaypost.workspaces.create({
    name: `Parity ${name}`,
    timeZone: 'Europe/Berlin',
  });
  const bluesky = await relaypost.accounts.connectWithPassword({
    workspaceId,
    platform: 'bluesky',
    ...BLUESKY_LOGIN,
  });
  const x = await connectX(relaypost, workspaceId);
  const get = (postId: string) => relaypost.posts.get(workspaceId, postId);
  return {
    name,
    relaypost,
    workspaceId,
    blueskyId: bluesky.id,
    xId: x.id,
    resting:
      name === 'real'
        ? (postId, status) =>
            eventually(
              () => get(postId),
              (p) => p.live?.status === status,
            )
        : get,
    telegram(action, postId, approver, reason) {
      if (name === 'double')
        return action === 'approve'
          ? double.testing.approve(workspaceId, postId, approver)
          : double.testing.reject(workspaceId, postId, reason, approver);
      const actor: Actor = {
        kind: 'telegram',
        id: String(approver.userId),
        ...(approver.name ? { name: approver.name } : {}),
      };
      return action === 'approve'
        ? relaypost.posts.approve(workspaceId, postId, actor)
        : relaypost.posts.reject(workspaceId, postId, reason, actor);
    },
  };
}

beforeAll(async () => {
  stack = await startStack();
  double = createTestRelayPost({
    adapters: {
      x: createX(stack.x.adapterOptions()),
      bluesky: createBluesky(stack.bluesky.adapterOptions()),
    },
  });
  subjects.push(await subjectOf('real', stack.relaypost), await subjectOf('double', double));
}, 120_000);
afterAll(async () => {
  await double?.close();
  await stack?.stop();
});

const inMinutes = (minutes: number) => ({
  at: new Date(Date.now() + minutes * 60_000).toISOString(),
  timeZone: 'Europe/Berlin',
});

/** What a host app sees of a post, without what differs by run (ids, times). */
function seen(post: PostWithState, subject: Subject) {
  return {
    status: post.status,
    text: post.content.text.replace(subject.name, '<subject>'),
    version: post.version,
    problem: post.problem?.kind ?? null,
    targets: post.targets.map((t) => ({
      platform: t.platform,
      status: t.status,
      published: t.result.externalId !== null,
      error: t.result.error?.kind ?? null,
    })),
    live: post.live && {
      status: post.live.status,
      approved: post.live.approved,
      approvedBy: post.live.approvedBy,
      rejectedReason: post.live.rejectedReason,
      version: post.live.version,
      publishAt: post.live.publishAt === post.publishAt?.at,
      targets: Object.values(post.live.targets).map((t) => t.status),
    },
  };
}

/** The history as types and status moves, in order. */
const story = (events: HistoryEvent[]) =>
  events.map((e) => {
    const data = e.data as { to?: string; reason?: string };
    const move = e.type === 'post.status_changed' || e.type === 'post.cancelled' ? data.to : undefined;
    return [e.type, e.actor.kind, move ?? data.reason].filter((part) => part !== undefined).join(' ');
  });

/** A refusal as a host app sees it: the error's class, code, message and issues. */
async function refusalOf(call: () => Promise<unknown>) {
  const error = await call().then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!RelayPostError.isInstance(error)) throw new Error(`expected a RelayPost error, got ${String(error)}`);
  return {
    name: error.name,
    code: error.code,
    message: error.message,
    issues: ValidationError.isInstance(error) ? error.issues : null,
  };
}

/** Runs `scenario` against both subjects and returns their transcripts, real first. */
async function both<T>(scenario: (subject: Subject) => Promise<T>): Promise<[T, T]> {
  const [real, inMemory] = subjects;
  return [await scenario(real!), await scenario(inMemory!)];
}

describe('the in-memory double and the real SDK', () => {
  it('create, get, list, edit and cancel the same way', async () => {
    const [real, inMemory] = await both(async (s) => {
      const { relaypost: rp, workspaceId } = s;
      const created = await rp.posts.create(workspaceId, {
        content: { text: `Parity one (${s.name})` },
        targets: [{ accountId: s.blueskyId }, { accountId: s.xId }],
        publishAt: inMinutes(60),
      });
      const scheduled = await s.resting(created.id, 'scheduled');
      const listed = await rp.posts.list(workspaceId, { status: 'scheduled', platform: 'x' });
      const edited = await rp.posts.edit(workspaceId, created.id, {
        content: { text: `Edited (${s.name})` },
      });
      const rescheduled = await rp.posts.reschedule(workspaceId, created.id, inMinutes(120));
      await rp.posts.cancel(workspaceId, created.id, 'campaign stopped');
      const ended = await rp.posts.waitForResult(workspaceId, created.id);
      return {
        created: { status: created.status, version: created.version },
        scheduled: seen(scheduled, s),
        listed: listed.items.some((p) => p.id === created.id),
        edited: seen(edited, s),
        rescheduled: rescheduled.live?.publishAt === rescheduled.publishAt?.at,
        ended: seen({ ...ended, live: null }, s),
        history: story(await rp.posts.history(workspaceId, created.id)),
        late: await refusalOf(() =>
          rp.posts.edit(workspaceId, created.id, { content: { text: 'too late' } }),
        ),
      };
    });
    expect(inMemory).toEqual(real);
    // And what both say is right, not merely the same.
    expect(real.scheduled).toMatchObject({
      status: 'scheduled',
      live: { status: 'scheduled', approved: false },
    });
    expect(real.listed).toBe(true);
    expect(real.edited.text).toBe('Edited (<subject>)');
    expect(real.ended).toMatchObject({
      status: 'cancelled',
      targets: [{ status: 'cancelled' }, { status: 'cancelled' }],
    });
    expect(real.history).toEqual([
      'post.created api',
      'post.status_changed workflow scheduled',
      'post.edited api',
      'post.rescheduled api',
      'post.cancelled api cancelled',
    ]);
    expect(real.late).toMatchObject({ name: 'ConflictError', message: 'cannot edit: post is cancelled' });
  });

  it('hold a post for approval, take a Telegram approval and publish it on the fake', async () => {
    const approver = { userId: 4242, name: 'Ada' };
    const [real, inMemory] = await both(async (s) => {
      const { relaypost: rp, workspaceId } = s;
      const text = `Parity approve (${s.name})`;
      const created = await rp.posts.create(workspaceId, {
        content: { text },
        targets: [{ accountId: s.blueskyId }],
        publishAt: inMinutes(60),
        approval: { mode: 'required' },
      });
      const waiting = await s.resting(created.id, 'awaiting_approval');
      await s.telegram('approve', created.id, approver);
      const approved = await s.resting(created.id, 'scheduled');
      const twice = await refusalOf(() => s.telegram('approve', created.id, approver));
      await rp.posts.publishNow(workspaceId, created.id);
      const done = await rp.posts.waitForResult(workspaceId, created.id);
      return {
        waiting: seen(waiting, s),
        approved: seen(approved, s),
        twice,
        done: seen({ ...done, live: null }, s),
        onFake: stack.bluesky.records().filter((r) => (r.value as { text?: string }).text === text).length,
        history: story(await rp.posts.history(workspaceId, created.id)),
      };
    });
    expect(inMemory).toEqual(real);
    expect(real.waiting.live).toMatchObject({ status: 'awaiting_approval', approved: false });
    expect(real.approved.live).toMatchObject({
      status: 'scheduled',
      approved: true,
      approvedBy: { kind: 'telegram', id: '4242', name: 'Ada' },
    });
    expect(real.twice).toMatchObject({
      name: 'ConflictError',
      message: 'cannot approve: post is scheduled, not awaiting approval',
    });
    expect(real.done).toMatchObject({
      status: 'published',
      targets: [{ status: 'published', published: true }],
    });
    expect(real.onFake).toBe(1);
    expect(real.history).toEqual([
      'post.created api',
      'post.status_changed workflow awaiting_approval',
      'post.approved telegram',
      'post.status_changed workflow scheduled',
      'post.rescheduled api',
      'post.status_changed workflow publishing',
      'target.publishing workflow',
      'target.published workflow',
      'post.status_changed workflow published',
    ]);
  });

  it('end a post an approver rejected', async () => {
    const [real, inMemory] = await both(async (s) => {
      const { relaypost: rp, workspaceId } = s;
      const created = await rp.posts.create(workspaceId, {
        content: { text: `Parity reject (${s.name})` },
        targets: [{ accountId: s.xId }],
        publishAt: inMinutes(60),
        approval: { mode: 'required' },
      });
      await s.resting(created.id, 'awaiting_approval');
      const tooLong = await refusalOf(() =>
        s.telegram('reject', created.id, { userId: 7 }, 'r'.repeat(2001)),
      );
      await s.telegram('reject', created.id, { userId: 7 }, 'off-brand');
      const done = await rp.posts.waitForResult(workspaceId, created.id);
      return {
        tooLong,
        done: seen({ ...done, live: null }, s),
        live: (await rp.posts.get(workspaceId, created.id)).live?.rejectedReason ?? null,
        history: story(await rp.posts.history(workspaceId, created.id)),
        late: await refusalOf(() => rp.posts.approve(workspaceId, created.id)),
      };
    });
    expect(inMemory).toEqual(real);
    expect(real.tooLong.issues).toEqual([expect.objectContaining({ path: 'reason', limit: 2000 })]);
    expect(real.done).toMatchObject({ status: 'rejected', targets: [{ status: 'cancelled' }] });
    expect(real.history).toEqual([
      'post.created api',
      'post.status_changed workflow awaiting_approval',
      'post.rejected telegram off-brand',
      'post.status_changed telegram rejected',
    ]);
    expect(real.late.message).toBe('cannot approve: post is rejected');
  });

  it('refuse bad input with the same errors: class, message, issue paths and limits', async () => {
    const [real, inMemory] = await both(async (s) => {
      const { relaypost: rp, workspaceId } = s;
      const input = (overrides: Partial<CreatePostInput>): CreatePostInput => ({
        content: { text: 'Hello' },
        targets: [{ accountId: s.blueskyId }],
        publishAt: inMinutes(60),
        ...overrides,
      });
      const scheduled = await rp.posts.create(
        workspaceId,
        input({ content: { text: `Refusals (${s.name})` } }),
      );
      await s.resting(scheduled.id, 'scheduled');
      const unknownId = '00000000-0000-4000-8000-000000000000';
      const calls: Record<string, () => Promise<unknown>> = {
        tooLongForBoth: () =>
          rp.posts.create(
            workspaceId,
            input({
              content: { text: 'é'.repeat(301) },
              targets: [{ accountId: s.blueskyId }, { accountId: s.xId }],
            }),
          ),
        optionOfX: () =>
          rp.posts.create(
            workspaceId,
            input({ targets: [{ accountId: s.xId, options: { replySettings: 'everyone' } }] }),
          ),
        inThePast: () =>
          rp.posts.create(workspaceId, input({ publishAt: { at: '2020-01-01T00:00:00Z', timeZone: 'UTC' } })),
        badZone: () =>
          rp.posts.create(
            workspaceId,
            input({ publishAt: { at: inMinutes(5).at, timeZone: 'Mars/Olympus' } }),
          ),
        noTargets: () => rp.posts.create(workspaceId, input({ targets: [] })),
        twiceTheAccount: () =>
          rp.posts.create(
            workspaceId,
            input({ targets: [{ accountId: s.blueskyId }, { accountId: s.blueskyId }] }),
          ),
        unknownAccount: () => rp.posts.create(workspaceId, input({ targets: [{ accountId: unknownId }] })),
        notAPost: () => rp.posts.create(workspaceId, null as unknown as CreatePostInput),
        emptyEdit: () => rp.posts.edit(workspaceId, scheduled.id, {}),
        editTooLong: () => rp.posts.edit(workspaceId, scheduled.id, { content: { text: 'b'.repeat(301) } }),
        rescheduleToThePast: () =>
          rp.posts.reschedule(workspaceId, scheduled.id, { at: '2020-01-01T00:00:00Z', timeZone: 'UTC' }),
        rescheduleBadZone: () =>
          rp.posts.reschedule(workspaceId, scheduled.id, { at: inMinutes(30).at, timeZone: 'Nowhere/City' }),
        approveScheduled: () => rp.posts.approve(workspaceId, scheduled.id),
        rejectScheduled: () => rp.posts.reject(workspaceId, scheduled.id, 'no'),
        hostileActor: () =>
          rp.posts.cancel(workspaceId, scheduled.id, undefined, { kind: 'root' } as unknown as Actor),
        unknownPost: () => rp.posts.get(workspaceId, unknownId),
        badFilter: () => rp.posts.list(workspaceId, { status: 'lost' as 'draft' }),
        badWorkspace: () => rp.workspaces.create({ name: '', timeZone: 'Nowhere/City' }),
        passwordForOAuth: () =>
          rp.accounts.connectWithPassword({ workspaceId, platform: 'x', identifier: 'a', password: 'b' }),
        notMedia: () => rp.media.upload({ workspaceId, data: 'bytes' as unknown as Uint8Array }),
        badRange: () =>
          rp.analytics.summary(workspaceId, 'last week' as unknown as { from: string; to: string }),
      };
      const refusals: Record<string, Awaited<ReturnType<typeof refusalOf>>> = {};
      for (const [name, call] of Object.entries(calls)) refusals[name] = await refusalOf(call);
      await rp.posts.cancel(workspaceId, scheduled.id);
      return refusals;
    });
    expect(inMemory).toEqual(real);
    expect(real.tooLongForBoth?.issues).toEqual([
      expect.objectContaining({ path: 'targets.0.text', limit: 300, actual: 301 }),
      expect.objectContaining({ path: 'targets.1.text', limit: 280 }),
    ]);
    expect(real.editTooLong?.issues).toEqual([
      expect.objectContaining({ path: 'targets.0.text', limit: 300 }),
    ]);
    expect(real.approveScheduled?.message).toBe('cannot approve: post is scheduled, not awaiting approval');
    for (const [name, refusal] of Object.entries(real)) {
      const expected =
        name === 'unknownPost'
          ? 'NotFoundError'
          : name.endsWith('Scheduled')
            ? 'ConflictError'
            : 'ValidationError';
      expect(refusal.name, name).toBe(expected);
    }
  });
});
