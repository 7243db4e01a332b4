import { NotFoundError } from '../../errors/relaypost-error.js';
import { parseOrThrow } from '../../errors/validation-error.js';
import { FINAL_POST_STATUSES, postStatusSchema } from '../../schemas/post.js';
import { decodeCursor } from '../shared/cursor.js';
import { parseId } from '../shared/ids.js';
import { holdSchema, listPostsFilterSchema, parseArg, updateOptionsSchema } from '../shared/inputs.js';
import { toPage } from '../shared/page.js';
import {
  applyPostPatch,
  assertNotFinal,
  assertNotPublishing,
  assertStatus,
  assertVersion,
  buildPost,
  checkPostReferences,
  claimFor,
  holdAfterStatus,
  parseCreatePost,
  parsePostPatch,
  parseTargetUpdate,
  postSortKey,
  postWithStatus,
  referencedIds,
  type TargetAccountInfo,
  targetWithStatus,
} from '../shared/post.js';
import { nowInstant } from '../shared/time.js';
import type { PostStore } from '../types.js';
import { inTransaction, type PostgresContext, requireWorkspace, type Trx } from './context.js';
import { conflictOnDuplicate } from './errors.js';
import { insertTargets, loadPost, loadPosts, savePost } from './post-queries.js';
import { postToRow, targetToRow } from './rows.js';

export function createPostgresPostStore(ctx: PostgresContext): PostStore {
  const ids = (workspaceId: string, postId: string) =>
    [parseId(workspaceId, 'workspaceId'), parseId(postId, 'postId')] as const;

  return {
    async create(workspaceId, input) {
      const ws = parseId(workspaceId, 'workspaceId');
      const parsed = parseCreatePost(input);
      const findByKey = async (trx: Trx) => {
        if (parsed.idempotencyKey === undefined) return undefined;
        const row = await trx
          .selectFrom('posts')
          .select('id')
          .where('workspace_id', '=', ws)
          .where('idempotency_key', '=', parsed.idempotencyKey)
          .executeTakeFirst();
        return row && (await loadPost(trx, ws, row.id));
      };
      return conflictOnDuplicate(`post ${parsed.id} or one of its target ids already exists`, () =>
        inTransaction(ctx, async (trx) => {
          await requireWorkspace(trx, ws, true);
          const existing = await findByKey(trx);
          if (existing !== undefined) return { post: existing, created: false };
          const { accounts, media } = await lookups(trx, ws, referencedIds(parsed));
          checkPostReferences(parsed, accounts, media);
          const post = buildPost(ws, parsed, accounts, nowInstant());
          // A concurrent create with the same key wins the race: return its post instead.
          const inserted = await trx
            .insertInto('posts')
            .values(postToRow(post))
            .onConflict((oc) => oc.columns(['workspace_id', 'idempotency_key']).doNothing())
            .returning('id')
            .executeTakeFirst();
          if (inserted === undefined) return { post: (await findByKey(trx))!, created: false };
          await insertTargets(trx, post);
          return { post, created: true };
        }),
      );
    },

    async get(workspaceId, postId) {
      const [ws, id] = ids(workspaceId, postId);
      return inTransaction(ctx, (trx) => loadPost(trx, ws, id));
    },

    async list(workspaceId, filter) {
      const ws = parseId(workspaceId, 'workspaceId');
      const f = parseOrThrow(listPostsFilterSchema, filter ?? {}, 'post filter');
      const after = f.cursor === undefined ? undefined : decodeCursor(f.cursor);
      const posts = await inTransaction(ctx, (trx) =>
        loadPosts(trx, ws, (q) => {
          let query = q;
          if (f.status !== undefined) query = query.where('status', 'in', [f.status].flat());
          // The instant lists sort by: publish time, or creation time for unscheduled posts.
          if (f.from !== undefined) query = query.where('sort_at', '>=', new Date(f.from));
          if (f.to !== undefined) query = query.where('sort_at', '<', new Date(f.to));
          if (f.accountId !== undefined || f.platform !== undefined) {
            query = query.where(({ exists, selectFrom }) =>
              exists(
                selectFrom('post_targets as t')
                  .select('t.id')
                  .whereRef('t.workspace_id', '=', 'posts.workspace_id')
                  .whereRef('t.post_id', '=', 'posts.id')
                  .$if(f.accountId !== undefined, (s) =>
                    s.where('t.account_id', '=', f.accountId!.toLowerCase()),
                  )
                  .$if(f.platform !== undefined, (s) => s.where('t.platform', '=', f.platform!)),
              ),
            );
          }
          if (after !== undefined) {
            query = query.where((eb) =>
              eb(eb.refTuple('sort_at', 'id'), '>', eb.tuple(new Date(after.at), after.id)),
            );
          }
          return query.limit(f.limit + 1);
        }),
      );
      return toPage(posts, f.limit, (p) => ({ at: postSortKey(p), id: p.id }));
    },

    async update(workspaceId, postId, patch, options) {
      const [ws, id] = ids(workspaceId, postId);
      const parsed = parsePostPatch(patch);
      const { expectedVersion } = parseOrThrow(updateOptionsSchema, options ?? {}, 'update options');
      return conflictOnDuplicate(`a target id of post ${id} is already used`, () =>
        inTransaction(ctx, async (trx) => {
          const post = await loadPost(trx, ws, id, true);
          assertVersion(post, expectedVersion);
          assertNotFinal(post);
          assertNotPublishing(post);
          const { accounts, media } = await lookups(trx, ws, referencedIds(parsed));
          checkPostReferences(parsed, accounts, media, new Set(post.targets.map((t) => t.accountId)));
          const next = applyPostPatch(post, parsed, accounts, nowInstant());
          await savePost(trx, next, parsed.targets !== undefined, null);
          return next;
        }),
      );
    },

    async setStatus(workspaceId, postId, status, options) {
      const [ws, id] = ids(workspaceId, postId);
      const parsed = parseArg(postStatusSchema, status, 'status');
      const expected = options?.expected && parseArg(postStatusSchema, options.expected, 'expected');
      const arm = options?.arm && parseArg(holdSchema, options.arm, 'arm');
      return inTransaction(ctx, async (trx) => {
        const post = await loadPost(trx, ws, id, true);
        assertStatus(post, expected);
        const next = postWithStatus(post, parsed, nowInstant());
        await savePost(trx, next, false, holdAfterStatus(parsed, arm));
        return next;
      });
    },

    async armPublish(workspaceId, postId, hold) {
      const [ws, id] = ids(workspaceId, postId);
      const parsedHold = parseArg(holdSchema, hold, 'hold');
      await inTransaction(ctx, async (trx) => {
        const post = await trx
          .selectFrom('posts')
          .select(['id', 'status'])
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (post === undefined) throw new NotFoundError('post', id);
        assertStatus(post, 'scheduled');
        await trx
          .updateTable('posts')
          .set({ publish_hold: parsedHold })
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .execute();
      });
    },

    // On the path from a post's second to the platform: one locking read and one statement.
    async claimTarget(workspaceId, postId, targetId, hold) {
      const [ws, id] = ids(workspaceId, postId);
      const tid = parseId(targetId, 'targetId');
      const parsedHold = parseArg(holdSchema, hold, 'hold');
      return inTransaction(ctx, async (trx) => {
        const row = await trx
          .selectFrom('posts as p')
          .leftJoin('post_targets as t', (join) =>
            join
              .onRef('t.workspace_id', '=', 'p.workspace_id')
              .onRef('t.post_id', '=', 'p.id')
              .on('t.id', '=', tid),
          )
          .select(['p.status as postStatus', 'p.publish_hold as hold', 't.status as targetStatus'])
          .where('p.workspace_id', '=', ws)
          .where('p.id', '=', id)
          .forUpdate('p')
          .executeTakeFirst();
        if (row === undefined) throw new NotFoundError('post', id);
        if (row.targetStatus === null) throw new NotFoundError('target', tid);
        const claim = claimFor(
          { status: row.postStatus },
          row.hold,
          { status: row.targetStatus },
          parsedHold,
        );
        if (claim !== 'claimed') return claim;
        const now = nowInstant();
        await trx
          .with('post', (db) =>
            db
              .updateTable('posts')
              .set((eb) => ({
                status: 'publishing',
                version: row.postStatus === 'publishing' ? eb.ref('version') : eb('version', '+', 1),
                updated_at: now,
              }))
              .where('workspace_id', '=', ws)
              .where('id', '=', id)
              .returning('id'),
          )
          .updateTable('post_targets')
          .set({ status: 'publishing', updated_at: now })
          .where('workspace_id', '=', ws)
          .where('post_id', '=', id)
          .where('id', '=', tid)
          .execute();
        return claim;
      });
    },

    async setTargetStatus(workspaceId, postId, targetId, status, result) {
      const [ws, id] = ids(workspaceId, postId);
      const tid = parseId(targetId, 'targetId');
      const update = parseTargetUpdate(status, result);
      return inTransaction(ctx, async (trx) => {
        const post = await loadPost(trx, ws, id, true);
        const index = post.targets.findIndex((t) => t.id === tid);
        const target = post.targets[index];
        if (target === undefined) throw new NotFoundError('target', tid);
        const now = nowInstant();
        const next = targetWithStatus(target, update, now);
        const { workspace_id: _w, post_id: _p, id: _i, ...changes } = targetToRow(ws, next, index);
        await trx
          .updateTable('post_targets')
          .set(changes)
          .where('workspace_id', '=', ws)
          .where('post_id', '=', id)
          .where('id', '=', tid)
          .execute();
        await savePost(trx, { ...post, version: post.version + 1, updatedAt: now }, false);
        return next;
      });
    },

    async listPendingForAccount(workspaceId, accountId) {
      const ws = parseId(workspaceId, 'workspaceId');
      const account = parseId(accountId, 'accountId');
      return inTransaction(ctx, (trx) => pendingPostIds(trx, ws, account));
    },

    async delete(workspaceId, postId) {
      const [ws, id] = ids(workspaceId, postId);
      await inTransaction(ctx, async (trx) => {
        const deleted = await trx
          .deleteFrom('posts')
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .executeTakeFirst();
        if (deleted.numDeletedRows === 0n) throw new NotFoundError('post', id);
      });
    },
  };
}

/** Ids of posts that are not final and have a pending target on the account, in list order. */
export async function pendingPostIds(trx: Trx, workspaceId: string, accountId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('posts')
    .select('posts.id')
    .where('posts.workspace_id', '=', workspaceId)
    .where('posts.status', 'not in', [...FINAL_POST_STATUSES])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('post_targets as t')
          .select('t.id')
          .whereRef('t.workspace_id', '=', 'posts.workspace_id')
          .whereRef('t.post_id', '=', 'posts.id')
          .where('t.account_id', '=', accountId)
          .where('t.status', '=', 'pending'),
      ),
    )
    .orderBy('posts.sort_at')
    .orderBy('posts.id')
    .execute();
  return rows.map((r) => r.id);
}

async function lookups(
  trx: Trx,
  workspaceId: string,
  ids: { accountIds: string[]; mediaIds: string[] },
): Promise<{ accounts: Map<string, TargetAccountInfo>; media: Set<string> }> {
  const accounts =
    ids.accountIds.length === 0
      ? []
      : await trx
          .selectFrom('accounts')
          .select(['id', 'status', 'platform'])
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', ids.accountIds)
          // Shared locks: the accounts cannot be disconnected or erased until this post is written.
          .forShare()
          .execute();
  const media =
    ids.mediaIds.length === 0
      ? []
      : await trx
          .selectFrom('media_assets')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', ids.mediaIds)
          .forShare()
          .execute();
  return { accounts: new Map(accounts.map((a) => [a.id, a])), media: new Set(media.map((m) => m.id)) };
}
