import {
  type Actor,
  actorSchema,
  ConflictError,
  type CreatePostInput,
  checkPostForTargets,
  createPostInputSchema,
  decisionArgsSchema,
  type EditPostInput,
  editPostArgsSchema,
  FINAL_POST_STATUSES,
  type HistoryEvent,
  type ListPostsFilter,
  NotFoundError,
  type Page,
  type Post,
  parseOrThrow,
  regenerateCaptionArgsSchema,
  rescheduleArgsSchema,
  ValidationError,
} from '@relaypost/core';
import type { LifecycleState, PostUpdateArgs, PostUpdateName } from '@relaypost/workflows/client';
import type { PostsApi } from '../interface.js';
import type { SdkContext } from '../relaypost.js';
import { objectArgument } from './arguments.js';

const API_ACTOR: Actor = { kind: 'api' };

/**
 * What `posts.create` takes: core's `CreatePostInput`, except that `publishAt.timeZone` may be
 * left out and is then the workspace's time zone.
 */
export type CreatePostRequest = Omit<CreatePostInput, 'publishAt'> & {
  publishAt?: { at: string; timeZone?: string | undefined } | undefined;
};

/** A post with what its workflow says right now (null when the workflow is gone or still loading the post). */
export interface PostWithState extends Post {
  live: LifecycleState | null;
}

/** The changes `posts.edit` takes (the actor is its own argument). */
export type PostEdit = Omit<EditPostInput, 'actor'>;

/**
 * Posts: create (validated against every target, then its workflow starts), read, change,
 * history. Every argument is checked before anything is written or sent, with the schemas the
 * workflow checks them with again, so a refused call leaves no trace and every method answers
 * with a rejected promise, never a synchronous throw.
 */
export function createPostsApi(ctx: SdkContext): PostsApi {
  const update = async <K extends PostUpdateName>(
    workspaceId: string,
    postId: string,
    name: K,
    args: PostUpdateArgs<K>,
  ): Promise<PostWithState> => {
    // Checked first: another workspace's post must not even reach its workflow.
    await ctx.store.posts.get(workspaceId, postId);
    let live: LifecycleState;
    try {
      live = await ctx.workflows.update(workspaceId, postId, name, args);
    } catch (error) {
      // A finished post's workflow is over and takes no updates: say why, as the workflow would.
      if (NotFoundError.isInstance(error) && error.entity === 'post workflow') {
        const { status } = await ctx.store.posts.get(workspaceId, postId);
        if (FINAL_POST_STATUSES.includes(status))
          throw new ConflictError(`cannot ${name}: post is ${status}`, { cause: error });
      }
      throw error;
    }
    return { ...(await ctx.store.posts.get(workspaceId, postId)), live };
  };
  const decision = (name: 'approve' | 'reject' | 'cancel' | 'publishNow', actor: unknown, reason?: unknown) =>
    parseOrThrow(decisionArgsSchema, { actor, ...(reason !== undefined ? { reason } : {}) }, name);

  return {
    /**
     * Creates a post and starts its life cycle. Validated against every target platform first;
     * with the same `idempotencyKey`, returns the post created the first time.
     */
    async create(workspaceId: string, input: CreatePostRequest, by: Actor = API_ACTOR): Promise<Post> {
      const actor = parseOrThrow(actorSchema, by, 'actor');
      const parsed = parseOrThrow(
        createPostInputSchema,
        await withWorkspaceZone(ctx, workspaceId, input),
        'post',
      );
      if (parsed.publishAt && Date.parse(parsed.publishAt.at) < ctx.now() - 60_000) {
        throw new ValidationError(
          [{ path: 'publishAt.at', message: 'is in the past', actual: parsed.publishAt.at }],
          'post',
        );
      }
      await checkPostForTargets({
        store: ctx.store,
        adapters: ctx.adapters,
        workspaceId,
        draft: parsed,
        textFromCaption: parsed.caption?.apply === true,
      });
      const { post, created } = await ctx.store.posts.create(workspaceId, parsed);
      if (created) {
        await ctx.store.history.append(workspaceId, {
          type: 'post.created',
          postId: post.id,
          actor,
          data: { targets: post.targets.length },
        });
      }
      // Also on a repeated create: a crash between the insert and the start must not lose the post.
      // A post that is already final has had its life cycle; it must not be run again.
      if (created || !FINAL_POST_STATUSES.includes(post.status)) {
        await ctx.workflows.start(workspaceId, post.id);
      }
      return post;
    },

    async get(workspaceId: string, postId: string): Promise<PostWithState> {
      // Checked first: another workspace's post must not even be queried.
      await ctx.store.posts.get(workspaceId, postId);
      // The workflow's state moves only after the store was written, so the stored post read
      // after the query is never behind the state returned with it.
      const live = await ctx.workflows.state(workspaceId, postId);
      return { ...(await ctx.store.posts.get(workspaceId, postId)), live };
    },

    list: async (workspaceId: string, filter?: ListPostsFilter): Promise<Page<Post>> =>
      ctx.store.posts.list(workspaceId, filter),

    history: async (workspaceId: string, postId: string): Promise<HistoryEvent[]> =>
      ctx.store.history.list(workspaceId, { postId, limit: 1000 }),

    async edit(workspaceId: string, postId: string, edit: PostEdit, actor: Actor = API_ACTOR) {
      const changes = objectArgument(edit, 'edit');
      return update(
        workspaceId,
        postId,
        'edit',
        parseOrThrow(editPostArgsSchema, { ...changes, actor }, 'edit'),
      );
    },

    async reschedule(
      workspaceId: string,
      postId: string,
      at: { at: string; timeZone?: string },
      actor: Actor = API_ACTOR,
    ) {
      const time = objectArgument(at, 'at');
      const args = parseOrThrow(rescheduleArgsSchema, { actor, ...time }, 'reschedule');
      if (Date.parse(args.at) < ctx.now())
        throw new ValidationError(
          [{ path: 'at', message: 'must not be in the past', actual: args.at }],
          'reschedule',
        );
      return update(workspaceId, postId, 'reschedule', args);
    },
    approve: async (workspaceId: string, postId: string, actor: Actor = API_ACTOR) =>
      update(workspaceId, postId, 'approve', decision('approve', actor)),
    reject: async (workspaceId: string, postId: string, reason?: string, actor: Actor = API_ACTOR) =>
      update(workspaceId, postId, 'reject', decision('reject', actor, reason)),
    cancel: async (workspaceId: string, postId: string, reason?: string, actor: Actor = API_ACTOR) =>
      update(workspaceId, postId, 'cancel', decision('cancel', actor, reason)),
    publishNow: async (workspaceId: string, postId: string, actor: Actor = API_ACTOR) =>
      update(workspaceId, postId, 'publishNow', decision('publishNow', actor)),
    regenerateCaption: async (
      workspaceId: string,
      postId: string,
      brief?: string,
      actor: Actor = API_ACTOR,
    ) =>
      update(
        workspaceId,
        postId,
        'regenerateCaption',
        parseOrThrow(
          regenerateCaptionArgsSchema,
          { actor, ...(brief !== undefined ? { brief } : {}) },
          'regenerateCaption',
        ),
      ),

    /**
     * Waits until the post's workflow has finished, however it ended (also when it was stopped
     * from outside), and returns the stored post.
     */
    async waitForResult(workspaceId: string, postId: string): Promise<Post> {
      // Checked first: a post of another workspace must not be waited for.
      await ctx.store.posts.get(workspaceId, postId);
      await ctx.workflows.waitForEnd(workspaceId, postId);
      return ctx.store.posts.get(workspaceId, postId);
    },
  };
}

/** The input with `publishAt.timeZone` filled in from the workspace when it was left out. */
async function withWorkspaceZone(
  ctx: SdkContext,
  workspaceId: string,
  input: CreatePostRequest,
): Promise<CreatePostInput> {
  // Anything that is not a time with its zone left out goes to the schema as it came.
  const publishAt = (input as { publishAt?: unknown } | null)?.publishAt;
  if (typeof publishAt !== 'object' || publishAt === null || 'timeZone' in publishAt)
    return input as CreatePostInput;
  const { timeZone } = await ctx.store.workspaces.get(workspaceId);
  return { ...input, publishAt: { ...(publishAt as { at: string }), timeZone } };
}
