import type { AdapterLookup, MediaAccess, PlatformId, RelayPostStore } from '@relaypost/core';
import type { Client } from '@temporalio/client';
import type { CaptionService } from '../caption/service.js';
import type { WebhookNotifier } from '../notify/webhook.js';
import type { ApprovalMessenger } from '../telegram/messenger.js';

/**
 * What the activities need, injected (Temporal's dependency-injection pattern): the worker
 * builds these once and `createActivities(deps)` closes over them.
 */
export interface ActivityDeps {
  store: RelayPostStore;
  adapters: AdapterLookup;
  media: MediaAccess;
  /** AI captions; absent when the deployment has no Anthropic access configured at all. */
  captions?: CaptionService;
  /** Telegram approvals and notifications. */
  telegram?: ApprovalMessenger;
  /** Signed outcome webhooks to the host app. */
  webhooks?: WebhookNotifier;
  /**
   * A Temporal client (with RelayPost's data converter) for the reconciliation, which looks up
   * and restarts post workflows. Without it the `reconcilePosts` activity refuses to run.
   */
  temporal?: Client;
  /** Platform calls (sends, uploads, look-ups) in flight per platform in this process. Default 64. */
  publishConcurrency?: Partial<Record<PlatformId, number>>;
  /**
   * How long before its second a publish is prepared (post, account and credentials read; then
   * it waits for the second and sends at once). Default 30 s.
   */
  publishLeadMs?: number;
  /**
   * How long before its second a held publish claims its post, after which an edit, reschedule
   * or cancel is refused, so that the second itself holds nothing but the requests. Default 200 ms.
   */
  publishClaimLeadMs?: number;
  /** Refresh credentials that expire within this window before publishing. Default 5 minutes. */
  refreshWindowMs?: number;
  /** Told what happened, for metrics. Must not throw. */
  observer?: ActivityObserver;
}

/** What the activities report as it happens (the worker turns it into Prometheus metrics). */
export interface ActivityObserver {
  targetFinished?(event: {
    platform: string;
    status: 'published' | 'failed' | 'uncertain';
    errorKind?: string;
    latenessMs?: number;
  }): void;
  approvalDecided?(event: { decision: string; waitMs: number }): void;
  credentialsRefreshed?(event: { platform: string; ok: boolean }): void;
}
