import {
  type Actor,
  ConflictError,
  type CreatePostInput,
  createPostInputSchema,
  FINAL_POST_STATUSES,
  type HistoryEvent,
  type ListPostsFilter,
  NotFoundError,
  type Page,
  type Post,
  parseOrThrow,
  publishTimeSchema,
  ValidationError,
} from '@relaypost/core';
import type { EditPostArgs, LifecycleState } from '@relaypost/workflows';
import { validateForTargets } from '@relaypost/workflows';
import type { SdkContext } from '../relaypost.js';
import {
  queryPostWorkflow,
  startPostWorkflow,
  type UpdateName,
  updatePostWorkflow,
  waitForPostWorkflow,
} from '../workflow-calls.js';

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

/** Posts: create (validated against every target, then its workflow starts), read, change, history. */
export function createPostsApi(ctx: SdkContext) {
  const validateTargets = async (
    workspaceId: string,
    input: ReturnType<typeof createPostInputSchema.parse>,
  ) => {
    const accounts = new Map((await ctx.store.accounts.list(workspaceId)).map((a) => [a.id, a]));
    const mediaIds = [...input.content.mediaIds, ...input.targets.flatMap((t) => t.mediaIds ?? [])];
    const media = new Map(
      (mediaIds.length ? await ctx.store.media.getMany(workspaceId, [...new Set(mediaIds)]) : []).map((m) => [
        m.id,
        m,
      ]),
    );
    const issues = validateForTargets({
      post: { content: input.content },
      targets: input.targets.map((t) => ({
        accountId: t.accountId,
        text: t.text ?? null,
        mediaIds: t.mediaIds ?? null,
        options: t.options,
      })),
      accounts,
      media,
      adapters: ctx.adapters,
    });
    if (issues.length) throw new ValidationError(issues, 'post');
  };
  const update = async (
    workspaceId: string,
    postId: string,
    name: UpdateName,
    args: unknown,
  ): Promise<PostWithState> => {
    await ctx.store.posts.get(workspaceId, postId);
    let live: LifecycleState;
    try {
      live = await updatePostWorkflow(ctx.temporal, postId, name, args);
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

  return {
    /**
     * Creates a post and starts its life cycle. Validated against every target platform first;
     * with the same `idempotencyKey`, returns the post created the first time.
     */
    async create(workspaceId: string, input: CreatePostRequest): Promise<Post> {
      const parsed = parseOrThrow(
        createPostInputSchema,
        await withWorkspaceZone(ctx, workspaceId, input),
        'post',
      );
      if (parsed.publishAt && Date.parse(parsed.publishAt.at) < Date.now() - 60_000) {
        throw new ValidationError(
          [{ path: 'publishAt.at', message: 'is in the past', actual: parsed.publishAt.at }],
          'post',
        );
      }
      await validateTargets(workspaceId, parsed);
      const { post, created } = await ctx.store.posts.create(workspaceId, parsed);
      if (created) {
        await ctx.store.history.append(workspaceId, {
          type: 'post.created',
          postId: post.id,
          actor: API_ACTOR,
          data: { targets: post.targets.length },
        });
      }
      // Also on a repeated create: a crash between the insert and the start must not lose the post.
      // A post that is already final has had its life cycle; it must not be run again.
      if (created || !FINAL_POST_STATUSES.includes(post.status)) {
        await startPostWorkflow(ctx.temporal, workspaceId, post.id);
      }
      return post;
    },

    async get(workspaceId: string, postId: string): Promise<PostWithState> {
      // Checked first: another workspace's post must not even be queried.
      await ctx.store.posts.get(workspaceId, postId);
      // The workflow's state moves only after the store was written, so the stored post read
      // after the query is never behind the state returned with it.
      const live = await queryPostWorkflow(ctx.temporal, postId);
      return { ...(await ctx.store.posts.get(workspaceId, postId)), live };
    },

    list: (workspaceId: string, filter?: ListPostsFilter): Promise<Page<Post>> =>
      ctx.store.posts.list(workspaceId, filter),

    history: (workspaceId: string, postId: string): Promise<HistoryEvent[]> =>
      ctx.store.history.list(workspaceId, { postId, limit: 1000 }),

    edit: (
      workspaceId: string,
      postId: string,
      edit: Omit<EditPostArgs, 'actor'>,
      actor: Actor = API_ACTOR,
    ) => update(workspaceId, postId, 'edit', { ...edit, actor }),

    reschedule(
      workspaceId: string,
      postId: string,
      at: { at: string; timeZone: string },
      actor: Actor = API_ACTOR,
    ) {
      const time = parseOrThrow(publishTimeSchema, at, 'reschedule');
      return update(workspaceId, postId, 'reschedule', { actor, at: time.at, timeZone: time.timeZone });
    },
    approve: (workspaceId: string, postId: string, actor: Actor = API_ACTOR) =>
      update(workspaceId, postId, 'approve', { actor }),
    reject: (workspaceId: string, postId: string, reason?: string, actor: Actor = API_ACTOR) =>
      update(workspaceId, postId, 'reject', { actor, ...(reason ? { reason } : {}) }),
    cancel: (workspaceId: string, postId: string, reason?: string, actor: Actor = API_ACTOR) =>
      update(workspaceId, postId, 'cancel', { actor, ...(reason ? { reason } : {}) }),
    publishNow: (workspaceId: string, postId: string, actor: Actor = API_ACTOR) =>
      update(workspaceId, postId, 'publishNow', { actor }),
    regenerateCaption: (workspaceId: string, postId: string, brief?: string, actor: Actor = API_ACTOR) =>
      update(workspaceId, postId, 'regenerateCaption', { actor, ...(brief ? { brief } : {}) }),

    /**
     * Waits until the post's workflow has finished, however it ended (also when it was stopped
     * from outside), and returns the stored post.
     */
    async waitForResult(workspaceId: string, postId: string): Promise<Post> {
      // Checked first: a post of another workspace must not be waited for.
      await ctx.store.posts.get(workspaceId, postId);
      await waitForPostWorkflow(ctx.temporal, postId);
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
  const { publishAt, ...rest } = input;
  if (!publishAt) return rest;
  const timeZone = publishAt.timeZone ?? (await ctx.store.workspaces.get(workspaceId)).timeZone;
  return { ...rest, publishAt: { ...publishAt, timeZone } };
}
