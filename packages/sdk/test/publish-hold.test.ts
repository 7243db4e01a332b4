import { ConflictError, type CreatePostInput, RelayPostError } from '@relaypost/core';
import { postWorkflowId } from '@relaypost/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLUESKY_LOGIN, eventually, type Stack, startStack } from './support/stack.js';

// A publish is prepared LEAD_MS before its second and held in its activity until then; these
// tests change the post inside that window, on a real Temporal dev server and Postgres.
const LEAD_MS = 6_000;
const CREATE_RECORD = '/xrpc/com.atproto.repo.createRecord';

let stack: Stack;
let workspaceId: string;
let blueskyId: string;

beforeAll(async () => {
  stack = await startStack({ publishLeadMs: LEAD_MS });
  const ws = await stack.relaypost.workspaces.create({ name: 'Holds', timeZone: 'UTC' });
  workspaceId = ws.id;
  blueskyId = (
    await stack.relaypost.accounts.connectWithPassword({ workspaceId, platform: 'bluesky', ...BLUESKY_LOGIN })
  ).id;
}, 120_000);
afterAll(() => stack?.stop());

/** A Bluesky post due `inMs` from now (whole seconds, as users schedule). */
function duePost(text: string, inMs: number): CreatePostInput {
  const at = new Date(Math.ceil((Date.now() + inMs) / 1000) * 1000).toISOString();
  return { content: { text }, targets: [{ accountId: blueskyId }], publishAt: { at, timeZone: 'UTC' } };
}

/** When the server scheduled the post's publish activity, once it has (ms since the epoch). */
async function publishScheduledAt(postId: string): Promise<number> {
  return eventually(
    async () => {
      const history = await stack.client.workflow
        .getHandle(postWorkflowId(workspaceId, postId))
        .fetchHistory();
      const event = history.events?.find(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'publishTarget',
      );
      const time = event?.eventTime;
      return time ? Number(time.seconds) * 1000 + Math.floor((time.nanos ?? 0) / 1e6) : null;
    },
    (at): at is number => at !== null,
    20_000,
  ) as Promise<number>;
}

const createRequests = (text: string) =>
  stack.bluesky.server.requests.filter(
    (r) =>
      r.method === 'POST' &&
      r.path === CREATE_RECORD &&
      (r.json as { record?: { text?: string } } | undefined)?.record?.text === text,
  );

describe('publishes prepared ahead of their second', () => {
  it('starts the publish before the second and sends it on the second, never before', async () => {
    const input = duePost('Held until its second', LEAD_MS + 4_000);
    const dueAt = Date.parse(input.publishAt!.at);
    const post = await stack.relaypost.posts.create(workspaceId, input);

    expect(await publishScheduledAt(post.id)).toBeLessThan(dueAt);
    const done = await stack.relaypost.posts.waitForResult(workspaceId, post.id);
    expect(done.status).toBe('published');
    const sent = createRequests('Held until its second');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.receivedAt).toBeGreaterThanOrEqual(dueAt);
    const statuses = (await stack.relaypost.posts.history(workspaceId, post.id))
      .filter((e) => e.type === 'post.status_changed')
      .map((e) => (e.data as { to: string }).to);
    expect(statuses).toEqual(['scheduled', 'publishing', 'published']);
  });

  it('a cancel while the publish is held wins: nothing is sent', async () => {
    const input = duePost('Cancelled while held', LEAD_MS + 3_000);
    const dueAt = Date.parse(input.publishAt!.at);
    const post = await stack.relaypost.posts.create(workspaceId, input);
    await publishScheduledAt(post.id);

    const answer = await stack.relaypost.posts.cancel(workspaceId, post.id, 'changed our minds');
    expect(answer.status).toBe('cancelled');
    const done = await stack.relaypost.posts.waitForResult(workspaceId, post.id);
    expect(done.status).toBe('cancelled');
    // A cancelled post never keeps a target open: it was never sent, and never will be.
    expect(done.targets[0]!.status).toBe('cancelled');
    // Past the second the held activity would have sent at: it found the post disarmed.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt - Date.now()) + 1_500));
    expect(createRequests('Cancelled while held')).toHaveLength(0);
  });

  it('an edit while the publish is held sends the edited text, once', async () => {
    const input = duePost('Text before the edit', LEAD_MS + 3_000);
    const post = await stack.relaypost.posts.create(workspaceId, input);
    await publishScheduledAt(post.id);

    await stack.relaypost.posts.edit(workspaceId, post.id, { content: { text: 'Text after the edit' } });
    const done = await stack.relaypost.posts.waitForResult(workspaceId, post.id);
    expect(done.status).toBe('published');
    expect(createRequests('Text after the edit')).toHaveLength(1);
    expect(createRequests('Text before the edit')).toHaveLength(0);
    const sent = createRequests('Text after the edit')[0]!;
    expect(sent.receivedAt).toBeGreaterThanOrEqual(Date.parse(input.publishAt!.at));
  });

  it('a reschedule while the publish is held moves it to the new second', async () => {
    const input = duePost('Moved while held', LEAD_MS + 2_000);
    const post = await stack.relaypost.posts.create(workspaceId, input);
    await publishScheduledAt(post.id);
    const later = new Date(Date.parse(input.publishAt!.at) + 3_000).toISOString();

    await stack.relaypost.posts.reschedule(workspaceId, post.id, { at: later, timeZone: 'UTC' });
    const done = await stack.relaypost.posts.waitForResult(workspaceId, post.id);
    expect(done.status).toBe('published');
    const sent = createRequests('Moved while held');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.receivedAt).toBeGreaterThanOrEqual(Date.parse(later));
  });

  it('once claimed, a cancel is refused with a ConflictError and the post is published once', async () => {
    const text = 'Claimed before the cancel';
    // The platform takes its time answering: the post is claimed and on its way meanwhile.
    stack.bluesky.server.scriptFault(
      (r) => r.path === CREATE_RECORD && (r.json as { record?: { text?: string } })?.record?.text === text,
      { kind: 'delay-after-apply', ms: 4_000 },
    );
    const post = await stack.relaypost.posts.create(workspaceId, duePost(text, 2_000));
    await eventually(
      async () => createRequests(text).length,
      (n) => n === 1,
      20_000,
    );

    let refused: unknown;
    try {
      await stack.relaypost.posts.cancel(workspaceId, post.id);
    } catch (error) {
      refused = error;
    }
    expect(RelayPostError.isInstance(refused) && ConflictError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/publishing/);
    const done = await stack.relaypost.posts.waitForResult(workspaceId, post.id);
    expect(done.status).toBe('published');
    expect(createRequests(text)).toHaveLength(1);
  });
});
