import { type ExpressionBuilder, sql } from 'kysely';
import { NotFoundError } from '../../errors/relaypost-error.js';
import { parseOrThrow } from '../../errors/validation-error.js';
import { FINAL_POST_STATUSES, postStatusSchema, type TargetStatus } from '../../schemas/post.js';
import { decodeCursor, decodeScopedCursor } from '../shared/cursor.js';
import { parseId } from '../shared/ids.js';
import {
  holdSchema,
  listPostsFilterSchema,
  listUnfinishedSchema,
  parseArg,
  problemInputSchema,
  updateOptionsSchema,
} from '../shared/inputs.js';
import { toPage, toUnfinishedPage } from '../shared/page.js';
import {
  applyPostPatch,
  assertNotFinal,
  assertNotPublishing,
  assertStatus,
  assertVersion,
  buildPost,
  checkPostReferences,
  claimFor,
  ENDED_WHILE_PUBLISHING,
  holdAfterStatus,
  parseCreatePost,
  parsePostPatch,
  parseTargetUpdate,
  postSortKey,
  postWithStatus,
  problemAt,
  referencedIds,
  resultChanges,
  type TargetAccountInfo,
} from '../shared/post.js';
import { nowInstant, toInstant } from '../shared/time.js';
import type { PostStore } from '../types.js';
import {
  inTransaction,
  type PostgresContext,
  rawTable,
  readOnly,
  requireWorkspace,
  type Trx,
} from './context.js';
import { conflictOnDuplicate } from './errors.js';
import { insertTargets, loadPost, loadPosts, loadTargets, readPost, savePost } from './post-queries.js';
import { postFromRow, postToRow, targetFromRow } from './rows.js';
import type { RelayPostDatabase } from './schema.js';

/** What an uncertain target's result gets when its post ends while it was being sent. */
const uncertainResult = { error: { kind: 'unknown_outcome', message: ENDED_WHILE_PUBLISHING } };

export function createPostgresPostStore(ctx: PostgresContext): PostStore {
  const ids = (workspaceId: string, postId: string) =>
    [parseId(workspaceId, 'workspaceId'), parseId(postId, 'postId')] as const;
  const claims = new ClaimBatcher(ctx);

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
      return readOnly(ctx, (db) => readPost(db, ws, id));
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
      const now = nowInstant();
      const problem = problemAt(
        options?.problem && parseArg(problemInputSchema, options.problem, 'problem'),
        now,
      );
      // Every post moves through several statuses, so the usual case is one write whose WHERE
      // holds the checks; when it matches nothing, the locked read below says why.
      const hold = holdAfterStatus(parsed, arm);
      const moved = await ctx.db
        .with('moved', (db) =>
          db
            .updateTable('posts')
            .set((eb) => ({
              status: parsed,
              problem: problem === null ? null : JSON.stringify(problem),
              version: eb('version', '+', 1),
              updated_at: now,
              ...(hold === undefined ? {} : { publish_hold: hold }),
            }))
            .where('workspace_id', '=', ws)
            .where('id', '=', id)
            .$if(expected !== undefined, (q) => q.where('status', '=', expected!))
            .where((eb) => eb.or([eb('status', '=', parsed), eb('status', 'not in', FINAL_POST_STATUSES)]))
            .returningAll(),
        )
        // A final status ends the targets still open, in the same statement (see postWithStatus).
        .with('ended', (db) =>
          db
            .updateTable('post_targets as t')
            .from('moved')
            .set({
              status: sql<TargetStatus>`case when t.status = 'pending' then 'cancelled' else 'uncertain' end`,
              result: sql<string>`case when t.status = 'pending' then t.result
                else t.result || ${JSON.stringify(uncertainResult)}::jsonb end`,
              updated_at: now,
            })
            .whereRef('t.workspace_id', '=', 'moved.workspace_id')
            .whereRef('t.post_id', '=', 'moved.id')
            .where('t.status', 'in', ['pending', 'publishing'])
            .where(sql<boolean>`${sql.lit(FINAL_POST_STATUSES.includes(parsed))}`)
            .returning('t.id'),
        )
        .selectFrom('moved')
        .selectAll()
        .executeTakeFirst();
      // The targets in a statement of their own: one inside the UPDATE would read them as they
      // were before it waited for the post's lock, missing what the lock holder wrote.
      if (moved !== undefined) return postFromRow(moved, (await loadTargets(ctx.db, ws, [id])).get(id) ?? []);
      return inTransaction(ctx, async (trx) => {
        const post = await loadPost(trx, ws, id, true);
        assertStatus(post, expected);
        const next = postWithStatus(post, parsed, now, problem);
        await savePost(trx, next, next.targets !== post.targets, holdAfterStatus(parsed, arm));
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

    // On the path from a post's second to the platform, so the usual case is one statement.
    async claimTarget(workspaceId, postId, targetId, hold) {
      const [ws, id] = ids(workspaceId, postId);
      const tid = parseId(targetId, 'targetId');
      const parsedHold = parseArg(holdSchema, hold, 'hold');
      if (await claims.claim({ workspaceId: ws, postId: id, targetId: tid, hold: parsedHold }))
        return 'claimed';
      // Not pending, not armed, or lost a race: decide on a locked read (a retry lands here).
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
        // Claimable after all (a concurrent writer held the post a moment ago): the lock is ours now.
        await claimPendingTargets(
          trx,
          ctx,
          [{ workspaceId: ws, postId: id, targetId: tid, hold: parsedHold }],
          nowInstant(),
        );
        return claim;
      });
    },

    async setTargetStatus(workspaceId, postId, targetId, status, result) {
      const [ws, id] = ids(workspaceId, postId);
      const tid = parseId(targetId, 'targetId');
      const update = parseTargetUpdate(status, result);
      const now = nowInstant();
      const postChanges = (eb: ExpressionBuilder<RelayPostDatabase, 'posts'>) => ({
        version: eb('version', '+', 1),
        updated_at: now,
      });
      const targetChanges = (eb: ExpressionBuilder<RelayPostDatabase, 'post_targets'>) => ({
        status: update.status,
        result: sql<string>`${eb.ref('result')} || ${JSON.stringify(resultChanges(update))}::jsonb`,
        updated_at: now,
      });
      // One statement, no reads: the post's row first (the target's update reads the CTE, so it
      // runs after it; that lock orders this with every other write to the post), then the
      // target, whose result merges the given fields over the stored ones. The post moves only
      // if the target exists, so a miss writes nothing.
      const written = await ctx.db
        .with('moved', (db) =>
          db
            .updateTable('posts')
            .set(postChanges)
            .where('workspace_id', '=', ws)
            .where('id', '=', id)
            .where(({ exists, selectFrom }) =>
              exists(
                selectFrom('post_targets')
                  .select('id')
                  .where('workspace_id', '=', ws)
                  .where('post_id', '=', id)
                  .where('id', '=', tid),
              ),
            )
            .returning('id'),
        )
        .updateTable('post_targets')
        .from('moved')
        .set(targetChanges)
        .where('post_targets.workspace_id', '=', ws)
        .whereRef('post_targets.post_id', '=', 'moved.id')
        .where('post_targets.id', '=', tid)
        .returningAll('post_targets')
        .executeTakeFirst();
      if (written !== undefined) return targetFromRow(written);
      // Nothing matched: the post or the target is missing (or was replaced a moment ago). The
      // two writes in a transaction say which, or land after all.
      return inTransaction(ctx, async (trx) => {
        const post = await trx
          .updateTable('posts')
          .set(postChanges)
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .returning('id')
          .executeTakeFirst();
        if (post === undefined) throw new NotFoundError('post', id);
        const target = await trx
          .updateTable('post_targets')
          .set(targetChanges)
          .where('workspace_id', '=', ws)
          .where('post_id', '=', id)
          .where('id', '=', tid)
          .returningAll()
          .executeTakeFirst();
        // Throwing rolls the post's version back with it.
        if (target === undefined) throw new NotFoundError('target', tid);
        return targetFromRow(target);
      });
    },

    async listPendingForAccount(workspaceId, accountId) {
      const ws = parseId(workspaceId, 'workspaceId');
      const account = parseId(accountId, 'accountId');
      return readOnly(ctx, (db) => pendingPostIds(db, ws, account));
    },

    async listUnfinished(options) {
      const f = parseOrThrow(listUnfinishedSchema, options ?? {}, 'listUnfinished options');
      const after = f.cursor === undefined ? undefined : decodeScopedCursor(f.cursor);
      const rows = await readOnly(ctx, (db) =>
        db
          .selectFrom('posts')
          .select(['workspace_id', 'id', 'status', 'updated_at'])
          // Literal statuses, so the planner sees the partial index posts_unfinished_idx applies.
          .where(sql<boolean>`status not in (${sql.join(FINAL_POST_STATUSES.map((s) => sql.lit(s)))})`)
          .where('updated_at', '<', new Date(f.updatedBefore))
          .$if(after !== undefined, (q) =>
            q.where((eb) =>
              eb(
                eb.refTuple('updated_at', 'workspace_id', 'id'),
                '>',
                eb.tuple(new Date(after!.at), after!.workspaceId, after!.id),
              ),
            ),
          )
          .orderBy('updated_at')
          .orderBy('workspace_id')
          .orderBy('id')
          .limit(f.limit + 1)
          .execute(),
      );
      return toUnfinishedPage(
        rows.map((r) => ({
          workspaceId: r.workspace_id,
          postId: r.id,
          status: r.status,
          updatedAt: toInstant(r.updated_at),
        })),
        f.limit,
      );
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

interface PendingClaim {
  workspaceId: string;
  postId: string;
  targetId: string;
  hold: string;
  settle: (claimed: boolean) => void;
  fail: (error: unknown) => void;
}

/**
 * Claims that arrive together (a thousand posts due in the same second) share one statement: one
 * commit, so one WAL flush, for up to {@link ClaimBatcher.MAX} claims instead of one each.
 */
class ClaimBatcher {
  static readonly MAX = 1000;
  #queue: PendingClaim[] = [];

  constructor(private readonly ctx: PostgresContext) {}

  /** True when the target was claimed; false when the fast path does not apply. */
  claim(request: Omit<PendingClaim, 'settle' | 'fail'>): Promise<boolean> {
    return new Promise((settle, fail) => {
      // Everything queued before the next turn of the event loop goes out together.
      if (this.#queue.length === 0) setImmediate(() => this.#flush());
      this.#queue.push({ ...request, settle, fail });
    });
  }

  #flush(): void {
    const queue = this.#queue;
    this.#queue = [];
    // Posts locked in one order by every batch, so two batches never wait on each other.
    queue.sort((a, b) => (a.workspaceId + a.postId < b.workspaceId + b.postId ? -1 : 1));
    for (let i = 0; i < queue.length; i += ClaimBatcher.MAX) {
      void this.#run(queue.slice(i, i + ClaimBatcher.MAX));
    }
  }

  async #run(batch: PendingClaim[]): Promise<void> {
    const now = nowInstant();
    try {
      const claimed = await claimPendingTargets(this.ctx.db, this.ctx, batch, now);
      // Two attempts at one target with the same hold in one batch: the first wins, the other
      // sees it claimed. An attempt with another hold never wins: the key carries the hold.
      const settled = new Set<string>();
      for (const c of batch) {
        const key = claimKey(c.workspaceId, c.postId, c.targetId, c.hold);
        c.settle(claimed.has(key) && !settled.has(key));
        settled.add(key);
      }
    } catch {
      // The batch failed as a whole (a dropped connection, say): each claim on its own, so an
      // error reaches only the claims it concerns.
      for (const c of batch) {
        claimPendingTargets(this.ctx.db, this.ctx, [c], now).then(
          (claimed) => c.settle(claimed.size > 0),
          c.fail,
        );
      }
    }
  }
}

const claimKey = (workspaceId: string, postId: string, targetId: string, hold: string) =>
  `${workspaceId}/${postId}/${targetId}/${hold}`;

/**
 * Claims pending targets of posts armed with their `hold`, in one statement (one commit): each
 * post moves to `publishing` (its row lock orders this against every other writer of the post,
 * which all lock it first), then the target. Each input row is matched on its own workspace, post,
 * target and hold: a stale hold's row (an attempt prepared before an edit, claiming in the same
 * batch as the one prepared after it) matches nothing. Returns the claimed targets' keys, hold
 * included.
 */
async function claimPendingTargets(
  db: Trx,
  schema: Pick<PostgresContext, 'schema'>,
  claims: ReadonlyArray<Pick<PendingClaim, 'workspaceId' | 'postId' | 'targetId' | 'hold'>>,
  now: string,
): Promise<Set<string>> {
  const column = (key: 'workspaceId' | 'postId' | 'targetId' | 'hold') => claims.map((c) => c[key]);
  const { rows } = await sql<{ workspace_id: string; post_id: string; id: string; hold: string }>`
    with input as (
      select * from unnest(
        ${column('workspaceId')}::uuid[], ${column('postId')}::uuid[],
        ${column('targetId')}::uuid[], ${column('hold')}::text[]
      ) as i(workspace_id, post_id, target_id, hold)
    ), post as (
      update ${rawTable(schema, 'posts')} as p
      set status = 'publishing',
          version = case when p.status = 'publishing' then p.version else p.version + 1 end,
          updated_at = ${now}
      from input
      where p.workspace_id = input.workspace_id and p.id = input.post_id
        and p.publish_hold = input.hold and p.status in ('scheduled', 'publishing')
        and exists (
          select 1 from ${rawTable(schema, 'post_targets')} t
          where t.workspace_id = input.workspace_id and t.post_id = input.post_id
            and t.id = input.target_id and t.status = 'pending'
        )
      returning p.workspace_id, p.id, p.publish_hold as hold
    )
    update ${rawTable(schema, 'post_targets')} as t
    set status = 'publishing', updated_at = ${now}
    from input, post
    where t.workspace_id = input.workspace_id and t.post_id = input.post_id and t.id = input.target_id
      and post.workspace_id = input.workspace_id and post.id = input.post_id and post.hold = input.hold
      and t.status = 'pending'
    returning t.workspace_id, t.post_id, t.id, post.hold
  `.execute(db);
  return new Set(rows.map((r) => claimKey(r.workspace_id, r.post_id, r.id, r.hold)));
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
