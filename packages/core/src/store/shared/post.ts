import type { z } from 'zod';
import { ConflictError } from '../../errors/relaypost-error.js';
import { parseOrThrow, ValidationError, type ValidationIssue } from '../../errors/validation-error.js';
import type { AccountStatus } from '../../schemas/account.js';
import type { PlatformId } from '../../schemas/platform.js';
import {
  type CreatePostInput,
  createPostInputSchema,
  FINAL_POST_STATUSES,
  type Post,
  type PostProblem,
  type PostStatus,
  type PostTarget,
  type TargetResult,
  type TargetStatus,
  targetStatusSchema,
} from '../../schemas/post.js';
import type { PostPatch, TargetClaim } from '../types.js';
import { newId, normalizeId } from './ids.js';
import { type ParsedPostPatch, parseArg, postPatchSchema, targetResultPatchSchema } from './inputs.js';
import { toInstant, toInstantOrNull } from './time.js';

type ParsedCreateInput = z.output<typeof createPostInputSchema>;
type TargetInputParsed = ParsedCreateInput['targets'][number];
export type ParsedCreatePost = ParsedCreateInput & { id: string };

/** Validates a create input and lowercases the ids in it (see `parseId`). */
export function parseCreatePost(input: CreatePostInput): ParsedCreatePost {
  const parsed = parseOrThrow(createPostInputSchema, input, 'post');
  return {
    ...parsed,
    id: parsed.id === undefined ? newId() : normalizeId(parsed.id),
    content: { ...parsed.content, mediaIds: parsed.content.mediaIds.map(normalizeId) },
    targets: parsed.targets.map(normalizeTargetInput),
  };
}

export function parsePostPatch(patch: PostPatch): ParsedPostPatch {
  const parsed = parseOrThrow(postPatchSchema, patch, 'post update');
  return {
    ...parsed,
    ...(parsed.content && {
      content: { ...parsed.content, mediaIds: parsed.content.mediaIds.map(normalizeId) },
    }),
    ...(parsed.targets && { targets: parsed.targets.map(normalizeTargetInput) }),
  };
}

function normalizeTargetInput(target: TargetInputParsed): TargetInputParsed {
  return {
    ...target,
    id: target.id === undefined ? undefined : normalizeId(target.id),
    accountId: normalizeId(target.accountId),
    mediaIds: target.mediaIds?.map(normalizeId),
  };
}

/** What the reference check needs to know about a targeted account. */
export interface TargetAccountInfo {
  status: AccountStatus;
  platform: PlatformId;
}

/** Every id a post (or patch) refers to, so a store can load them in one query each. */
export function referencedIds(post: { content?: { mediaIds: string[] }; targets?: TargetInputParsed[] }): {
  accountIds: string[];
  mediaIds: string[];
} {
  const media = new Set(post.content?.mediaIds ?? []);
  for (const target of post.targets ?? []) for (const id of target.mediaIds ?? []) media.add(id);
  return { accountIds: [...new Set(post.targets?.map((t) => t.accountId))], mediaIds: [...media] };
}

/**
 * Checks that targeted accounts and media exist in the workspace (and new targets' accounts are
 * connected), and that target ids are unique. Throws one ValidationError naming every bad path.
 * `keptAccountIds` are accounts the post already targets: an edit may keep them whatever their state.
 */
export function checkPostReferences(
  post: { content?: { mediaIds: string[] }; targets?: TargetInputParsed[] },
  accounts: ReadonlyMap<string, TargetAccountInfo>,
  mediaIds: ReadonlySet<string>,
  keptAccountIds: ReadonlySet<string> = new Set(),
): void {
  const issues: ValidationIssue[] = [];
  const targetIds = new Set<string>();
  post.targets?.forEach((target, index) => {
    if (target.id !== undefined) {
      if (targetIds.has(target.id)) {
        issues.push({ path: `targets.${index}.id`, message: 'target id is used twice' });
      }
      targetIds.add(target.id);
    }
    if (!keptAccountIds.has(target.accountId)) {
      const account = accounts.get(target.accountId);
      if (account === undefined) {
        issues.push({ path: `targets.${index}.accountId`, message: 'account not found in this workspace' });
      } else if (account.status !== 'connected') {
        issues.push({
          path: `targets.${index}.accountId`,
          message: `account is ${account.status}; reconnect it before posting to it`,
          actual: account.status,
        });
      }
    }
    target.mediaIds?.forEach((mediaId, mediaIndex) => {
      if (!mediaIds.has(mediaId)) {
        issues.push({
          path: `targets.${index}.mediaIds.${mediaIndex}`,
          message: 'media not found in this workspace',
        });
      }
    });
  });
  post.content?.mediaIds.forEach((mediaId, index) => {
    if (!mediaIds.has(mediaId)) {
      issues.push({ path: `content.mediaIds.${index}`, message: 'media not found in this workspace' });
    }
  });
  if (issues.length > 0) throw new ValidationError(issues, 'post');
}

const EMPTY_RESULT: TargetResult = { externalId: null, url: null, publishedAt: null, error: null };

function newTarget(postId: string, input: TargetInputParsed, platform: PlatformId, now: string): PostTarget {
  const id = input.id ?? newId();
  return {
    id,
    postId,
    accountId: input.accountId,
    platform,
    text: input.text ?? null,
    mediaIds: input.mediaIds ?? null,
    options: input.options,
    status: 'pending',
    result: { ...EMPTY_RESULT },
    // Stable across retries and edits, so an adapter can publish a target once.
    idempotencyKey: `${postId}:${id}`,
    updatedAt: now,
  };
}

/** Builds a new draft post from a checked input. */
export function buildPost(
  workspaceId: string,
  parsed: ParsedCreatePost,
  accounts: ReadonlyMap<string, TargetAccountInfo>,
  now: string,
): Post {
  return {
    id: parsed.id,
    workspaceId,
    status: 'draft',
    problem: null,
    content: parsed.content,
    publishAt: parsed.publishAt ? { ...parsed.publishAt, at: toInstant(parsed.publishAt.at) } : null,
    approval: parsed.approval,
    caption: parsed.caption ?? null,
    idempotencyKey: parsed.idempotencyKey ?? null,
    targets: parsed.targets.map((t) => newTarget(parsed.id, t, accounts.get(t.accountId)!.platform, now)),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/** Throws unless the post may still change. */
export function assertNotFinal(post: Pick<Post, 'id' | 'status'>): void {
  if (FINAL_POST_STATUSES.includes(post.status)) {
    throw new ConflictError(`post ${post.id} is ${post.status} and can no longer change`);
  }
}

/** Throws once a publish has claimed the post: from then on it can no longer change. */
export function assertNotPublishing(post: Pick<Post, 'id' | 'status'>): void {
  if (post.status === 'publishing') {
    throw new ConflictError(`post ${post.id} is publishing and can no longer change`);
  }
}

/** Throws unless the post is in the status the caller expects. */
export function assertStatus(post: Pick<Post, 'id' | 'status'>, expected: PostStatus | undefined): void {
  if (expected !== undefined && post.status !== expected) {
    throw new ConflictError(`post ${post.id} is ${post.status}, not ${expected}`);
  }
}

/** The publish hold a post keeps after moving to `status`: `undefined` leaves it as it is. */
export function holdAfterStatus(status: PostStatus, arm: string | undefined): string | null | undefined {
  if (status === 'publishing') return undefined;
  return status === 'scheduled' && arm !== undefined ? arm : null;
}

/**
 * Whether a publish prepared under `hold` may claim a target, from the post's state (the same
 * rule for every store; the caller holds the post's lock).
 */
export function claimFor(
  post: Pick<Post, 'status'>,
  armedHold: string | null,
  target: Pick<PostTarget, 'status'>,
  hold: string,
): TargetClaim {
  if (armedHold !== hold) return 'superseded';
  if (post.status === 'scheduled' && target.status === 'pending') return 'claimed';
  if (post.status === 'publishing' && target.status === 'pending') return 'claimed';
  if (post.status === 'publishing' && target.status === 'publishing') return 'resumed';
  return 'superseded';
}

/** Throws when the caller read an older version than the stored one. */
export function assertVersion(post: Pick<Post, 'id' | 'version'>, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && post.version !== expectedVersion) {
    throw new ConflictError(
      `post ${post.id} is at version ${post.version}, not ${expectedVersion}: reload it and apply the change again`,
    );
  }
}

/**
 * Applies a checked patch. Targets are matched by account: a kept account keeps its target id,
 * status, result and idempotency key; a new account gets a new pending target; a missing one is removed.
 */
export function applyPostPatch(
  post: Post,
  patch: ParsedPostPatch,
  accounts: ReadonlyMap<string, TargetAccountInfo>,
  now: string,
): Post {
  const next: Post = { ...post, version: post.version + 1, updatedAt: now };
  if (patch.content !== undefined) next.content = patch.content;
  if (patch.approval !== undefined) next.approval = patch.approval;
  if (patch.caption !== undefined) next.caption = patch.caption;
  if (patch.publishAt !== undefined) {
    next.publishAt =
      patch.publishAt === null ? null : { ...patch.publishAt, at: toInstant(patch.publishAt.at) };
  }
  if (patch.targets !== undefined) {
    next.targets = patch.targets.map((input) => {
      const kept = post.targets.find((t) => t.accountId === input.accountId);
      if (kept === undefined) return newTarget(post.id, input, accounts.get(input.accountId)!.platform, now);
      return {
        ...kept,
        text: input.text ?? null,
        mediaIds: input.mediaIds ?? null,
        options: input.options,
        updatedAt: now,
      };
    });
  }
  return next;
}

/** A status change; a final status is never left. */
/**
 * The post after a move to `status`, with `problem` (or none). A final status ends every target
 * still open with it: a pending one is cancelled, one that was being sent becomes uncertain (it
 * may have reached the platform), so a final post never has a target in a non-final state.
 */
export function postWithStatus(
  post: Post,
  status: PostStatus,
  now: string,
  problem: PostProblem | null = null,
): Post {
  if (post.status !== status) assertNotFinal(post);
  const targets = FINAL_POST_STATUSES.includes(status)
    ? post.targets.map((t) => endedTarget(t, now))
    : post.targets;
  return { ...post, status, problem, targets, version: post.version + 1, updatedAt: now };
}

/** The message an uncertain target gets when its post ends while it was being sent. */
export const ENDED_WHILE_PUBLISHING =
  'the post ended while this target was being published: check the platform, it may have been published';

/** A target as its post's end leaves it (see {@link postWithStatus}). */
function endedTarget(target: PostTarget, now: string): PostTarget {
  if (target.status === 'pending') return { ...target, status: 'cancelled', updatedAt: now };
  if (target.status !== 'publishing') return target;
  return {
    ...target,
    status: 'uncertain',
    result: { ...target.result, error: { kind: 'unknown_outcome', message: ENDED_WHILE_PUBLISHING } },
    updatedAt: now,
  };
}

/** A problem as `setStatus` takes it, stamped with the moment it is written. */
export function problemAt(
  problem: { kind: PostProblem['kind']; message: string } | undefined,
  now: string,
): PostProblem | null {
  return problem === undefined ? null : { ...problem, at: now };
}

export interface ParsedTargetUpdate {
  status: TargetStatus;
  result: z.output<typeof targetResultPatchSchema>;
}

/** Validates a target status change. */
export function parseTargetUpdate(
  status: TargetStatus,
  result: Partial<TargetResult> | undefined,
): ParsedTargetUpdate {
  return {
    status: parseArg(targetStatusSchema, status, 'status'),
    result: parseArg(targetResultPatchSchema, result ?? {}, 'result'),
  };
}

/** Applies a checked target status change, merging the result fields given. */
export function targetWithStatus(target: PostTarget, update: ParsedTargetUpdate, now: string): PostTarget {
  return {
    ...target,
    status: update.status,
    result: { ...target.result, ...resultChanges(update) },
    updatedAt: now,
  };
}

/** The result fields a target status change sets, as stored: given ones only, merged over the rest. */
export function resultChanges({ result: patch }: ParsedTargetUpdate): Partial<TargetResult> {
  const changes: Partial<TargetResult> = {};
  if (patch.externalId !== undefined) changes.externalId = patch.externalId;
  if (patch.url !== undefined) changes.url = patch.url;
  if (patch.publishedAt !== undefined) changes.publishedAt = toInstantOrNull(patch.publishedAt);
  if (patch.error !== undefined) {
    changes.error = patch.error === null ? null : stripUndefined(patch.error);
  }
  return changes;
}

/** jsonb drops `undefined` members, so the memory store must not keep them either. */
function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The key lists sort posts by: publish time, or creation time for unscheduled posts. */
export function postSortKey(post: Pick<Post, 'publishAt' | 'createdAt'>): string {
  return post.publishAt?.at ?? post.createdAt;
}

/** True when the post has not reached a final status and still has a pending target on the account. */
export function hasPendingTargetOn(post: Post, accountId: string): boolean {
  return (
    !FINAL_POST_STATUSES.includes(post.status) &&
    post.targets.some((t) => t.accountId === accountId && t.status === 'pending')
  );
}
