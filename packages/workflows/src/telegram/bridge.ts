import { isUtf8 } from 'node:buffer';
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Actor, NotFoundError, type RelayPostStore } from '@relaypost/core';
import { type ApiClientOptions, Bot } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { readRequestBody } from '../http/request-body.js';
import { type ApprovalAction, deriveWorkspaceSecret, verifyCallbackData } from './callback-data.js';
import { mapTelegramError } from './errors.js';
import { telegramApi } from './messenger.js';
import { parseTelegramUpdate } from './update-schema.js';

/** Telegram's updates are small; anything near this is not one. */
const MAX_UPDATE_BYTES = 1024 * 1024;

/** A decision an approver made with a button, for the worker to send to the post's workflow. */
export interface TelegramDecision {
  workspaceId: string;
  postId: string;
  action: ApprovalAction;
  actor: Actor & { kind: 'telegram'; id: string };
}

export interface TelegramBridgeOptions {
  store: RelayPostStore;
  /** The same secret the messenger signs buttons with. */
  callbackSecret: string;
  /** Bot API root without a trailing slash. Default `https://api.telegram.org`. */
  apiRoot?: string;
  fetch?: typeof fetch;
  /**
   * Applies the decision (the worker sends the workflow's approve / reject / regenerateCaption
   * update). Throw to refuse it: the error's message is shown to the approver.
   */
  onDecision: (decision: TelegramDecision) => Promise<unknown>;
  /** How long to wait for `onDecision` before answering "working on it". Default 8000 ms. */
  answerWithinMs?: number;
}

/** What became of one update. */
export type BridgeOutcome =
  | { outcome: 'decided'; decision: TelegramDecision }
  | { outcome: 'pending'; decision: TelegramDecision }
  | { outcome: 'refused'; decision: TelegramDecision; message: string }
  | { outcome: 'not_allowed' | 'invalid' | 'not_found' | 'ignored' };

export interface TelegramBridge {
  /** Handles one update from a workspace's bot (webhook body or polled update). */
  handleUpdate(workspaceId: string, update: Update): Promise<BridgeOutcome>;
  /** The node:http handler for the workspace's webhook; checks the secret-token header. */
  webhookHandler(workspaceId: string): (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  /** The `secret_token` to register with `setWebhook` for this workspace. */
  webhookSecret(workspaceId: string): string;
  /** Points the workspace's bot at `url` (with the secret token), for callback queries only. */
  setWebhook(workspaceId: string, url: string): Promise<void>;
  /** Polls getUpdates for the workspace's bot (development, or hosts without a public URL). */
  startLongPolling(workspaceId: string): Promise<{ stop(): Promise<void>; done: Promise<void> }>;
}

const DONE: Record<ApprovalAction, string> = {
  approve: '✅ Approved',
  reject: '❌ Rejected',
  regenerate: '🔄 A new caption is ready; a new approval request follows.',
};
const PENDING: Record<ApprovalAction, string> = {
  approve: 'Approving…',
  reject: 'Rejecting…',
  regenerate: '🔄 Writing a new caption… a new approval request follows.',
};

/** The innermost message of an error chain (Temporal wraps the workflow's own words in causes). */
function reasonOf(error: unknown): string {
  let current: unknown = error;
  let message = 'The decision was not accepted.';
  for (let depth = 0; current && depth < 6; depth++) {
    if (current instanceof Error && current.message) message = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return message.length > 190 ? `${message.slice(0, 189)}…` : message;
}

/** grammY needs the bot's identity; the numeric id is the token's first part, so getMe is skipped. */
function botInfoFromToken(token: string): UserFromGetMe {
  return {
    id: Number(token.split(':')[0]) || 0,
    is_bot: true,
    first_name: 'RelayPost',
    username: 'relaypost_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  } as UserFromGetMe;
}

/**
 * Receives approvers' button presses for each workspace's bot, by webhook or long polling.
 * A press counts only when its data was signed for this workspace, the user is one of the
 * workspace's `approverUserIds`, and the post belongs to the workspace; the callback query is
 * always answered (with the result, or why nothing happened, e.g. "post is published, not
 * awaiting approval").
 *
 * @example
 * ```ts
 * const bridge = createTelegramBridge({
 *   store, callbackSecret,
 *   onDecision: ({ workspaceId, postId, action, actor }) =>
 *     postWorkflows.update(workspaceId, postId, action === 'regenerate' ? 'regenerateCaption' : action, { actor }),
 * });
 * http.createServer(bridge.webhookHandler(workspaceId)).listen(8080);
 * ```
 */
export function createTelegramBridge(options: TelegramBridgeOptions): TelegramBridge {
  const { store } = options;
  const waitMs = options.answerWithinMs ?? 8000;
  const webhookSecret = (workspaceId: string) =>
    deriveWorkspaceSecret(options.callbackSecret, 'webhook', workspaceId);

  const bridge: TelegramBridge = {
    webhookSecret,

    async handleUpdate(workspaceId, update) {
      const query = update.callback_query;
      if (!query) return { outcome: 'ignored' };
      const workspace = await store.workspaces.get(workspaceId);
      const token = workspace.telegram?.botToken?.reveal();
      if (!token) return { outcome: 'ignored' };
      const api = telegramApi(token, options);
      const answer = async (text: string, alert = false) => {
        try {
          await api.answerCallbackQuery(query.id, { text, ...(alert ? { show_alert: true } : {}) });
        } catch (error) {
          // An unanswered query only leaves a spinner; never fail the decision because of it.
          void mapTelegramError(error, token);
        }
      };
      const parsed = verifyCallbackData(
        deriveWorkspaceSecret(options.callbackSecret, 'callback', workspaceId),
        query.data ?? '',
      );
      if (!parsed) {
        await answer('This button is not valid any more.', true);
        return { outcome: 'invalid' };
      }
      if (!(workspace.telegram?.approverUserIds ?? []).includes(query.from.id)) {
        await answer('You are not allowed to approve posts in this workspace.', true);
        return { outcome: 'not_allowed' };
      }
      try {
        await store.posts.get(workspaceId, parsed.postId);
      } catch (error) {
        if (!NotFoundError.isInstance(error)) throw error;
        await answer('This post no longer exists.', true);
        return { outcome: 'not_found' };
      }
      const name =
        [query.from.first_name, query.from.last_name].filter(Boolean).join(' ') || query.from.username;
      const decision: TelegramDecision = {
        workspaceId,
        postId: parsed.postId,
        action: parsed.action,
        actor: { kind: 'telegram', id: String(query.from.id), ...(name ? { name } : {}) },
      };
      const applied = options.onDecision(decision).then(
        () => ({ ok: true as const }),
        (error: unknown) => ({ ok: false as const, message: reasonOf(error) }),
      );
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), waitMs);
      });
      const result = await Promise.race([applied, late]);
      clearTimeout(timer);
      if (result === null) {
        await answer(PENDING[parsed.action]);
        return { outcome: 'pending', decision };
      }
      if (!result.ok) {
        await answer(result.message, true);
        return { outcome: 'refused', decision, message: result.message };
      }
      await answer(DONE[parsed.action]);
      return { outcome: 'decided', decision };
    },

    webhookHandler(workspaceId) {
      const expected = Buffer.from(webhookSecret(workspaceId));
      return async (request, response) => {
        const reply = (status: number, message?: string, headers: Record<string, string> = {}) => {
          response.writeHead(status, {
            ...headers,
            ...(message === undefined ? {} : { 'content-type': 'text/plain; charset=utf-8' }),
          });
          response.end(message);
        };
        // Refusals are answered after the body arrived, so the sender reads them instead of a reset.
        const body = await readRequestBody(request, MAX_UPDATE_BYTES, response);
        if (body.kind === 'aborted') return;
        if (request.method !== 'POST') return reply(405, 'use POST', { allow: 'POST' });
        const given = Buffer.from(String(request.headers['x-telegram-bot-api-secret-token'] ?? ''));
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          return reply(401, 'wrong or missing secret token');
        }
        if (body.kind === 'too_large') return reply(413, `update larger than ${MAX_UPDATE_BYTES} bytes`);
        if (!isUtf8(body.bytes)) return reply(400, 'body is not UTF-8');
        const parsed = parseTelegramUpdate(body.bytes.toString('utf8'));
        if (!parsed.ok) return reply(400, parsed.reason);
        try {
          await bridge.handleUpdate(workspaceId, parsed.update);
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } catch (error) {
          // A workspace erased while Telegram still delivers: nothing to retry for.
          if (NotFoundError.isInstance(error)) return reply(404, 'workspace not found');
          // Telegram delivers the update again later.
          reply(500, 'could not handle the update');
        }
      };
    },

    async setWebhook(workspaceId, url) {
      const workspace = await store.workspaces.get(workspaceId);
      const token = workspace.telegram?.botToken?.reveal();
      if (!token) throw new NotFoundError('telegram bot token of workspace', workspaceId);
      try {
        await telegramApi(token, options).setWebhook(url, {
          secret_token: webhookSecret(workspaceId),
          allowed_updates: ['callback_query'],
        });
      } catch (error) {
        throw mapTelegramError(error, token);
      }
    },

    async startLongPolling(workspaceId) {
      const workspace = await store.workspaces.get(workspaceId);
      const token = workspace.telegram?.botToken?.reveal();
      if (!token) throw new NotFoundError('telegram bot token of workspace', workspaceId);
      const bot = new Bot(token, {
        botInfo: botInfoFromToken(token),
        client: {
          ...(options.apiRoot ? { apiRoot: options.apiRoot.replace(/\/+$/, '') } : {}),
          ...(options.fetch ? { fetch: options.fetch as unknown as ApiClientOptions['fetch'] } : {}),
        },
      });
      bot.on('callback_query', async (ctx) => {
        await bridge.handleUpdate(workspaceId, ctx.update);
      });
      bot.catch(() => {
        // One bad update must not stop polling; the query stays unanswered and can be pressed again.
      });
      let started!: () => void;
      const ready = new Promise<void>((resolve) => {
        started = resolve;
      });
      const done = bot.start({ allowed_updates: ['callback_query'], onStart: () => started() });
      await Promise.race([ready, done]);
      return {
        done,
        async stop() {
          await bot.stop();
          await done.catch(() => undefined);
        },
      };
    },
  };
  return bridge;
}
