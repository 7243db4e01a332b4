import {
  type Actor,
  ConfigurationError,
  type ConnectedAccount,
  type MediaAsset,
  type Post,
  type Workspace,
} from '@relaypost/core';
import { Api, type ApiClientOptions, InputFile } from 'grammy';
import { deriveWorkspaceSecret, signCallbackData } from './callback-data.js';
import { mapTelegramError } from './errors.js';
import {
  CAPTION_LIMIT,
  decisionLine,
  escapeHtml,
  MESSAGE_LIMIT,
  outcomeText,
  platformName,
  requestText,
} from './format.js';

/** A message sent to an approver chat, kept in history so it can be edited later. */
export interface SentApprovalMessage {
  chatId: number | string;
  messageId: number;
  /** Photo messages are edited through their caption. Absent: try text, then caption. */
  kind?: 'text' | 'photo';
}

export interface ApprovalRequestInput {
  workspace: Workspace;
  post: Post;
  accounts: readonly ConnectedAccount[];
  /** The first image, shown with the request. */
  firstImage: { asset: MediaAsset; bytes: Uint8Array } | null;
  deadline: string | null;
  reminder: boolean;
}

export interface DecisionInput {
  workspace: Workspace;
  post: Post;
  messages: readonly SentApprovalMessage[];
  decision: 'approved' | 'rejected' | 'expired' | 'cancelled';
  actor: Actor;
  reason?: string;
  /** The accounts of the post's targets, for handles in the edited message. */
  accounts?: readonly ConnectedAccount[];
}

export interface OutcomeInput {
  workspace: Workspace;
  post: Post;
}

/** Telegram side of approvals: requests with inline buttons, decisions, outcome notices. */
export interface ApprovalMessenger {
  /** Sends the request to every approver chat; returns the messages sent. */
  sendApprovalRequest(input: ApprovalRequestInput): Promise<SentApprovalMessage[]>;
  /** Edits the request messages to show the decision and who made it. */
  announceDecision(input: DecisionInput): Promise<void>;
  /** Tells the approver chats how publishing ended. */
  notifyOutcome(input: OutcomeInput): Promise<void>;
  /** Tells the approver chats that an account must be reconnected. */
  notifyAccountNeedsReconnect?(input: { workspace: Workspace; account: ConnectedAccount }): Promise<void>;
}

export interface TelegramMessengerOptions {
  /** Bot API root without a trailing slash. Default `https://api.telegram.org`. */
  apiRoot?: string;
  /** Deployment secret that signs button data (per workspace, see `deriveWorkspaceSecret`). */
  callbackSecret: string;
  /** Injectable fetch (tests, proxies). Default: grammY's. */
  fetch?: typeof fetch;
}

/** Telegram's largest photo upload. */
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** Creates grammY's `Api` for a workspace's bot. */
export function telegramApi(
  token: string,
  options: { apiRoot?: string | undefined; fetch?: typeof fetch | undefined },
): Api {
  return new Api(token, {
    ...(options.apiRoot ? { apiRoot: options.apiRoot.replace(/\/+$/, '') } : {}),
    // grammY types fetch after node-fetch; the global fetch is call-compatible.
    ...(options.fetch ? { fetch: options.fetch as unknown as ApiClientOptions['fetch'] } : {}),
  });
}

function botToken(workspace: Workspace): string {
  const token = workspace.telegram?.botToken?.reveal();
  if (!token) throw new ConfigurationError(`workspace "${workspace.name}" has no Telegram bot token`);
  return token;
}

/** Ignores the answers that mean "nothing to edit": unchanged, or the message is gone. */
function isHarmlessEditError(error: unknown): boolean {
  const description = (error as { description?: unknown }).description;
  return (
    typeof description === 'string' &&
    /message is not modified|message to edit not found|MESSAGE_ID_INVALID/i.test(description)
  );
}

function isNoTextError(error: unknown): boolean {
  const description = (error as { description?: unknown }).description;
  return typeof description === 'string' && /no text in the message|message text is empty/i.test(description);
}

/**
 * The Telegram approval messenger, built on grammY's `Api` (one per workspace bot). Requests go
 * out as HTML with the post text (cut safely at Telegram's limits), targets, the publish time in
 * the workspace's time zone, the deadline, and Approve / Reject / Regenerate buttons whose data
 * is signed. With an image the request is a photo with a caption (≤ 1024), else a text message
 * (≤ 4096). Decisions edit the messages and remove the buttons.
 *
 * Errors follow the platform family: 429 → `RateLimitedError` with Telegram's `retry_after`;
 * 401/404 (bad token) → `NeedsReconnectError`; 5xx and network → `TransientError`.
 *
 * @example
 * ```ts
 * const telegram = createTelegramMessenger({ callbackSecret: process.env.RELAYPOST_TELEGRAM_SECRET! });
 * const activities = createActivities({ store, adapters, media, telegram });
 * ```
 */
export function createTelegramMessenger(options: TelegramMessengerOptions): ApprovalMessenger {
  const apiFor = (workspace: Workspace) => {
    const token = botToken(workspace);
    return { api: telegramApi(token, options), token };
  };
  const keyboard = (workspace: Workspace, postId: string) => {
    const secret = deriveWorkspaceSecret(options.callbackSecret, 'callback', workspace.id);
    const buttons = [
      [
        { text: '✅ Approve', callback_data: signCallbackData(secret, postId, 'approve') },
        { text: '❌ Reject', callback_data: signCallbackData(secret, postId, 'reject') },
      ],
    ];
    if (workspace.ai?.anthropicApiKey) {
      buttons.push([
        { text: '🔄 Regenerate caption', callback_data: signCallbackData(secret, postId, 'regenerate') },
      ]);
    }
    return { inline_keyboard: buttons };
  };
  const toChats = async (
    workspace: Workspace,
    send: (api: Api, chatId: number | string) => Promise<SentApprovalMessage>,
  ): Promise<SentApprovalMessage[]> => {
    const { api, token } = apiFor(workspace);
    const sent: SentApprovalMessage[] = [];
    let firstError: unknown;
    for (const chatId of workspace.telegram?.approverChatIds ?? []) {
      try {
        sent.push(await send(api, chatId));
      } catch (error) {
        firstError ??= mapTelegramError(error, token);
      }
    }
    // A partial delivery is kept: retrying would send duplicates to the chats that got it.
    if (sent.length === 0 && firstError !== undefined) throw firstError;
    return sent;
  };

  return {
    async sendApprovalRequest({ workspace, post, accounts, firstImage, deadline, reminder }) {
      const markup = keyboard(workspace, post.id);
      const photo =
        firstImage && PHOTO_TYPES.has(firstImage.asset.mimeType) && firstImage.bytes.length <= MAX_PHOTO_BYTES
          ? firstImage
          : null;
      const base = { post, accounts, timeZone: workspace.timeZone, deadline, reminder };
      return toChats(workspace, async (api, chatId) => {
        if (photo) {
          const caption = requestText({ ...base, limit: CAPTION_LIMIT });
          const extension = photo.asset.mimeType.split('/')[1] ?? 'jpg';
          const message = await api.sendPhoto(
            chatId,
            new InputFile(photo.bytes, `${photo.asset.id}.${extension}`),
            {
              caption,
              parse_mode: 'HTML',
              reply_markup: markup,
            },
          );
          return { chatId, messageId: message.message_id, kind: 'photo' };
        }
        const text = requestText({ ...base, limit: MESSAGE_LIMIT });
        const message = await api.sendMessage(chatId, text, {
          parse_mode: 'HTML',
          reply_markup: markup,
          link_preview_options: { is_disabled: true },
        });
        return { chatId, messageId: message.message_id, kind: 'text' };
      });
    },

    async announceDecision({ workspace, post, messages, decision, actor, reason, accounts }) {
      if (!messages.length) return;
      const { api, token } = apiFor(workspace);
      const base = {
        post,
        accounts: accounts ?? [],
        timeZone: workspace.timeZone,
        deadline: null,
        reminder: false,
        headline: '📝 <b>Approval request</b>',
        footer: decisionLine(decision, actor, reason),
      };
      const removeButtons = { inline_keyboard: [] };
      let firstError: unknown;
      for (const message of messages) {
        const editCaption = () =>
          api.editMessageCaption(message.chatId, message.messageId, {
            caption: requestText({ ...base, limit: CAPTION_LIMIT }),
            parse_mode: 'HTML',
            reply_markup: removeButtons,
          });
        try {
          if (message.kind === 'photo') await editCaption();
          else {
            try {
              await api.editMessageText(
                message.chatId,
                message.messageId,
                requestText({ ...base, limit: MESSAGE_LIMIT }),
                {
                  parse_mode: 'HTML',
                  reply_markup: removeButtons,
                  link_preview_options: { is_disabled: true },
                },
              );
            } catch (error) {
              if (message.kind === undefined && isNoTextError(error)) await editCaption();
              else throw error;
            }
          }
        } catch (error) {
          if (!isHarmlessEditError(error)) firstError ??= mapTelegramError(error, token);
        }
      }
      if (firstError !== undefined) throw firstError;
    },

    async notifyOutcome({ workspace, post }) {
      const text = outcomeText(post);
      await toChats(workspace, async (api, chatId) => {
        const message = await api.sendMessage(chatId, text, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
        });
        return { chatId, messageId: message.message_id };
      });
    },

    async notifyAccountNeedsReconnect({ workspace, account }) {
      const text = `🔌 <b>Reconnect needed</b>\n${escapeHtml(platformName(account.platform))} ${escapeHtml(account.handle)} can no longer publish: its access was revoked or expired. Reconnect it in RelayPost; scheduled posts on it are on hold.`;
      await toChats(workspace, async (api, chatId) => {
        const message = await api.sendMessage(chatId, text, { parse_mode: 'HTML' });
        return { chatId, messageId: message.message_id };
      });
    },
  };
}
