'use server';
import {
  DEFAULT_CAPTION_MODEL,
  RelayPostError,
  type UpdateWorkspaceInput,
  ValidationError,
} from '@relaypost/core';
import { revalidatePath } from 'next/cache';
import { type FieldErrors, settingsErrors } from '@/src/lib/issues';
import { keepSecret, parseIdList, parseSamples } from '@/src/lib/settings';
import { sendTelegramTestMessage } from '@/src/lib/telegram';
import { runtime } from '@/src/runtime';
import { requireWorkspace } from '@/src/server/session';

export type SettingsResult = { ok: true; message: string } | { errors: FieldErrors };

/** Saves settings as the signed-in user (the history says who changed what). */
async function save(
  update: UpdateWorkspaceInput,
  submitted: Record<string, ReadonlyArray<string | number>> = {},
): Promise<SettingsResult> {
  const { workspace, actor } = await requireWorkspace();
  try {
    await runtime().relaypost.workspaces.update(workspace.id, update, actor);
  } catch (error) {
    if (ValidationError.isInstance(error)) return { errors: settingsErrors(error.issues, submitted) };
    // A new key is checked with Anthropic first; when Anthropic cannot be reached, nothing is saved.
    if (update.ai && RelayPostError.isInstance(error) && error.code === 'transient') {
      runtime().log('warn', 'the Anthropic key could not be checked', { error: error.message });
      return {
        errors: {
          anthropicApiKey:
            'Anthropic could not be reached to check the key, so nothing was saved. Try again in a moment.',
        },
      };
    }
    throw error;
  }
  revalidatePath('/', 'layout');
  return { ok: true, message: 'Saved.' };
}

/** Workspace name and time zone. */
export async function saveGeneral(input: { name: string; timeZone: string }): Promise<SettingsResult> {
  if (!input.name.trim()) return { errors: { name: 'Name your workspace.' } };
  return save({ name: input.name.trim(), timeZone: input.timeZone });
}

/**
 * AI captions: the Anthropic key (write-only), model, tone and brand-voice samples. The SDK checks
 * the key and the model with Anthropic before it saves them; a refusal shows next to the field.
 */
export async function saveAi(input: {
  anthropicApiKey: string;
  model: string;
  tone: string;
  samples: string;
}): Promise<SettingsResult> {
  const { workspace } = await requireWorkspace();
  const key = keepSecret(input.anthropicApiKey, workspace.ai?.anthropicApiKey);
  if (!key) return { errors: { anthropicApiKey: 'Enter your Anthropic API key (it starts with sk-ant-).' } };
  const tone = input.tone.trim();
  return save({
    ai: {
      anthropicApiKey: key,
      model: input.model.trim() || DEFAULT_CAPTION_MODEL,
      brandVoiceSamples: parseSamples(input.samples),
      ...(tone ? { tone } : {}),
    },
  });
}

/** Telegram approvals: bot token (write-only), approver chats and users. */
export async function saveTelegram(input: {
  botToken: string;
  approverChatIds: string;
  approverUserIds: string;
}): Promise<SettingsResult> {
  const { workspace } = await requireWorkspace();
  const chats = parseIdList(input.approverChatIds);
  const users = parseIdList(input.approverUserIds);
  const badUser = users.find((id) => !/^\d+$/.test(id));
  if (badUser)
    return {
      errors: {
        approverUserIds: `“${badUser}” is not a Telegram user id: user ids are whole numbers such as 123456789.`,
      },
    };
  const token = keepSecret(input.botToken, workspace.telegram?.botToken);
  if (!token)
    return { errors: { botToken: 'Enter the bot token @BotFather gave you (like 123456:ABC-DEF…).' } };
  return save(
    {
      telegram: {
        botToken: token,
        approverChatIds: chats.map((id) => (/^-?\d+$/.test(id) ? Number(id) : id)),
        approverUserIds: users.map(Number),
      },
    },
    { approverChatIds: chats, approverUserIds: users },
  );
}

/** Sends a test message to every approver chat (the SDK has no such call; see README). */
export async function sendTelegramTest(): Promise<SettingsResult> {
  const { workspace } = await requireWorkspace();
  const token = workspace.telegram?.botToken?.reveal();
  const chats = workspace.telegram?.approverChatIds ?? [];
  if (!token || !chats.length)
    return { errors: { telegramTest: 'Save a bot token and at least one approver chat first.' } };
  const results = await sendTelegramTestMessage({
    apiRoot: runtime().telegramApiRoot,
    botToken: token,
    chatIds: chats,
    text: `RelayPost test message for the workspace “${workspace.name}”. Approval requests will arrive in this chat.`,
  });
  const summary = results
    .map((r) => `chat ${r.chatId}: ${r.ok ? 'delivered' : `failed (${r.error})`}`)
    .join('; ');
  return results.every((r) => r.ok)
    ? { ok: true, message: `Test message: ${summary}.` }
    : { errors: { telegramTest: `Test message: ${summary}.` } };
}

/** The outcome webhook: URL and signing secret (write-only), or removing it. */
export async function saveWebhook(input: {
  url: string;
  secret: string;
  remove: boolean;
}): Promise<SettingsResult> {
  const { workspace } = await requireWorkspace();
  if (input.remove) return save({ webhook: null });
  const url = input.url.trim();
  if (!url)
    return { errors: { webhookUrl: 'Enter the address RelayPost should call, or remove the webhook.' } };
  const secret = keepSecret(input.secret, workspace.webhook?.secret);
  return save({ webhook: { url, ...(secret ? { secret } : {}) } });
}
