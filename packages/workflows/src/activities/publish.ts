import type { JsonValue, PlatformId } from '@relaypost/core';
import {
  ConfigurationError,
  ContentRejectedError,
  type Credentials,
  contentForTarget,
  NeedsReconnectError,
  type PlatformAdapter,
  PlatformError,
  type Post,
  type PostTarget,
  type PreparedPublish,
  type PublishRequest,
  type PublishResult,
  UnknownOutcomeError,
} from '@relaypost/core';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES } from '../names.js';
import type { TargetOutcome } from '../types.js';
import { Alarms } from './alarms.js';
import { Burst } from './burst.js';
import { type AccountCredentials, loadCredentials } from './credentials.js';
import type { ActivityDeps } from './deps.js';
import { deriveId } from './derive-id.js';
import { asActivity } from './failures.js';
import { Limiter } from './limiter.js';
import { isSettled, outcomeOf } from './outcomes.js';
import { recordClaim } from './post-status.js';
import type { PublishActivities } from './types.js';

// Well inside the 30 s heartbeat timeout; each beat is encrypted, so not more often than needed.
const HEARTBEAT_EVERY_MS = 10_000;
/** Platform calls in flight per platform and process, unless `deps.publishConcurrency` says otherwise. */
export const DEFAULT_PUBLISH_CONCURRENCY = 64;
/** How long before its second a held publish claims its post, unless `deps.publishClaimLeadMs` says otherwise. */
export const DEFAULT_PUBLISH_CLAIM_LEAD_MS = 200;
/** How long an answered publish waits for the rest of its second before it is written down. */
const BURST_WAIT_MS = 10_000;
/** For a request without a signal of its own (the activity always gives one). */
const NEVER_ABORTED = new AbortController().signal;

/**
 * The publish activity. With a `hold` it is started ahead of the post's second: it reads the
 * post, account and credentials, waits for the second, and only then claims the post in the store,
 * which fails when the post was edited, rescheduled or cancelled in the meantime. Exactly-once
 * rests on three rules:
 * 1. a target already `published` (or `uncertain`) is never published again;
 * 2. a target found in `publishing` was started by an earlier attempt that may have landed —
 *    the adapter looks the post up before anything is sent again;
 * 3. an unknown outcome is never retried blindly: found → published, not found → uncertain.
 */
export function createPublishActivities(deps: ActivityDeps): PublishActivities {
  const { store } = deps;
  const refreshWindowMs = deps.refreshWindowMs ?? 5 * 60_000;
  const claimLeadMs = deps.publishClaimLeadMs ?? DEFAULT_PUBLISH_CLAIM_LEAD_MS;
  const limiters = new Map<string, Limiter>();
  const burst = new Burst();
  const alarms = new Alarms();

  return {
    publishTarget: ({ workspaceId, postId, targetId, hold }) =>
      asActivity(async (): Promise<TargetOutcome> => {
        const post = await store.posts.get(workspaceId, postId);
        const target = post.targets.find((t) => t.id === targetId);
        if (!target) throw new Error(`target ${targetId} is not part of post ${postId}`);
        if (isSettled(target)) return outcomeOf(target);
        const adapter = deps.adapters[target.platform];
        if (!adapter) throw new ConfigurationError(`no adapter is configured for ${target.platform}`);
        const account = await store.accounts.get(workspaceId, target.accountId);
        const credentials = await loadCredentials({
          store,
          workspaceId,
          accountId: account.id,
          adapter,
          observer: deps.observer,
          historyKey: targetId,
        });
        await credentials.freshWithin(refreshWindowMs);

        const media = new Map(
          (await store.media.getMany(workspaceId, target.mediaIds ?? post.content.mediaIds)).map((m) => [
            m.id,
            m,
          ]),
        );
        const context = Context.current();
        const resumed = resumeFrom(context);
        const request: PublishRequest = {
          account: {
            id: account.id,
            externalId: account.externalId,
            handle: account.handle,
            metadata: account.metadata,
          },
          credentials: credentials.current(),
          content: contentForTarget(post, target, media),
          media: deps.media,
          idempotencyKey: target.idempotencyKey,
          signal: context.cancellationSignal,
          onCredentialsRefreshed: async (input) => {
            await credentials.save(input, 'refreshed by the platform adapter');
          },
          reportProgress: (progress) => context.heartbeat({ progress }),
          ...(resumed !== undefined ? { resumeFrom: resumed as JsonValue } : {}),
        };

        const beat = setInterval(() => context.heartbeat(context.info.heartbeatDetails), HEARTBEAT_EVERY_MS);
        try {
          // Prepared ahead of its second: claim the post a moment before it (the claim is the one
          // moment after which an edit, reschedule or cancel is refused), then send on the second.
          // The adapter prepares now too (checks, request bodies), so that the second itself holds
          // nothing but the requests.
          const prepared = await adapter.preparePublish?.(request).catch(
            (error: unknown): PreparedPublish =>
              () =>
                Promise.reject(error),
          );
          const second = hold.notBefore === null ? null : Date.parse(hold.notBefore);
          if (second !== null) await alarms.until(second - claimLeadMs, context.cancellationSignal);
          // What is written about the claim and the answer waits until this process's other
          // publishes of the second are on their way. Publishes due now (no second of their
          // own) are not a burst: nothing to wait for.
          if (second !== null) burst.enter(second);
          let answered = false;
          const answer = async () => {
            if (answered || second === null) return;
            answered = true;
            burst.leave(second);
            await burst.settled(second, BURST_WAIT_MS);
          };
          let recorded: Promise<void> | undefined;
          try {
            const claim = await store.posts.claimTarget(workspaceId, postId, targetId, hold.name);
            if (claim === 'superseded') {
              await answer();
              return await supersededOutcome(post, target);
            }
            const claimedAt = new Date().toISOString();
            // The claim's history, stamped with the moment of the claim, before any outcome.
            const recordOnce = async () => {
              await answer();
              recorded ??= recordClaim(store, post, target, hold.name, claimedAt);
              return recorded;
            };
            try {
              return await send(
                post,
                target,
                adapter,
                request,
                credentials,
                claim === 'resumed',
                recordOnce,
                {
                  prepared,
                  notBefore: second,
                },
              );
            } finally {
              await recordOnce();
            }
          } finally {
            await answer();
          }
        } finally {
          clearInterval(beat);
        }
      }),
  };

  /**
   * Rule 2 for a target an earlier attempt may have sent, then the platform call and its outcome.
   * `beforeOutcome` runs before the outcome is written, so the history stays in order.
   */
  async function send(
    post: Post,
    target: PostTarget,
    adapter: PlatformAdapter,
    request: PublishRequest,
    credentials: AccountCredentials,
    resumed: boolean,
    beforeOutcome: () => Promise<void>,
    held: { prepared?: PreparedPublish | undefined; notBefore?: number | null } = {},
  ): Promise<TargetOutcome> {
    // Only the platform calls take a slot; the store writes around them do not.
    const limited = async <T>(call: () => Promise<T>) => {
      try {
        return await limiterFor(target.platform).run(call);
      } finally {
        await beforeOutcome();
      }
    };
    if (resumed) {
      const found = await limited(() => adapter.findPublished(request));
      if (found) return recordPublished(post, target, found, 'found after an interrupted attempt');
    }
    try {
      const first = { ...request, firstAttempt: !resumed };
      const result = await limited(async () => {
        // The slot is taken before the second: when it comes, only the calls that can go out at
        // once wake up; the rest follow as slots free.
        if (held.notBefore) await alarms.until(held.notBefore, request.signal ?? NEVER_ABORTED);
        return publishWithOneReconnect(adapter, first, credentials, held.prepared);
      });
      return await recordPublished(post, target, result);
    } catch (error) {
      if (UnknownOutcomeError.isInstance(error)) {
        const found = await limited(() => lookUpLostWrite(adapter, request));
        if (found) return recordPublished(post, target, found, 'found after an unknown outcome');
        return recordFinal(post, target, 'uncertain', {
          kind: 'unknown_outcome',
          message: error.message,
        });
      }
      if (NeedsReconnectError.isInstance(error)) {
        await store.accounts.setStatus(post.workspaceId, target.accountId, 'needs_reconnect');
        await store.history.append(post.workspaceId, {
          id: deriveId(target.id, 'needs_reconnect'),
          type: 'account.needs_reconnect',
          accountId: target.accountId,
          postId: post.id,
          actor: { kind: 'workflow' },
          data: { message: error.message },
        });
        return recordFinal(post, target, 'failed', { kind: 'needs_reconnect', message: error.message });
      }
      if (ContentRejectedError.isInstance(error)) {
        return recordFinal(post, target, 'failed', {
          kind: 'content_rejected',
          message: error.message,
          ...(error.platformMessage ? { platformMessage: error.platformMessage } : {}),
        });
      }
      throw error;
    }
  }

  function limiterFor(platform: string): Limiter {
    let limiter = limiters.get(platform);
    if (!limiter) {
      limiter = new Limiter(deps.publishConcurrency?.[platform as PlatformId] ?? DEFAULT_PUBLISH_CONCURRENCY);
      limiters.set(platform, limiter);
    }
    return limiter;
  }

  /** A hold that lost its claim: the target's own outcome when it has one, else a typed failure. */
  async function supersededOutcome(post: Post, target: PostTarget): Promise<TargetOutcome> {
    const now = (await store.posts.get(post.workspaceId, post.id)).targets.find((t) => t.id === target.id);
    if (now && isSettled(now)) return outcomeOf(now);
    throw ApplicationFailure.create({
      type: FAILURE_TYPES.holdSuperseded,
      message: `post ${post.id} changed after this publish was prepared; it was not sent`,
      nonRetryable: true,
    });
  }

  async function recordPublished(
    post: Post,
    target: PostTarget,
    result: PublishResult,
    note?: string,
  ): Promise<TargetOutcome> {
    await store.posts.setTargetStatus(post.workspaceId, post.id, target.id, 'published', {
      externalId: result.externalId,
      url: result.url,
      publishedAt: result.publishedAt,
      error: null,
    });
    await store.history.append(post.workspaceId, {
      id: deriveId(target.id, 'published'),
      type: 'target.published',
      postId: post.id,
      targetId: target.id,
      accountId: target.accountId,
      actor: { kind: 'workflow' },
      data: {
        platform: target.platform,
        externalId: result.externalId,
        url: result.url,
        publishedAt: result.publishedAt,
        scheduledAt: post.publishAt?.at ?? null,
        ...(note ? { note } : {}),
        ...(result.warnings.length ? { warnings: result.warnings.join('; ') } : {}),
      },
    });
    const scheduledAt = post.publishAt ? Date.parse(post.publishAt.at) : null;
    deps.observer?.targetFinished?.({
      platform: target.platform,
      status: 'published',
      ...(scheduledAt !== null
        ? { latenessMs: Math.max(0, Date.parse(result.publishedAt) - scheduledAt) }
        : {}),
    });
    return {
      targetId: target.id,
      platform: target.platform,
      status: 'published',
      externalId: result.externalId,
      url: result.url,
    };
  }

  async function recordFinal(
    post: Post,
    target: PostTarget,
    status: 'failed' | 'uncertain',
    error: { kind: string; message: string; platformMessage?: string },
  ): Promise<TargetOutcome> {
    await store.posts.setTargetStatus(post.workspaceId, post.id, target.id, status, { error });
    await store.history.append(post.workspaceId, {
      id: deriveId(target.id, status),
      type: status === 'failed' ? 'target.failed' : 'target.uncertain',
      postId: post.id,
      targetId: target.id,
      accountId: target.accountId,
      actor: { kind: 'workflow' },
      data: { platform: target.platform, ...error },
    });
    deps.observer?.targetFinished?.({ platform: target.platform, status, errorKind: error.kind });
    return {
      targetId: target.id,
      platform: target.platform,
      status,
      error: { kind: error.kind, message: error.message },
    };
  }
}

/**
 * Looks for a write whose answer was lost. A look-up that failed is not "not found": when the
 * platform may answer later, the attempt goes back to Temporal, and the next one looks again
 * before sending anything (rule 2). Only a look-up that cannot succeed leaves the target uncertain.
 */
async function lookUpLostWrite(
  adapter: PlatformAdapter,
  request: PublishRequest,
): Promise<PublishResult | null> {
  try {
    return await adapter.findPublished(request);
  } catch (error) {
    if (PlatformError.isInstance(error) && error.retryable) throw error;
    return null;
  }
}

function resumeFrom(context: Context): unknown {
  const details = context.info.heartbeatDetails as { progress?: unknown } | undefined;
  return details?.progress;
}

/**
 * Publishes; on "needs reconnect" refreshes once (when the platform can) and publishes once more
 * before giving up.
 */
async function publishWithOneReconnect(
  adapter: PlatformAdapter,
  request: PublishRequest,
  credentials: AccountCredentials,
  prepared?: PreparedPublish,
): Promise<PublishResult> {
  try {
    return await (prepared
      ? prepared({ firstAttempt: request.firstAttempt ?? false })
      : adapter.publish(request));
  } catch (error) {
    if (!NeedsReconnectError.isInstance(error) || !credentials.canRefresh()) throw error;
    let fresh: Credentials;
    try {
      fresh = await credentials.refresh('rejected by the platform');
    } catch {
      throw error;
    }
    // The first call may have written part of a thread before it was refused.
    return adapter.publish({ ...request, credentials: fresh, firstAttempt: false });
  }
}
