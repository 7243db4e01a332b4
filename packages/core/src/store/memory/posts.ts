import { ConflictError, NotFoundError } from '../../errors/relaypost-error.js';
import { parseOrThrow } from '../../errors/validation-error.js';
import { FINAL_POST_STATUSES, type Post, postStatusSchema } from '../../schemas/post.js';
import { decodeScopedCursor } from '../shared/cursor.js';
import { parseId } from '../shared/ids.js';
import {
  holdSchema,
  listPostsFilterSchema,
  listUnfinishedSchema,
  type ParsedListPostsFilter,
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
  hasPendingTargetOn,
  holdAfterStatus,
  parseCreatePost,
  parsePostPatch,
  parseTargetUpdate,
  postSortKey,
  postWithStatus,
  problemAt,
  referencedIds,
  type TargetAccountInfo,
  targetWithStatus,
} from '../shared/post.js';
import { nowInstant, toInstant } from '../shared/time.js';
import type { PostStore } from '../types.js';
import {
  type MemoryDatabase,
  type MemoryTables,
  pageAfter,
  requireInWorkspace,
  requireWorkspace,
  rowKey,
} from './database.js';
import { postsOf } from './workspaces.js';

const position = (p: Post) => ({ at: postSortKey(p), id: p.id });

export function createMemoryPostStore(db: MemoryDatabase): PostStore {
  const ids = (workspaceId: string, postId: string) =>
    [parseId(workspaceId, 'workspaceId'), parseId(postId, 'postId')] as const;

  return {
    async create(workspaceId, input) {
      const ws = parseId(workspaceId, 'workspaceId');
      const parsed = parseCreatePost(input);
      return db.write((t) => {
        requireWorkspace(t, ws);
        if (parsed.idempotencyKey !== undefined) {
          const existing = [...t.posts.values()].find(
            (p) => p.workspaceId === ws && p.idempotencyKey === parsed.idempotencyKey,
          );
          if (existing !== undefined) return { post: existing, created: false };
        }
        const { accounts, media } = lookups(t, ws, referencedIds(parsed));
        checkPostReferences(parsed, accounts, media);
        if (t.posts.has(rowKey(ws, parsed.id))) throw new ConflictError(`post ${parsed.id} already exists`);
        const post = buildPost(ws, parsed, accounts, nowInstant());
        t.posts.set(rowKey(ws, post.id), post);
        return { post, created: true };
      });
    },

    async get(workspaceId, postId) {
      const [ws, id] = ids(workspaceId, postId);
      return db.read((t) => requireInWorkspace(t.posts, 'post', ws, id));
    },

    async list(workspaceId, filter) {
      const ws = parseId(workspaceId, 'workspaceId');
      const parsed = parseOrThrow(listPostsFilterSchema, filter ?? {}, 'post filter');
      const rows = db.read((t) =>
        pageAfter(
          [...t.posts.values()].filter((p) => p.workspaceId === ws && matches(p, parsed)),
          position,
          parsed.limit,
          parsed.cursor,
        ),
      );
      return toPage(rows, parsed.limit, position);
    },

    async update(workspaceId, postId, patch, options) {
      const [ws, id] = ids(workspaceId, postId);
      const parsed = parsePostPatch(patch);
      const { expectedVersion } = parseOrThrow(updateOptionsSchema, options ?? {}, 'update options');
      return db.write((t) => {
        const post = requireInWorkspace(t.posts, 'post', ws, id);
        assertVersion(post, expectedVersion);
        assertNotFinal(post);
        assertNotPublishing(post);
        const { accounts, media } = lookups(t, ws, referencedIds(parsed));
        checkPostReferences(parsed, accounts, media, new Set(post.targets.map((x) => x.accountId)));
        const next = applyPostPatch(post, parsed, accounts, nowInstant());
        t.posts.set(rowKey(ws, id), next);
        t.publishHolds.delete(rowKey(ws, id));
        return next;
      });
    },

    async setStatus(workspaceId, postId, status, options) {
      const [ws, id] = ids(workspaceId, postId);
      const parsed = parseArg(postStatusSchema, status, 'status');
      const expected = options?.expected && parseArg(postStatusSchema, options.expected, 'expected');
      const arm = options?.arm && parseArg(holdSchema, options.arm, 'arm');
      const problem = options?.problem && parseArg(problemInputSchema, options.problem, 'problem');
      return db.write((t) => {
        const post = requireInWorkspace(t.posts, 'post', ws, id);
        assertStatus(post, expected);
        const now = nowInstant();
        const next = postWithStatus(post, parsed, now, problemAt(problem, now));
        t.posts.set(rowKey(ws, id), next);
        const hold = holdAfterStatus(parsed, arm);
        if (hold === null) t.publishHolds.delete(rowKey(ws, id));
        else if (hold !== undefined) t.publishHolds.set(rowKey(ws, id), hold);
        return next;
      });
    },

    async armPublish(workspaceId, postId, hold) {
      const [ws, id] = ids(workspaceId, postId);
      const parsedHold = parseArg(holdSchema, hold, 'hold');
      db.write((t) => {
        assertStatus(requireInWorkspace(t.posts, 'post', ws, id), 'scheduled');
        t.publishHolds.set(rowKey(ws, id), parsedHold);
      });
    },

    async claimTarget(workspaceId, postId, targetId, hold) {
      const [ws, id] = ids(workspaceId, postId);
      const tid = parseId(targetId, 'targetId');
      const parsedHold = parseArg(holdSchema, hold, 'hold');
      return db.write((t) => {
        const post = requireInWorkspace(t.posts, 'post', ws, id);
        const target = post.targets.find((x) => x.id === tid);
        if (target === undefined) throw new NotFoundError('target', tid);
        const claim = claimFor(post, t.publishHolds.get(rowKey(ws, id)) ?? null, target, parsedHold);
        if (claim !== 'claimed') return claim;
        const now = nowInstant();
        const next = post.status === 'publishing' ? post : postWithStatus(post, 'publishing', now);
        t.posts.set(rowKey(ws, id), {
          ...next,
          targets: next.targets.map((x) =>
            x.id === tid ? { ...x, status: 'publishing', updatedAt: now } : x,
          ),
        });
        return claim;
      });
    },

    async setTargetStatus(workspaceId, postId, targetId, status, result) {
      const [ws, id] = ids(workspaceId, postId);
      const tid = parseId(targetId, 'targetId');
      const update = parseTargetUpdate(status, result);
      return db.write((t) => {
        const post = requireInWorkspace(t.posts, 'post', ws, id);
        const target = post.targets.find((x) => x.id === tid);
        if (target === undefined) throw new NotFoundError('target', tid);
        const now = nowInstant();
        const next = targetWithStatus(target, update, now);
        t.posts.set(rowKey(ws, id), {
          ...post,
          targets: post.targets.map((x) => (x.id === tid ? next : x)),
          version: post.version + 1,
          updatedAt: now,
        });
        return next;
      });
    },

    async listPendingForAccount(workspaceId, accountId) {
      const ws = parseId(workspaceId, 'workspaceId');
      const account = parseId(accountId, 'accountId');
      return db.read((t) =>
        postsOf(t, ws)
          .filter((p) => hasPendingTargetOn(p, account))
          .map((p) => p.id),
      );
    },

    async listUnfinished(options) {
      const f = parseOrThrow(listUnfinishedSchema, options ?? {}, 'listUnfinished options');
      const after = f.cursor === undefined ? undefined : decodeScopedCursor(f.cursor);
      const cutoff = toInstant(f.updatedBefore);
      const key = (p: { updatedAt: string; workspaceId: string; id: string }) =>
        [p.updatedAt, p.workspaceId, p.id] as const;
      const rows = db.read((t) =>
        [...t.posts.values()]
          .filter((p) => !FINAL_POST_STATUSES.includes(p.status) && p.updatedAt < cutoff)
          .filter(
            (p) => after === undefined || compareKeys(key(p), [after.at, after.workspaceId, after.id]) > 0,
          )
          .sort((a, b) => compareKeys(key(a), key(b)))
          .slice(0, f.limit + 1)
          .map((p) => ({
            workspaceId: p.workspaceId,
            postId: p.id,
            status: p.status,
            updatedAt: p.updatedAt,
          })),
      );
      return toUnfinishedPage(rows, f.limit);
    },

    async delete(workspaceId, postId) {
      const [ws, id] = ids(workspaceId, postId);
      db.write((t) => {
        requireInWorkspace(t.posts, 'post', ws, id);
        t.posts.delete(rowKey(ws, id));
        t.publishHolds.delete(rowKey(ws, id));
      });
    },
  };
}

function lookups(
  t: Readonly<MemoryTables>,
  workspaceId: string,
  ids: { accountIds: string[]; mediaIds: string[] },
): { accounts: Map<string, TargetAccountInfo>; media: Set<string> } {
  const accounts = new Map<string, TargetAccountInfo>();
  for (const id of ids.accountIds) {
    const account = t.accounts.get(rowKey(workspaceId, id));
    if (account !== undefined) accounts.set(id, account);
  }
  const media = new Set(ids.mediaIds.filter((id) => t.media.has(rowKey(workspaceId, id))));
  return { accounts, media };
}

function matches(post: Post, filter: ParsedListPostsFilter): boolean {
  const statuses = filter.status === undefined ? undefined : [filter.status].flat();
  const at = postSortKey(post);
  return (
    (statuses === undefined || statuses.includes(post.status)) &&
    (filter.accountId === undefined ||
      post.targets.some((x) => x.accountId === filter.accountId!.toLowerCase())) &&
    (filter.platform === undefined || post.targets.some((x) => x.platform === filter.platform)) &&
    (filter.from === undefined || at >= toInstant(filter.from)) &&
    (filter.to === undefined || at < toInstant(filter.to))
  );
}

/** Orders tuples of strings element by element, as Postgres compares row values. */
function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return (a[i] ?? '') < (b[i] ?? '') ? -1 : 1;
  }
  return 0;
}
