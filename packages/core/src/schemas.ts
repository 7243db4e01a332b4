/**
 * `@relaypost/core/schemas`: the zod schemas of RelayPost's data and of every change to a post,
 * with the validation error they produce. Nothing here uses Node's built-ins, so Temporal
 * workflow code (the update validators) imports it. The main entry re-exports all of it; the
 * names and what each is for are listed in `packages/core/EXPORTS.md`.
 *
 * @packageDocumentation
 */
export { parseOrThrow, ValidationError, type ValidationIssue } from './errors/validation-error.js';
export {
  ACCOUNT_STATUSES,
  type AccountStatus,
  type ConnectAccountInput,
  type ConnectedAccount,
  type Credentials,
  type CredentialsInput,
  connectAccountInputSchema,
  credentialsFromInput,
  credentialsInputSchema,
} from './schemas/account.js';
export { idSchema, type JsonValue } from './schemas/common.js';
export {
  type Actor,
  actorSchema,
  HISTORY_EVENT_TYPES,
  type HistoryEvent,
  type HistoryEventInput,
  type HistoryEventType,
  historyEventInputSchema,
} from './schemas/history.js';
export {
  MEDIA_KINDS,
  type MediaAsset,
  type MediaAssetInput,
  type MediaKind,
  mediaAssetInputSchema,
  mediaKindOf,
} from './schemas/media.js';
export { PLATFORM_IDS, type PlatformId, platformIdSchema } from './schemas/platform.js';
export {
  type ApprovalPolicy,
  approvalPolicySchema,
  type CreatePostInput,
  createPostInputSchema,
  FINAL_POST_STATUSES,
  POST_STATUSES,
  type Post,
  type PostContent,
  type PostProblem,
  type PostStatus,
  type PostTarget,
  type PublishTime,
  postContentSchema,
  postStatusSchema,
  publishTimeSchema,
  TARGET_STATUSES,
  type TargetResult,
  type TargetStatus,
} from './schemas/post.js';
export {
  type DecisionArgs,
  decisionArgsSchema,
  type EditPostArgs,
  type EditPostInput,
  editPostArgsSchema,
  type RegenerateCaptionArgs,
  type RescheduleArgs,
  regenerateCaptionArgsSchema,
  rescheduleArgsSchema,
  type TargetsCancelledArgs,
  targetsCancelledArgsSchema,
} from './schemas/post-changes.js';
export { isAcceptedText, type TextSchemaOptions, textSchema } from './schemas/text.js';
export {
  type CreateWorkspaceInput,
  createWorkspaceInputSchema,
  DEFAULT_CAPTION_MODEL,
  type UpdateWorkspaceInput,
  updateWorkspaceInputSchema,
  type Workspace,
} from './schemas/workspace.js';
