import {
  type ConnectedAccount,
  type HistoryEvent,
  type MediaAsset,
  PlatformError,
  type Post,
  type PostStatus,
  type Workspace,
} from '@relaypost/core';
import { Context } from '@temporalio/activity';
import type { WebhookEvent } from '../notify/webhook.js';
import type { SentApprovalMessage } from '../telegram/messenger.js';
import type { TargetOutcome } from '../types.js';
import type { ActivityDeps } from './deps.js';
import { deriveId } from './derive-id.js';
import { asActivity } from './failures.js';
import type { LifecycleActivities } from './types.js';

/** After this many attempts a notification that keeps failing is recorded as failed, not retried. */
const MAX_NOTIFY_ATTEMPTS = 8;
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

function attempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1; // called outside an activity (tests, scripts)
  }
}

/**
 * Whether a failed notification should be given up (recorded) instead of retried: errors that
 * retrying cannot fix, or any error after many attempts. A notice must never fail the post.
 */
function giveUp(error: unknown): boolean {
  if (PlatformError.isInstance(error)) return !error.retryable || attempt() >= MAX_NOTIFY_ATTEMPTS;
  return attempt() >= MAX_NOTIFY_ATTEMPTS;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function telegramReady(workspace: Workspace): boolean {
  const telegram = workspace.telegram;
  return Boolean(telegram?.botToken && telegram.approverChatIds.length > 0);
}

/** Every message recorded by `post.approval_requested` events, once each. */
export function approvalMessagesFrom(events: readonly HistoryEvent[]): SentApprovalMessage[] {
  const seen = new Map<string, SentApprovalMessage>();
  for (const event of events) {
    if (event.type !== 'post.approval_requested' || typeof event.data.messages !== 'string') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(event.data.messages);
    } catch {
      continue;
    }
    if (!Array.isArray(parsed)) continue;
    for (const item of parsed as SentApprovalMessage[]) {
      if (
        item &&
        (typeof item.chatId === 'number' || typeof item.chatId === 'string') &&
        typeof item.messageId === 'number'
      ) {
        seen.set(`${item.chatId}:${item.messageId}`, item);
      }
    }
  }
  return [...seen.values()];
}

const WEBHOOK_TYPES: Record<string, WebhookEvent['type']> = {
  published: 'post.published',
  partially_published: 'post.partially_published',
  failed: 'post.failed',
  rejected: 'post.rejected',
  cancelled: 'post.cancelled',
};

/**
 * Approval activities: the Telegram request (and reminders) and the decision shown on the
 * request messages. Without Telegram settings, approval happens through the SDK and nothing is
 * sent. A request is recorded in history under the workflow's event id, so a retried activity
 * sends it once.
 */
export function createApprovalActivities(
  deps: ActivityDeps,
): Pick<LifecycleActivities, 'requestApproval' | 'announceDecision'> {
  const { store } = deps;

  const history = (workspaceId: string, postId: string) =>
    store.history.list(workspaceId, { postId, limit: 1000 });
  const targetAccounts = async (workspaceId: string, post: Post): Promise<ConnectedAccount[]> => {
    const ids = new Set(post.targets.map((t) => t.accountId));
    return (await store.accounts.list(workspaceId)).filter((a) => ids.has(a.id));
  };
  const firstImage = async (workspaceId: string, post: Post) => {
    const ids = [...post.content.mediaIds, ...post.targets.flatMap((t) => t.mediaIds ?? [])];
    if (!ids.length) return null;
    const assets = new Map((await store.media.getMany(workspaceId, [...new Set(ids)])).map((a) => [a.id, a]));
    const asset = ids
      .map((id) => assets.get(id))
      .find((a): a is MediaAsset => !!a && PHOTO_TYPES.has(a.mimeType) && a.sizeBytes <= MAX_PHOTO_BYTES);
    if (!asset) return null;
    try {
      return { asset, bytes: await deps.media.read(asset) };
    } catch {
      return null; // the request goes out without its picture rather than not at all
    }
  };

  return {
    requestApproval: ({ workspaceId, postId, eventId, reminder, deadline }) =>
      asActivity(async () => {
        const workspace = await store.workspaces.get(workspaceId);
        if (!deps.telegram || !telegramReady(workspace)) return { sent: 0 };
        const done = (await history(workspaceId, postId)).find((e) => e.id === eventId);
        if (done) return { sent: typeof done.data.sent === 'number' ? done.data.sent : 0 };
        const post = await store.posts.get(workspaceId, postId);
        let messages: SentApprovalMessage[];
        try {
          messages = await deps.telegram.sendApprovalRequest({
            workspace,
            post,
            accounts: await targetAccounts(workspaceId, post),
            firstImage: await firstImage(workspaceId, post),
            deadline,
            reminder,
          });
        } catch (error) {
          if (!giveUp(error)) throw error;
          await store.history.append(workspaceId, {
            id: eventId,
            type: 'post.approval_requested',
            postId,
            actor: { kind: 'workflow' },
            data: { messages: '[]', reminder, sent: 0, error: errorMessage(error) },
          });
          return { sent: 0 };
        }
        await store.history.append(workspaceId, {
          id: eventId,
          type: 'post.approval_requested',
          postId,
          actor: { kind: 'workflow' },
          data: {
            messages: JSON.stringify(
              messages.map((m) => ({
                chatId: m.chatId,
                messageId: m.messageId,
                ...(m.kind ? { kind: m.kind } : {}),
              })),
            ),
            reminder,
            deadline,
            sent: messages.length,
          },
        });
        return { sent: messages.length };
      }),

    announceDecision: ({ workspaceId, postId, decision, actor, reason }) =>
      asActivity(async () => {
        const events = await history(workspaceId, postId);
        observeApprovalWait(deps, events, decision);
        const workspace = await store.workspaces.get(workspaceId);
        if (!deps.telegram || !workspace.telegram?.botToken) return;
        const messages = approvalMessagesFrom(events);
        if (!messages.length) return;
        const post = await store.posts.get(workspaceId, postId);
        try {
          await deps.telegram.announceDecision({
            workspace,
            post,
            messages,
            decision,
            actor,
            ...(reason ? { reason } : {}),
            accounts: await targetAccounts(workspaceId, post),
          });
        } catch (error) {
          // Editing old messages is cosmetic: never hold the post up for it.
          if (!giveUp(error)) throw error;
        }
      }),
  };
}

/** Approval wait for the metrics: from the post entering `awaiting_approval` to the decision. */
function observeApprovalWait(deps: ActivityDeps, events: HistoryEvent[], decision: string): void {
  if (!deps.observer?.approvalDecided) return;
  const asked = events.findLast(
    (e) => e.type === 'post.status_changed' && (e.data as { to?: unknown }).to === 'awaiting_approval',
  );
  if (!asked) return;
  deps.observer.approvalDecided({ decision, waitMs: Math.max(0, Date.now() - Date.parse(asked.occurredAt)) });
}

/** What the outcome notices say: how the post ended, with every target's outcome. */
export interface OutcomeNotice {
  workspaceId: string;
  postId: string;
  eventId: string;
  status: PostStatus;
  targets: TargetOutcome[];
}

/**
 * The outcome notices: a summary to the workspace's Telegram chats and the signed webhook to the
 * host app. Each is recorded in history under an id derived from the event id, so a retry sends
 * each one once; a notice that keeps failing is recorded as failed instead of holding the post up.
 */
export function createOutcomeNotifier(deps: ActivityDeps): (notice: OutcomeNotice) => Promise<void> {
  const { store } = deps;
  const history = (workspaceId: string, postId: string) =>
    store.history.list(workspaceId, { postId, limit: 1000 });
  return async ({ workspaceId, postId, eventId, status, targets }) => {
    const workspace = await store.workspaces.get(workspaceId);
    const telegram = deps.telegram && telegramReady(workspace) ? deps.telegram : null;
    const webhook =
      deps.webhooks && workspace.webhook ? { notifier: deps.webhooks, ...workspace.webhook } : null;
    if (!telegram && !webhook) return;
    const recorded = new Set((await history(workspaceId, postId)).map((e) => e.id));
    const post = await store.posts.get(workspaceId, postId);

    const deliver = async (
      channel: 'telegram' | 'webhook',
      send: () => Promise<void>,
      extra: Record<string, string>,
    ) => {
      const id = deriveId(eventId, 'notify', channel);
      if (recorded.has(id)) return;
      let error: unknown;
      try {
        await send();
      } catch (caught) {
        if (!giveUp(caught)) throw caught;
        error = caught;
      }
      await store.history.append(workspaceId, {
        id,
        type: 'notification.sent',
        postId,
        actor: { kind: 'workflow' },
        data: {
          channel,
          status,
          ok: error === undefined,
          ...extra,
          ...(error !== undefined ? { error: errorMessage(error) } : {}),
        },
      });
    };

    if (telegram) await deliver('telegram', () => telegram.notifyOutcome({ workspace, post }), {});
    const type = WEBHOOK_TYPES[status];
    if (webhook && type) {
      const event: WebhookEvent = {
        id: deriveId(eventId, 'webhook-event'),
        type,
        workspaceId,
        postId,
        occurredAt: new Date().toISOString(),
        data: {
          status,
          targets: targets.map((t) => ({
            targetId: t.targetId,
            platform: t.platform,
            status: t.status,
            url: t.url ?? null,
            externalId: t.externalId ?? null,
            error: t.error ?? null,
          })),
        },
      };
      await deliver(
        'webhook',
        () => webhook.notifier.send({ url: webhook.url, secret: webhook.secret?.reveal() ?? null, event }),
        { url: webhook.url, deliveryId: event.id },
      );
    }
  };
}
