import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Post, RelayPostStore } from '@relaypost/core';
import { createLocalDevEnv } from '@relaypost/devkit/temporal-testing';
import { createBluesky } from '@relaypost/platforms';
import { type BlueskyFake, createBlueskyFake } from '@relaypost/platforms/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReconcileReport } from '../src/activities/maintenance-types.js';
import { LIFECYCLE_TASK_QUEUE, postWorkflowId } from '../src/names.js';
import { createWebhookNotifier, verifyWebhookSignature, type WebhookEvent } from '../src/notify/webhook.js';
import { reconcileWedgedPosts } from '../src/workflows/maintenance.js';
import { postLifecycle } from '../src/workflows/post-lifecycle.js';
import { connectAccount, createHarness, type Harness, type PlatformUnderTest } from './harness.js';

const HOOK_SECRET = 'whsec_reconcile';

/**
 * The reconciliation on a real Temporal server (the dev server, real time): posts whose workflow
 * was terminated are started again when nothing was sent yet, and failed (and reported) when
 * they were publishing.
 */
describe('reconciliation of wedged posts', () => {
  let env: TestWorkflowEnvironment;
  let fake: BlueskyFake;
  let harness: Harness;
  let store: RelayPostStore;
  let workspaceId: string;
  let accountId: string;
  let hookServer: Server;
  const hooks: Array<{ body: string; signature: string }> = [];

  beforeAll(async () => {
    env = await createLocalDevEnv();
    fake = await createBlueskyFake();
    const bluesky: PlatformUnderTest = {
      platform: 'bluesky',
      fake,
      adapter: createBluesky(fake.adapterOptions()),
      login: { identifier: fake.handle, password: 'app-pass-word-1234' },
    };
    hookServer = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      hooks.push({
        body: Buffer.concat(chunks).toString(),
        signature: String(req.headers['x-relaypost-signature'] ?? ''),
      });
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
    harness = await createHarness({
      env,
      platforms: [bluesky],
      deps: { temporal: env.client, webhooks: createWebhookNotifier() },
    });
    store = harness.store;
    workspaceId = (
      await store.workspaces.create({
        name: 'Wedged',
        webhook: {
          url: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`,
          secret: HOOK_SECRET,
        },
      })
    ).id;
    accountId = (await connectAccount(store, workspaceId, bluesky)).id;
  }, 120_000);
  afterAll(async () => {
    hookServer?.closeAllConnections();
    await new Promise((resolve) => hookServer?.close(resolve));
    await fake?.close();
    await env?.teardown();
  });

  async function start(text: string, publishInMs: number | null) {
    const { post } = await store.posts.create(workspaceId, {
      content: { text },
      targets: [{ accountId }],
      ...(publishInMs === null
        ? {}
        : { publishAt: { at: new Date(Date.now() + publishInMs).toISOString(), timeZone: 'UTC' } }),
    });
    const handle = await env.client.workflow.start(postLifecycle, {
      taskQueue: LIFECYCLE_TASK_QUEUE,
      workflowId: postWorkflowId(workspaceId, post.id),
      args: [{ workspaceId, postId: post.id }],
    });
    return { post, handle };
  }

  async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const stored = (postId: string): Promise<Post> => store.posts.get(workspaceId, postId);
  const reconcile = (): Promise<ReconcileReport> =>
    env.client.workflow.execute(reconcileWedgedPosts, {
      taskQueue: LIFECYCLE_TASK_QUEUE,
      workflowId: `relaypost-reconcile-test-${randomUUID()}`,
      args: [{ graceMinutes: 0 }],
    });
  const postsWith = (text: string) => fake.records().filter((r) => JSON.stringify(r).includes(text));

  it('starts the workflow of a scheduled post again after it was terminated; the post publishes once', async () => {
    const text = `Terminated while waiting ${randomUUID().slice(0, 8)}`;
    const { post, handle } = await start(text, 4_000);
    await harness.run(async () => {
      await until('the post to be scheduled', async () => (await stored(post.id)).status === 'scheduled');
      await handle.terminate('operator mistake');
      expect((await handle.describe()).status.name).toBe('TERMINATED');

      const report = await reconcile();
      expect(report).toMatchObject({ restarted: 1, failed: 0 });
      const restarted = env.client.workflow.getHandle(handle.workflowId);
      expect((await restarted.describe()).runId).not.toBe(handle.firstExecutionRunId);
      expect((await restarted.result()).status).toBe('published');
      // Running it again finds nothing to repair: the post is final, its workflow completed.
      expect(await reconcile()).toMatchObject({ restarted: 0, failed: 0 });
    });
    expect((await stored(post.id)).status).toBe('published');
    expect(postsWith(text)).toHaveLength(1);
  });

  it('starts the workflow of a post that never got one (a crash between the insert and the start)', async () => {
    const text = `Never started ${randomUUID().slice(0, 8)}`;
    const { post } = await store.posts.create(workspaceId, { content: { text }, targets: [{ accountId }] });
    await harness.run(async () => {
      expect(await reconcile()).toMatchObject({ restarted: 1, failed: 0 });
      const started = env.client.workflow.getHandle(postWorkflowId(workspaceId, post.id));
      expect((await started.result()).status).toBe('published');
    });
    expect(postsWith(text)).toHaveLength(1);
  });

  it('fails a post that was publishing when its workflow was terminated, ends its targets and tells the host app', async () => {
    const text = `Terminated mid-send ${randomUUID().slice(0, 8)}`;
    // The platform holds the request long enough for the workflow to be stopped meanwhile.
    fake.server.scriptFault((request) => request.path.includes('createRecord'), { kind: 'delay', ms: 6_000 });
    const { post, handle } = await start(text, null);
    hooks.length = 0;
    await harness.run(async () => {
      await until(
        'the target to be publishing',
        async () => (await stored(post.id)).targets[0]?.status === 'publishing',
      );
      await handle.terminate('lost');

      const report = await reconcile();
      expect(report).toMatchObject({ restarted: 0, failed: 1 });
      const failed = await stored(post.id);
      expect(failed.status).toBe('failed');
      expect(failed.problem).toMatchObject({ kind: 'workflow_ended' });
      expect(failed.problem?.message).toMatch(/terminated while it was publishing/);
      expect(failed.targets.map((t) => t.status)).toEqual(['uncertain']);
      // Never started again: the post may have reached the platform.
      expect((await env.client.workflow.getHandle(handle.workflowId).describe()).status.name).toBe(
        'TERMINATED',
      );

      const history = await store.history.list(workspaceId, { postId: post.id });
      expect(history.filter((e) => e.type === 'post.status_changed' && e.data.to === 'failed')).toEqual([
        expect.objectContaining({ actor: { kind: 'system', name: 'reconciliation' } }),
      ]);
      expect(history.filter((e) => e.type === 'notification.sent')).toEqual([
        expect.objectContaining({
          data: expect.objectContaining({ channel: 'webhook', status: 'failed', ok: true }),
        }),
      ]);
      expect(hooks).toHaveLength(1);
      const event = JSON.parse(hooks[0]!.body) as WebhookEvent;
      expect(event).toMatchObject({
        type: 'post.failed',
        workspaceId,
        postId: post.id,
        data: { status: 'failed', targets: [{ status: 'uncertain' }] },
      });
      expect(
        verifyWebhookSignature({ secret: HOOK_SECRET, header: hooks[0]!.signature, body: hooks[0]!.body }),
      ).toBe(true);
      expect(await reconcile()).toMatchObject({ restarted: 0, failed: 0 });
      expect(hooks).toHaveLength(1);
    });
  });
});
