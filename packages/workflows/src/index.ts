/**
 * `@relaypost/workflows`: the post life cycle as Temporal workflows, with their activities,
 * AI captions, Telegram approvals, signed webhooks and the payload codec.
 *
 * Workflow code itself is in `@relaypost/workflows/workflows` (bundled by the worker);
 * `@relaypost/workflows/worker` builds Temporal workers.
 *
 * @packageDocumentation
 */
export type { OutcomeNotice } from './activities/approval.js';
export type { ActivityObserver } from './activities/deps.js';
export {
  type ActivityDeps,
  createActivities,
  type LifecycleActivities,
  type MaintenanceActivities,
  type PublishActivities,
  type PublishHold,
  type ReconcilePage,
  type ReconcileReport,
  type Recorded,
} from './activities/index.js';
export {
  type AnthropicCaptionOptions,
  type CaptionGroup,
  createAnthropicCaptionService,
} from './caption/anthropic.js';
export type { CaptionLimit, CaptionRequest, CaptionResult, CaptionService } from './caption/service.js';
export {
  assertUpdateFits,
  createPostWorkflowClient,
  MAX_UPDATE_BYTES,
  type PostUpdateArgs,
  type PostUpdateDefinitions,
  type PostUpdateName,
  type PostWorkflowClient,
  updateFailureToError,
} from './client.js';
export * from './codec/index.js';
export { discardRequestBody } from './http/request-body.js';
export { LIFECYCLE_TASK_QUEUE, postWorkflowId } from './names.js';
export {
  createWebhookNotifier,
  type VerifyWebhookSignatureInput,
  verifyWebhookSignature,
  type WebhookEvent,
  type WebhookNotifier,
  type WebhookNotifierOptions,
} from './notify/webhook.js';
export {
  type BridgeOutcome,
  createTelegramBridge,
  type TelegramBridge,
  type TelegramBridgeOptions,
  type TelegramDecision,
} from './telegram/bridge.js';
export type { ApprovalAction } from './telegram/callback-data.js';
export {
  type ApprovalMessenger,
  type ApprovalRequestInput,
  createTelegramMessenger,
  type DecisionInput,
  type OutcomeInput,
  type SentApprovalMessage,
  type TelegramMessengerOptions,
} from './telegram/messenger.js';
export * from './types.js';
export {
  approveUpdate,
  cancelUpdate,
  editUpdate,
  publishNowUpdate,
  regenerateCaptionUpdate,
  rejectUpdate,
  rescheduleUpdate,
  targetsCancelledUpdate,
} from './workflows/definitions.js';
export { finalStatusOf, updateRefusal } from './workflows/rules.js';
