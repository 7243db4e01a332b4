import type { z } from 'zod';
import type { Keyring } from '../../crypto/keyring.js';
import { parseOrThrow } from '../../errors/validation-error.js';
import {
  type CreateWorkspaceInput,
  createWorkspaceInputSchema,
  type UpdateWorkspaceInput,
  updateWorkspaceInputSchema,
  type Workspace,
} from '../../schemas/workspace.js';
import type { WorkspaceExport } from '../types.js';
import { newId, normalizeId } from './ids.js';
import type { WorkspaceRecord } from './records.js';
import { openWorkspaceSecret, sealWorkspaceSecret } from './secrets.js';

/** Validates a create input and builds the record to store, secrets sealed. */
export function workspaceRecordFromCreate(
  input: CreateWorkspaceInput,
  keyring: Keyring,
  now: string,
): WorkspaceRecord {
  const parsed = parseOrThrow(createWorkspaceInputSchema, input, 'workspace');
  const id = parsed.id === undefined ? newId() : normalizeId(parsed.id);
  const seal = (field: 'anthropicApiKey' | 'botToken' | 'webhookSecret', value: string | undefined) =>
    value === undefined ? null : sealWorkspaceSecret(keyring, id, field, value);
  return {
    id,
    name: parsed.name,
    timeZone: parsed.timeZone,
    ai: parsed.ai
      ? {
          model: parsed.ai.model,
          brandVoiceSamples: parsed.ai.brandVoiceSamples,
          tone: parsed.ai.tone ?? null,
        }
      : null,
    telegram: parsed.telegram
      ? { approverChatIds: parsed.telegram.approverChatIds, approverUserIds: parsed.telegram.approverUserIds }
      : null,
    webhook: parsed.webhook ? { url: parsed.webhook.url } : null,
    secrets: {
      anthropicApiKey: seal('anthropicApiKey', parsed.ai?.anthropicApiKey),
      botToken: seal('botToken', parsed.telegram?.botToken),
      webhookSecret: seal('webhookSecret', parsed.webhook?.secret),
    },
    createdAt: now,
    updatedAt: now,
  };
}

export type ParsedWorkspaceUpdate = z.output<typeof updateWorkspaceInputSchema>;

export function parseWorkspaceUpdate(input: UpdateWorkspaceInput): ParsedWorkspaceUpdate {
  return parseOrThrow(updateWorkspaceInputSchema, input, 'workspace update');
}

/**
 * Applies an update: an absent section is kept, `null` removes it with its secret, an object
 * replaces it. A section given without its secret keeps the stored secret, so settings can be
 * edited without handling the key again.
 */
export function applyWorkspaceUpdate(
  record: WorkspaceRecord,
  parsed: ParsedWorkspaceUpdate,
  keyring: Keyring,
  now: string,
): WorkspaceRecord {
  const next: WorkspaceRecord = { ...record, secrets: { ...record.secrets }, updatedAt: now };
  if (parsed.name !== undefined) next.name = parsed.name;
  if (parsed.timeZone !== undefined) next.timeZone = parsed.timeZone;
  if (parsed.ai === null) {
    next.ai = null;
    next.secrets.anthropicApiKey = null;
  } else if (parsed.ai !== undefined) {
    const { anthropicApiKey, model, brandVoiceSamples, tone } = parsed.ai;
    next.ai = { model, brandVoiceSamples, tone: tone ?? null };
    if (anthropicApiKey !== undefined) {
      next.secrets.anthropicApiKey = sealWorkspaceSecret(
        keyring,
        record.id,
        'anthropicApiKey',
        anthropicApiKey,
      );
    }
  }
  if (parsed.telegram === null) {
    next.telegram = null;
    next.secrets.botToken = null;
  } else if (parsed.telegram !== undefined) {
    const { botToken, approverChatIds, approverUserIds } = parsed.telegram;
    next.telegram = { approverChatIds, approverUserIds };
    if (botToken !== undefined) {
      next.secrets.botToken = sealWorkspaceSecret(keyring, record.id, 'botToken', botToken);
    }
  }
  if (parsed.webhook === null) {
    next.webhook = null;
    next.secrets.webhookSecret = null;
  } else if (parsed.webhook !== undefined) {
    next.webhook = { url: parsed.webhook.url };
    if (parsed.webhook.secret !== undefined) {
      next.secrets.webhookSecret = sealWorkspaceSecret(
        keyring,
        record.id,
        'webhookSecret',
        parsed.webhook.secret,
      );
    }
  }
  return next;
}

/** Opens a stored workspace, secrets as `Secret`s. */
export function workspaceFromRecord(record: WorkspaceRecord, keyring: Keyring): Workspace {
  const { secrets, ...rest } = record;
  return {
    ...rest,
    ai: record.ai && {
      ...record.ai,
      anthropicApiKey: openWorkspaceSecret(keyring, record.id, 'anthropicApiKey', secrets.anthropicApiKey),
    },
    telegram: record.telegram && {
      ...record.telegram,
      botToken: openWorkspaceSecret(keyring, record.id, 'botToken', secrets.botToken),
    },
    webhook: record.webhook && {
      ...record.webhook,
      secret: openWorkspaceSecret(keyring, record.id, 'webhookSecret', secrets.webhookSecret),
    },
  };
}

/** The export view of a workspace: says whether each secret exists, never what it is. */
export function exportedWorkspace(record: WorkspaceRecord): WorkspaceExport['workspace'] {
  const { secrets, ...rest } = record;
  return {
    ...rest,
    ai: record.ai && { ...record.ai, hasApiKey: secrets.anthropicApiKey !== null },
    telegram: record.telegram && { ...record.telegram, hasBotToken: secrets.botToken !== null },
    webhook: record.webhook && { ...record.webhook, hasSecret: secrets.webhookSecret !== null },
  };
}
