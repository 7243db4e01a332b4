import { type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import { NotFoundError } from '../../errors/relaypost-error.js';
import type { Post, PostTarget } from '../../schemas/post.js';
import type { Trx } from './context.js';
import { postFromRow, postToRow, targetFromRow, targetToRow } from './rows.js';
import type { PostsTable, PostTargetsTable, RelayPostDatabase } from './schema.js';

type PostQuery = SelectQueryBuilder<RelayPostDatabase, 'posts', Selectable<PostsTable>>;

/**
 * Loads a workspace's posts with their targets, in list order; `refine` adds filters and limits.
 */
export async function loadPosts(
  trx: Trx,
  workspaceId: string,
  refine: (query: PostQuery) => PostQuery,
): Promise<Post[]> {
  const rows = await refine(
    trx
      .selectFrom('posts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('sort_at')
      .orderBy('id'),
  ).execute();
  if (rows.length === 0) return [];
  const byPost = await loadTargets(
    trx,
    workspaceId,
    rows.map((r) => r.id),
  );
  return rows.map((row) => postFromRow(row, byPost.get(row.id) ?? []));
}

/** The targets of the given posts, in order, by post id. */
export async function loadTargets(
  trx: Trx,
  workspaceId: string,
  postIds: readonly string[],
): Promise<Map<string, PostTarget[]>> {
  const targets = await trx
    .selectFrom('post_targets')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('post_id', 'in', postIds)
    .orderBy('post_id')
    .orderBy('position')
    .execute();
  const byPost = new Map<string, PostTarget[]>();
  for (const row of targets) {
    const list = byPost.get(row.post_id) ?? [];
    list.push(targetFromRow(row));
    byPost.set(row.post_id, list);
  }
  return byPost;
}

/**
 * Reads one post with its targets in one statement (one snapshot for both). Only for reads that
 * lock nothing: under a lock, the targets must be read after the lock is granted (`loadPost`).
 */
export async function readPost(db: Trx, workspaceId: string, postId: string): Promise<Post> {
  const row = await db
    .selectFrom('posts as p')
    .selectAll('p')
    .select((eb) =>
      eb
        .selectFrom('post_targets as t')
        .select(sql<Selectable<PostTargetsTable>[] | null>`json_agg(t order by t.position)`.as('rows'))
        .whereRef('t.workspace_id', '=', 'p.workspace_id')
        .whereRef('t.post_id', '=', 'p.id')
        .as('target_rows'),
    )
    .where('p.workspace_id', '=', workspaceId)
    .where('p.id', '=', postId)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('post', postId);
  const { target_rows: targets, ...post } = row;
  return postFromRow(post, (targets ?? []).map(targetFromRow));
}

/** Loads one post; with `lock`, holds its row until commit so concurrent writes queue up. */
export async function loadPost(trx: Trx, workspaceId: string, postId: string, lock = false): Promise<Post> {
  const [post] = await loadPosts(trx, workspaceId, (q) => {
    const one = q.where('id', '=', postId);
    return lock ? one.forUpdate() : one;
  });
  if (post === undefined) throw new NotFoundError('post', postId);
  return post;
}

/**
 * Writes a changed post; with `replaceTargets` its targets are replaced (kept targets keep their
 * ids and state). `hold` sets the publish hold in the same statement; `undefined` leaves it.
 */
export async function savePost(
  trx: Trx,
  post: Post,
  replaceTargets: boolean,
  hold?: string | null,
): Promise<void> {
  const { id: _id, workspace_id: _ws, created_at: _created, ...changes } = postToRow(post);
  await trx
    .updateTable('posts')
    .set(hold === undefined ? changes : { ...changes, publish_hold: hold })
    .where('workspace_id', '=', post.workspaceId)
    .where('id', '=', post.id)
    .execute();
  if (!replaceTargets) return;
  await trx
    .deleteFrom('post_targets')
    .where('workspace_id', '=', post.workspaceId)
    .where('post_id', '=', post.id)
    .execute();
  await insertTargets(trx, post);
}

/** Inserts a post's targets, keeping their order. */
export async function insertTargets(trx: Trx, post: Post): Promise<void> {
  if (post.targets.length === 0) return;
  await trx
    .insertInto('post_targets')
    .values(post.targets.map((t, position) => targetToRow(post.workspaceId, t, position)))
    .execute();
}
