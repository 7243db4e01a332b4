import { randomUUID } from 'node:crypto';
import {
  type AdapterLookup,
  ContentRejectedError,
  contentForTarget,
  type MediaAccess,
  NeedsReconnectError,
  PlatformError,
  type Post,
  type PostTarget,
  type PublishResult,
  type RelayPostStore,
  UnknownOutcomeError,
} from '@relaypost/core';
import type { LifecycleActivities, TargetOutcome } from '@relaypost/workflows';

/** Publishes one target of a post through its platform's adapter. */
export interface TargetPublisher {
  /** The target's outcome; null when the post was changed past the engine and the claim lost. */
  publish(
    post: { workspaceId: string; postId: string },
    targetId: string,
    hold: string,
  ): Promise<TargetOutcome | null>;
}

/** A stored error as a target's result keeps it. */
type TargetError = { kind: string; message: string; platformMessage?: string };

/**
 * The double's publish of one target: the store's claim (which moves the post to `publishing`),
 * one call to the adapter's `publish`, and the outcome written with its history — the events the
 * worker's publish activity writes. What makes the worker's publish exactly-once is left out, and
 * said so in the README: no retries (a retryable failure fails the target at once, with its kind),
 * no look-up of a lost write (an unknown outcome leaves the target `uncertain`), no credential
 * refresh before the call, no waiting for the second.
 */
export function createTargetPublisher(deps: {
  store: RelayPostStore;
  adapters: AdapterLookup;
  media: MediaAccess;
  activities: Pick<LifecycleActivities, 'markTargetFailed'>;
}): TargetPublisher {
  const { store } = deps;

  const recordOutcome = async (
    post: Post,
    target: PostTarget,
    outcome: { published: PublishResult } | { status: 'failed' | 'uncertain'; error: TargetError },
  ): Promise<TargetOutcome> => {
    const ids = { postId: post.id, targetId: target.id, accountId: target.accountId };
    const actor = { kind: 'workflow' } as const;
    if ('published' in outcome) {
      const { externalId, url, publishedAt, warnings } = outcome.published;
      await store.posts.setTargetStatus(post.workspaceId, post.id, target.id, 'published', {
        externalId,
        url,
        publishedAt,
        error: null,
      });
      await store.history.append(post.workspaceId, {
        type: 'target.published',
        ...ids,
        actor,
        data: {
          platform: target.platform,
          externalId,
          url,
          publishedAt,
          scheduledAt: post.publishAt?.at ?? null,
          ...(warnings.length ? { warnings: warnings.join('; ') } : {}),
        },
      });
      return { targetId: target.id, platform: target.platform, status: 'published', externalId, url };
    }
    const { status, error } = outcome;
    await store.posts.setTargetStatus(post.workspaceId, post.id, target.id, status, { error });
    await store.history.append(post.workspaceId, {
      type: status === 'failed' ? 'target.failed' : 'target.uncertain',
      ...ids,
      actor,
      data: { platform: target.platform, ...error },
    });
    return {
      targetId: target.id,
      platform: target.platform,
      status,
      error: { kind: error.kind, message: error.message },
    };
  };

  return {
    async publish({ workspaceId, postId }, targetId, hold) {
      const post = await store.posts.get(workspaceId, postId);
      const target = post.targets.find((t) => t.id === targetId);
      if (!target) throw new Error(`target ${targetId} is not part of post ${postId}`);
      const adapter = deps.adapters[target.platform];
      if (!adapter)
        return deps.activities.markTargetFailed({
          workspaceId,
          postId,
          eventId: randomUUID(),
          targetId,
          error: { kind: 'configuration', message: `no adapter is configured for ${target.platform}` },
        });
      const account = await store.accounts.get(workspaceId, target.accountId);
      const credentials = await store.accounts.getCredentials(workspaceId, account.id);
      const media = await store.media.getMany(workspaceId, target.mediaIds ?? post.content.mediaIds);
      if ((await store.posts.claimTarget(workspaceId, postId, targetId, hold)) === 'superseded') return null;
      await recordClaim(store, post, target);
      try {
        const published = await adapter.publish({
          account: {
            id: account.id,
            externalId: account.externalId,
            handle: account.handle,
            metadata: account.metadata,
          },
          credentials,
          content: contentForTarget(post, target, new Map(media.map((m) => [m.id, m]))),
          media: deps.media,
          idempotencyKey: target.idempotencyKey,
          firstAttempt: true,
          onCredentialsRefreshed: async (fresh) => {
            await store.accounts.updateCredentials(workspaceId, account.id, fresh);
          },
        });
        return await recordOutcome(post, target, { published });
      } catch (error) {
        return recordOutcome(post, target, await failureOf(store, post, target, error));
      }
    },
  };
}

/** How a failed call ends the target, as the worker ends it once retries are spent. */
async function failureOf(
  store: RelayPostStore,
  post: Post,
  target: PostTarget,
  error: unknown,
): Promise<{ status: 'failed' | 'uncertain'; error: TargetError }> {
  const message = error instanceof Error ? error.message : String(error);
  if (UnknownOutcomeError.isInstance(error))
    return { status: 'uncertain', error: { kind: 'unknown_outcome', message } };
  if (NeedsReconnectError.isInstance(error)) {
    await store.accounts.setStatus(post.workspaceId, target.accountId, 'needs_reconnect');
    await store.history.append(post.workspaceId, {
      type: 'account.needs_reconnect',
      accountId: target.accountId,
      postId: post.id,
      actor: { kind: 'workflow' },
      data: { message },
    });
  }
  if (ContentRejectedError.isInstance(error) && error.platformMessage)
    return {
      status: 'failed',
      error: { kind: 'content_rejected', message, platformMessage: error.platformMessage },
    };
  const kind = PlatformError.isInstance(error) ? error.kind : error instanceof Error ? error.name : 'error';
  return { status: 'failed', error: { kind, message } };
}

/** The claim's history: the post's move to `publishing` (once), then the target's. */
async function recordClaim(store: RelayPostStore, post: Post, target: PostTarget): Promise<void> {
  const history = await store.history.list(post.workspaceId, { postId: post.id, limit: 1000 });
  const moved = history.some(
    (e) => e.type === 'post.status_changed' && (e.data as { to?: unknown }).to === 'publishing',
  );
  if (!moved)
    await store.history.append(post.workspaceId, {
      type: 'post.status_changed',
      postId: post.id,
      actor: { kind: 'workflow' },
      data: { from: 'scheduled', to: 'publishing' },
    });
  await store.history.append(post.workspaceId, {
    type: 'target.publishing',
    postId: post.id,
    targetId: target.id,
    accountId: target.accountId,
    actor: { kind: 'workflow' },
    data: { platform: target.platform },
  });
}
