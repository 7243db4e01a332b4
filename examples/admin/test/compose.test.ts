import type { Post } from '@relaypost/core';
import { describe, expect, it } from 'vitest';
import {
  approvalEdit,
  buildCreateInput,
  emptyComposeState,
  postErrors,
  stateFromPost,
} from '../src/lib/compose';

const KEY = '6f1c1b9e-0c8b-4a57-9e5e-9d6c2b8a1f00';
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

describe('buildCreateInput', () => {
  it('converts the publish time in the workspace zone and keeps per-account text and options', () => {
    const state = {
      ...emptyComposeState(KEY, { publishAtLocal: '2026-07-01T09:00', accountIds: [A, B] }),
      text: 'Hello',
      overrides: { [B]: 'Hello, Reddit' },
      options: { [B]: { subreddit: 'typescript' } },
      approval: 'required' as const,
      deadlineLocal: '2026-07-01T08:00',
    };
    const built = buildCreateInput(state, 'Europe/Berlin');
    if ('errors' in built) throw new Error(JSON.stringify(built.errors));
    expect(built.input.publishAt).toEqual({ at: '2026-07-01T07:00:00.000Z', timeZone: 'Europe/Berlin' });
    expect(built.input.approval).toMatchObject({ mode: 'required', deadline: '2026-07-01T06:00:00.000Z' });
    expect(built.input.targets).toEqual([
      { accountId: A, options: {} },
      { accountId: B, text: 'Hello, Reddit', options: { subreddit: 'typescript' } },
    ]);
  });

  it('puts each problem next to its field', () => {
    const built = buildCreateInput({ ...emptyComposeState(KEY), approval: 'required' }, 'UTC');
    expect(built).toEqual({
      errors: {
        accountIds: 'Choose at least one account to publish to.',
        text: 'Write some text or add media.',
        publishAt: 'Choose when to publish, or pick “As soon as possible”.',
      },
    });
  });

  it('refuses a deadline after the publish time and tells about a skipped hour', () => {
    const base = { ...emptyComposeState(KEY, { accountIds: [A] }), text: 'x', approval: 'required' as const };
    expect(
      buildCreateInput(
        { ...base, publishAtLocal: '2026-07-01T09:00', deadlineLocal: '2026-07-01T10:00' },
        'UTC',
      ),
    ).toEqual({ errors: { deadline: 'The approval deadline must be before the publish time.' } });
    const built = buildCreateInput(
      { ...base, approval: 'none', publishAtLocal: '2026-03-29T02:30' },
      'Europe/Berlin',
    );
    expect('notes' in built && built.notes[0]).toMatch(/does not exist in Europe\/Berlin/);
  });

  it('lets the brief stand in for empty text when the AI writes the caption', () => {
    const built = buildCreateInput(
      { ...emptyComposeState(KEY, { accountIds: [A] }), when: 'now', caption: true, brief: 'Launch' },
      'UTC',
    );
    if ('errors' in built) throw new Error('unexpected errors');
    expect(built.input.content.text).toBe('Launch');
    expect(built.input.caption).toEqual({ brief: 'Launch', apply: true });
  });
});

describe('postErrors', () => {
  const labels = { [A]: 'Bluesky @acme', [B]: 'Reddit @acme' };
  it('says which account and which limit, next to the right field', () => {
    expect(
      postErrors(
        [
          { path: 'targets.0.text', message: 'Bluesky: is too long', limit: 300, actual: 312 },
          { path: 'targets.1.options.title', message: 'Invalid input: expected string, received undefined' },
          { path: 'publishAt.at', message: 'is in the past' },
        ],
        { accountIds: [A, B], overrides: {} },
        labels,
      ),
    ).toEqual({
      text: 'Bluesky @acme: the text is too long (at most 300; it has 312).',
      [`opt:${B}:title`]: 'Reddit @acme: is required.',
      publishAt: 'The publish time is in the past.',
    });
  });

  it('puts a too-long override next to the account’s own text', () => {
    expect(
      postErrors(
        [{ path: 'targets.0.text', message: 'Bluesky: is too long', limit: 300, actual: 400 }],
        { accountIds: [A], overrides: { [A]: 'long' } },
        labels,
      ),
    ).toEqual({ [`text:${A}`]: 'Bluesky @acme: the text is too long (at most 300; it has 400).' });
  });
});

describe('stateFromPost', () => {
  const post = {
    id: '33333333-3333-4333-8333-333333333333',
    content: { text: 'Hi', mediaIds: ['m1'], thread: false },
    publishAt: { at: '2026-07-01T07:00:00.000Z', timeZone: 'Europe/Berlin' },
    approval: { mode: 'required', onDeadline: 'approve', reapproveOnEdit: true, remindMinutesBefore: [60] },
    targets: [
      { accountId: A, text: null, options: {}, status: 'pending' },
      { accountId: B, text: 'Reddit text', options: { subreddit: 'ts' }, status: 'pending' },
      { accountId: 'gone', text: null, options: {}, status: 'cancelled' },
    ],
  } as unknown as Post;

  it('fills the composer to edit a post, times in the workspace zone', () => {
    const state = stateFromPost(post, 'Europe/Berlin', 'edit', KEY);
    expect(state).toMatchObject({
      postId: post.id,
      accountIds: [A, B],
      overrides: { [B]: 'Reddit text' },
      options: { [B]: { subreddit: 'ts' } },
      publishAtLocal: '2026-07-01T09:00',
      approval: 'required',
      onDeadline: 'approve',
      mediaIds: ['m1'],
    });
  });

  it('starts a copy without the time or the post id', () => {
    expect(stateFromPost(post, 'Europe/Berlin', 'duplicate', KEY)).toMatchObject({
      postId: null,
      publishAtLocal: '',
      idempotencyKey: KEY,
    });
  });

  it('copies a rejected post to its accounts, though its targets were all cancelled when it ended', () => {
    const rejected = {
      ...post,
      status: 'rejected',
      targets: post.targets.map((t) => ({ ...t, status: 'cancelled' })),
    } as Post;
    expect(stateFromPost(rejected, 'Europe/Berlin', 'duplicate', KEY)).toMatchObject({
      accountIds: [A, B, 'gone'],
      overrides: { [B]: 'Reddit text' },
      options: { [B]: { subreddit: 'ts' } },
    });
  });
});

describe('approvalEdit', () => {
  const policy = {
    mode: 'none',
    onDeadline: 'expire',
    reapproveOnEdit: false,
    remindMinutesBefore: [30],
  } as const;

  it('sends nothing when the policy did not change', () => {
    expect(
      approvalEdit({ ...policy, remindMinutesBefore: [30] }, { mode: 'none', onDeadline: 'expire' }),
    ).toEqual({});
    expect(
      approvalEdit(
        { ...policy, remindMinutesBefore: [30], mode: 'required', deadline: '2026-07-01T06:00:00Z' },
        { mode: 'required', onDeadline: 'expire', deadline: '2026-07-01T06:00:00.000Z' },
      ),
    ).toEqual({});
  });

  it('sends the new policy, keeping the post’s reminders and re-approval choice', () => {
    expect(
      approvalEdit(
        { ...policy, remindMinutesBefore: [30] },
        { mode: 'required', onDeadline: 'approve', deadline: '2026-07-01T06:00:00.000Z' },
      ),
    ).toEqual({
      approval: {
        mode: 'required',
        onDeadline: 'approve',
        deadline: '2026-07-01T06:00:00.000Z',
        reapproveOnEdit: false,
        remindMinutesBefore: [30],
      },
    });
  });

  it('drops a deadline the user cleared', () => {
    expect(
      approvalEdit(
        { ...policy, remindMinutesBefore: [30], mode: 'required', deadline: '2026-07-01T06:00:00Z' },
        { mode: 'required', onDeadline: 'expire' },
      ),
    ).toEqual({
      approval: { mode: 'required', onDeadline: 'expire', reapproveOnEdit: false, remindMinutesBefore: [30] },
    });
  });
});
