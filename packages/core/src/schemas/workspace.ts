import { z } from 'zod';
import type { Secret } from '../crypto/secret.js';
import { httpsUrlSchema, idSchema, instantSchema, secretInputSchema, timeZoneSchema } from './common.js';
import { textSchema } from './text.js';

export const captionToneSchema = textSchema({ trim: true, min: 1, max: 500 });

/** The Anthropic model captions use unless a workspace picks another. */
export const DEFAULT_CAPTION_MODEL = 'claude-sonnet-5-5';

/** AI caption settings: the workspace brings its own Anthropic key. */
export const aiSettingsInputSchema = z.object({
  anthropicApiKey: secretInputSchema.optional(),
  model: textSchema({ min: 1, max: 100 }).default(DEFAULT_CAPTION_MODEL),
  brandVoiceSamples: z
    .array(textSchema({ min: 1, max: 5000 }))
    .max(20)
    .default([]),
  tone: captionToneSchema.optional(),
});

/** Telegram approvals: the bot, and who may approve. */
export const telegramSettingsInputSchema = z.object({
  botToken: secretInputSchema.optional(),
  approverChatIds: z
    .array(z.union([z.number().int(), z.string().regex(/^-?\d+$|^@\w{5,}$/)]))
    .max(20)
    .default([]),
  approverUserIds: z.array(z.number().int().positive()).max(100).default([]),
});

/** Where RelayPost sends signed outcome notifications for the host app. */
export const webhookSettingsInputSchema = z.object({
  url: httpsUrlSchema,
  secret: secretInputSchema.optional(),
});

export const createWorkspaceInputSchema = z.object({
  id: idSchema.optional(),
  name: textSchema({ trim: true, min: 1, max: 200 }),
  timeZone: timeZoneSchema.default('UTC'),
  ai: aiSettingsInputSchema.optional(),
  telegram: telegramSettingsInputSchema.optional(),
  webhook: webhookSettingsInputSchema.optional(),
});
export type CreateWorkspaceInput = z.input<typeof createWorkspaceInputSchema>;

export const updateWorkspaceInputSchema = z.object({
  name: textSchema({ trim: true, min: 1, max: 200 }).optional(),
  timeZone: timeZoneSchema.optional(),
  ai: aiSettingsInputSchema.nullable().optional(),
  telegram: telegramSettingsInputSchema.nullable().optional(),
  webhook: webhookSettingsInputSchema.nullable().optional(),
});
export type UpdateWorkspaceInput = z.input<typeof updateWorkspaceInputSchema>;

/** A workspace as the store returns it: secrets are `Secret` objects that never print. */
export interface Workspace {
  id: string;
  name: string;
  timeZone: string;
  ai: {
    anthropicApiKey: Secret | null;
    model: string;
    brandVoiceSamples: string[];
    tone: string | null;
  } | null;
  telegram: {
    botToken: Secret | null;
    approverChatIds: Array<number | string>;
    approverUserIds: number[];
  } | null;
  webhook: { url: string; secret: Secret | null } | null;
  createdAt: string;
  updatedAt: string;
}

export const workspaceIdSchema = idSchema;
export const workspaceTimestampsSchema = z.object({ createdAt: instantSchema, updatedAt: instantSchema });
