import {
  type AdapterLookup,
  ConflictError,
  decisionArgsSchema,
  editPostArgsSchema,
  type MediaAccess,
  NotFoundError,
  type Post,
  parseOrThrow,
  RelayPostError,
  type RelayPostStore,
  regenerateCaptionArgsSchema,
  rescheduleArgsSchema,
  targetsCancelledArgsSchema,
} from '@relaypost/core';
import {
  assertUpdateFits,
  type CaptionService,
  createActivities,
  type PostUpdateArgs,
  type PostUpdateName,
  type PostWorkflowClient,
  postWorkflowId,
  updateFailureToError,
  updateRefusal,
} from '@relaypost/workflows';
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import type { TestClock } from './clock.js';
import { Life } from './life-cycle.js';
import { createTargetPublisher } from './publish.js';

/** The double's stand-in for Temporal and the worker: the SDK calls it as it calls the workflow client. */
export interface TestEngine extends PostWorkflowClient {
  /**
   * Moves the clock to `at` (milliseconds), taking on the way, in time order, every step that
   * falls due: approval deadlines, publishes. Returns the posts whose life cycle ended, in order.
   */
  advanceTo(at: number): Promise<Post[]>;
}

/** What the engine runs on. */
export interface TestEngineDeps {
  store: RelayPostStore;
  adapters: AdapterLookup;
  media: MediaAccess;
  captions?: CaptionService | undefined;
  clock: TestClock;
}

/** The schema each update's validator parses its argument with (the workflow's, from core). */
const SCHEMAS = {
  edit: editPostArgsSchema,
  reschedule: rescheduleArgsSchema,
  cancel: decisionArgsSchema,
  publishNow: decisionArgsSchema,
  approve: decisionArgsSchema,
  reject: decisionArgsSchema,
  regenerateCaption: regenerateCaptionArgsSchema,
  targetsCancelled: targetsCancelledArgsSchema,
} satisfies Record<PostUpdateName, z.ZodType>;

type Handlers = { [K in PostUpdateName]: (life: Life, args: PostUpdateArgs<K>) => Promise<void> };

/**
 * A deterministic, in-process engine for post life cycles: one `Life` per post, moved on by the
 * SDK's calls and by the test's clock, one call at a time. Updates are refused by the workflow's
 * own rules (`updateRefusal`) and schemas, their changes written by the workflow's own activities,
 * and their failures turned into RelayPost errors as the workflow client turns them.
 */
export function createTestEngine(deps: TestEngineDeps): TestEngine {
  const { store, clock } = deps;
  const activities = createActivities({
    store,
    adapters: deps.adapters,
    media: deps.media,
    ...(deps.captions ? { captions: deps.captions } : {}),
    publishLeadMs: 0,
  }).lifecycle;
  const lifeDeps = {
    activities,
    clock,
    publisher: createTargetPublisher({ store, adapters: deps.adapters, media: deps.media, activities }),
  };
  const lives = new Map<string, Life>();
  const terminated = new WeakSet<Life>();
  const lifeOf = (workspaceId: string, postId: string) => lives.get(postWorkflowId(workspaceId, postId));

  // One call at a time, in the order they came, so every test run takes the same steps.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };

  const handlers: Handlers = {
    async edit(life, args) {
      life.plan = await activities.applyEdit({ ...life.event(), edit: args });
      life.armed = null;
      if (life.approvedVersion !== null && life.plan.approval.reapproveOnEdit) life.approvedVersion = null;
      if (life.approvedVersion !== null) life.approvedVersion = life.plan.version;
    },
    async reschedule(life, args) {
      await activities.applyReschedule({ ...life.event(), ...args });
      const publishAt = new Date(args.at).toISOString();
      life.plan = { ...life.plan, publishAt, timeZone: args.timeZone ?? life.plan.timeZone };
      life.armed = null;
    },
    async cancel(life, args) {
      life.cancelRequest = { actor: args.actor, reason: args.reason };
    },
    async publishNow(life, args) {
      const at = new Date(clock.now()).toISOString();
      await activities.applyReschedule({ ...life.event(), actor: args.actor, at, publishNow: true });
      life.plan = { ...life.plan, publishAt: at };
      life.armed = null;
      life.publishNow = true;
    },
    async approve(life, args) {
      life.decision = { kind: 'approved', actor: args.actor, reason: args.reason };
    },
    async reject(life, args) {
      life.decision = { kind: 'rejected', actor: args.actor, reason: args.reason };
    },
    async regenerateCaption(life, args) {
      const { version } = await activities.generateCaption({
        ...life.event(),
        actor: args.actor,
        ...(args.brief ? { brief: args.brief } : {}),
      });
      life.plan = { ...life.plan, version };
      life.captionPending = false;
      life.armed = null;
    },
    async targetsCancelled(life, args) {
      life.plan = await activities.cancelTargetsForAccount({ ...life.event(), ...args });
      if (life.plan.targets.every((t) => t.status === 'cancelled'))
        life.cancelRequest = { actor: args.actor, reason: 'every target was cancelled' };
    },
  };

  return {
    start: (workspaceId, postId) =>
      exclusive(async () => {
        const existing = lifeOf(workspaceId, postId);
        // As the workflow id reuse policy says: a run that is going or completed is not run again.
        if (existing && !terminated.has(existing)) return false;
        const life = new Life(workspaceId, postId, lifeDeps);
        lives.set(postWorkflowId(workspaceId, postId), life);
        await life.load();
        await life.advance(false);
        return true;
      }),

    update: <K extends PostUpdateName>(
      workspaceId: string,
      postId: string,
      name: K,
      args: PostUpdateArgs<K>,
    ) =>
      exclusive(async () => {
        assertUpdateFits(name, args);
        const life = lifeOf(workspaceId, postId);
        if (!life?.running) throw new NotFoundError('post workflow', postId);
        const refusal = updateRefusal(name, life.status);
        if (refusal !== null) throw new ConflictError(`cannot ${name}: ${refusal}`);
        const parsed = parseOrThrow(SCHEMAS[name], args, name) as PostUpdateArgs<K>;
        const handler = handlers[name] as (life: Life, args: PostUpdateArgs<K>) => Promise<void>;
        try {
          await handler(life, parsed);
        } catch (error) {
          throw asUpdateError(error, postId, name);
        }
        await life.advance(false);
        return life.snapshot();
      }),

    state: (workspaceId, postId) => exclusive(async () => lifeOf(workspaceId, postId)?.snapshot() ?? null),

    async waitForEnd(workspaceId, postId) {
      const life = lifeOf(workspaceId, postId);
      if (!life) return;
      // What a worker would do meanwhile: the post's own steps due at the clock's time.
      await exclusive(() => life.advance(true));
      await life.ended();
    },

    runStatus: async (workspaceId, postId) => {
      const life = lifeOf(workspaceId, postId);
      if (!life) return null;
      if (life.running) return 'RUNNING';
      return terminated.has(life) ? 'TERMINATED' : 'COMPLETED';
    },

    terminate: (workspaceId, postId) =>
      exclusive(async () => {
        const life = lifeOf(workspaceId, postId);
        if (!life?.running) return false;
        terminated.add(life);
        life.stop();
        return true;
      }),

    advanceTo: (at) =>
      exclusive(async () => {
        clock.check(at);
        const ended: Post[] = [];
        // A post takes its due steps once per instant (a publish whose claim lost waits for the next).
        const tried = new Set<Life>();
        for (;;) {
          let next: { life: Life; at: number } | null = null;
          for (const life of lives.values()) {
            const due = tried.has(life) ? null : life.dueAt();
            if (due !== null && due <= at && (next === null || due < next.at)) next = { life, at: due };
          }
          if (next === null) break;
          if (next.at > clock.now()) {
            clock.moveTo(next.at);
            tried.clear();
          }
          tried.add(next.life);
          await next.life.advance(true);
          if (!next.life.running) ended.push(await store.posts.get(next.life.workspaceId, next.life.postId));
        }
        clock.moveTo(at);
        return ended;
      }),
  };
}

/** An update's failure as the workflow client reports it (activities fail with Temporal failures). */
function asUpdateError(error: unknown, postId: string, name: string): unknown {
  if (RelayPostError.isInstance(error)) return error;
  const cause = error instanceof Error ? error : new Error(String(error));
  return updateFailureToError(error instanceof ApplicationFailure ? error : undefined, {
    postId,
    name,
    cause,
  });
}
