import { randomUUID } from 'node:crypto';
import { type FakeResponse, FakeServer, type RecordedRequest } from '@relaypost/platforms/testing';

/** An inline keyboard as Telegram stores it. */
export interface FakeInlineKeyboard {
  inline_keyboard: Array<Array<{ text: string; callback_data?: string; url?: string }>>;
}

/** A message the bot sent, as the fake keeps it (edits applied in place). */
export interface TelegramFakeMessage {
  chatId: number | string;
  messageId: number;
  kind: 'text' | 'photo';
  /** Text or caption as sent (with markup). */
  text?: string;
  caption?: string;
  /** Text or caption with HTML tags removed and entities decoded: what the user reads. */
  plain: string;
  parseMode?: string;
  photo?: Buffer;
  replyMarkup: FakeInlineKeyboard | null;
  edits: number;
  date: number;
}

export interface TelegramFakeError {
  error_code: number;
  description: string;
  retry_after?: number;
}

export interface PressButtonInput {
  chatId: number | string;
  messageId: number;
  fromUserId: number;
  fromName?: string;
  /** Raw callback data; default: the button labelled `button`, else the first button. */
  data?: string;
  button?: string;
}

export interface PressButtonResult {
  updateId: number;
  callbackQueryId: string;
  delivered: 'webhook' | 'polling';
  /** The webhook's HTTP status, when delivered to a webhook. */
  status?: number;
}

export interface TelegramFake {
  /** Pass as `apiRoot` (no trailing slash). */
  readonly url: string;
  readonly token: string;
  readonly botInfo: {
    id: number;
    is_bot: true;
    first_name: string;
    username: string;
    can_join_groups: boolean;
    can_read_all_group_messages: boolean;
    supports_inline_queries: boolean;
    can_connect_to_business: boolean;
    has_main_web_app: boolean;
  };
  readonly server: FakeServer;
  /** Messages the bot sent, oldest first (in one chat, or in all). */
  messages(chatId?: number | string): TelegramFakeMessage[];
  message(chatId: number | string, messageId: number): TelegramFakeMessage | undefined;
  /** Every `answerCallbackQuery` call. */
  readonly callbackAnswers: Array<{ callbackQueryId: string; text?: string; showAlert?: boolean }>;
  /** The registered webhook (setWebhook), or null when polling. */
  readonly webhook: { url: string; secretToken: string | null } | null;
  /** A user presses an inline button: the update goes to the webhook, or to getUpdates. */
  pressButton(input: PressButtonInput): Promise<PressButtonResult>;
  /** Resolves with the answer to a callback query once the bot sent it. */
  waitForAnswer(callbackQueryId: string, timeoutMs?: number): Promise<{ text?: string; showAlert?: boolean }>;
  /** Answers the next `times` calls of `method` with this error (`ok:false`). */
  failNext(method: string, error: TelegramFakeError, times?: number): void;
  /** Shorthand: the next calls of `method` get 429 with `retry_after`. */
  rateLimitNext(method: string, retryAfterSeconds: number, times?: number): void;
  close(): Promise<void>;
}

export interface TelegramFakeOptions {
  /** The bot token the fake accepts. Default `123456789:TEST-fake-token`. */
  token?: string;
  /** How long getUpdates may hold a request at most, whatever `timeout` asks. Default 10 s. */
  maxPollSeconds?: number;
}

const ALLOWED_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-spoiler',
  'span',
]);

/** Telegram's HTML parse mode, strictly: known tags, proper nesting, only the four named entities. */
function parseHtml(text: string): string | { error: string } {
  const stack: string[] = [];
  for (const match of text.matchAll(/<(\/?)([a-z-]+)([^>]*)>|&([a-z]+|#\d+);|&|</gi)) {
    const [whole, closing, tag, , entity] = match;
    if (whole === '&' || whole === '<') {
      return {
        error: `Bad Request: can't parse entities: unexpected "${whole}" at byte offset ${match.index}`,
      };
    }
    if (entity !== undefined) {
      if (!/^(amp|lt|gt|quot|#\d+)$/.test(entity)) {
        return { error: `Bad Request: can't parse entities: unsupported entity "&${entity};"` };
      }
      continue;
    }
    const name = (tag ?? '').toLowerCase();
    if (!ALLOWED_TAGS.has(name))
      return { error: `Bad Request: can't parse entities: unsupported start tag "${name}"` };
    if (closing) {
      if (stack.pop() !== name)
        return { error: `Bad Request: can't parse entities: unmatched end tag "${name}"` };
    } else stack.push(name);
  }
  if (stack.length)
    return {
      error: `Bad Request: can't parse entities: can't find end tag corresponding to start tag "${stack.at(-1)}"`,
    };
  return text
    .replace(/<[^>]+>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replaceAll('&amp;', '&');
}

function normalizeChatId(value: unknown): number | string {
  if (typeof value === 'number') return value;
  const text = String(value ?? '');
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

/** Request parameters from JSON, form or multipart (where objects arrive as JSON strings). */
function paramsOf(request: RecordedRequest): Record<string, unknown> {
  if (request.json && typeof request.json === 'object') return request.json as Record<string, unknown>;
  const raw: Record<string, string | Buffer> = { ...request.form, ...request.multipart };
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (Buffer.isBuffer(value)) params[key] = value;
    else if (/^[[{]/.test(value)) {
      try {
        params[key] = JSON.parse(value);
      } catch {
        params[key] = value;
      }
    } else params[key] = value;
  }
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' && value.startsWith('attach://'))
      params[key] = params[value.slice(9)] ?? value;
  }
  return params;
}

/**
 * A loopback Telegram Bot API for tests and sandbox mode: `POST /bot<token>/<method>` answering
 * `{ok:true,result}` or `{ok:false,error_code,description,parameters}`. It keeps the messages the
 * bot sends per chat (HTML is checked the way Telegram checks it, as are the 4096 / 1024 limits
 * and the 64-byte button data), applies edits, answers callback queries, and lets a test press
 * an inline button: the `callback_query` update goes to the registered webhook (with the
 * secret-token header) or to `getUpdates` long polling. Errors, 429s included, are scriptable.
 *
 * @example
 * ```ts
 * const telegram = await createTelegramFake();
 * const messenger = createTelegramMessenger({ apiRoot: telegram.url, callbackSecret });
 * const [message] = telegram.messages(42);
 * await telegram.pressButton({ chatId: 42, messageId: message.messageId, fromUserId: 7, button: '✅ Approve' });
 * ```
 */
export async function createTelegramFake(options: TelegramFakeOptions = {}): Promise<TelegramFake> {
  const token = options.token ?? '123456789:TEST-fake-token';
  const botId = Number(token.split(':')[0]) || 123456789;
  const maxPoll = options.maxPollSeconds ?? 10;
  const server = await FakeServer.start('telegram');
  const botInfo = {
    id: botId,
    is_bot: true as const,
    first_name: 'RelayPost Test Bot',
    username: 'relaypost_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  };
  const chats = new Map<string, TelegramFakeMessage[]>();
  const callbackAnswers: TelegramFake['callbackAnswers'] = [];
  const answerWaiters = new Map<string, Array<(answer: { text?: string; showAlert?: boolean }) => void>>();
  const scripted: Array<{ method: string; error: TelegramFakeError; remaining: number }> = [];
  const updates: Array<{ update_id: number } & Record<string, unknown>> = [];
  let pollWaiters: Array<() => void> = [];
  let webhook: { url: string; secretToken: string | null } | null = null;
  let nextMessageId = 1;
  let nextUpdateId = 1;
  let closed = false;

  const ok = (result: unknown): FakeResponse => ({ status: 200, body: { ok: true, result } });
  const fail = (code: number, description: string, parameters?: Record<string, unknown>): FakeResponse => ({
    status: code,
    body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) },
  });
  const wakePollers = () => {
    const waiters = pollWaiters;
    pollWaiters = [];
    for (const wake of waiters) wake();
  };
  const chatKey = (chatId: number | string) => String(chatId);
  const findMessage = (chatId: number | string, messageId: number) =>
    chats.get(chatKey(chatId))?.find((m) => m.messageId === messageId);
  const messageObject = (m: TelegramFakeMessage) => ({
    message_id: m.messageId,
    date: m.date,
    chat:
      typeof m.chatId === 'number' && m.chatId > 0
        ? { id: m.chatId, type: 'private', first_name: 'Approver' }
        : { id: m.chatId, type: 'group', title: 'Approvers' },
    from: { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username },
    ...(m.edits ? { edit_date: m.date + m.edits } : {}),
    ...(m.kind === 'text' ? { text: m.plain } : {}),
    ...(m.kind === 'photo'
      ? {
          photo: [
            {
              file_id: `photo-${m.messageId}`,
              file_unique_id: `u-${m.messageId}`,
              width: 800,
              height: 600,
              file_size: m.photo?.length ?? 0,
            },
          ],
          ...(m.plain ? { caption: m.plain } : {}),
        }
      : {}),
    ...(m.replyMarkup?.inline_keyboard.length ? { reply_markup: m.replyMarkup } : {}),
  });
  const checkMarkup = (markup: unknown): FakeInlineKeyboard | null | { error: string } => {
    if (markup === undefined || markup === null) return null;
    const keyboard = markup as FakeInlineKeyboard;
    if (!Array.isArray(keyboard.inline_keyboard))
      return { error: 'Bad Request: object expected as reply markup' };
    for (const row of keyboard.inline_keyboard) {
      for (const button of row) {
        const data = button.callback_data;
        if (data !== undefined && (Buffer.byteLength(data) < 1 || Buffer.byteLength(data) > 64))
          return { error: 'Bad Request: BUTTON_DATA_INVALID' };
      }
    }
    return keyboard;
  };
  const render = (text: unknown, parseMode: unknown, limit: number, tooLong: string) => {
    const raw = typeof text === 'string' ? text : '';
    const plain = parseMode === 'HTML' ? parseHtml(raw) : raw;
    if (typeof plain !== 'string') return plain;
    if (plain.length > limit) return { error: tooLong };
    return { plain, raw };
  };

  const methods: Record<string, (p: Record<string, unknown>) => FakeResponse | Promise<FakeResponse>> = {
    getMe: () => ok(botInfo),
    sendMessage: (p) => {
      const rendered = render(p.text, p.parse_mode, 4096, 'Bad Request: message is too long');
      if ('error' in rendered) return fail(400, rendered.error);
      if (!rendered.plain.trim()) return fail(400, 'Bad Request: message text is empty');
      const markup = checkMarkup(p.reply_markup);
      if (markup && 'error' in markup) return fail(400, markup.error);
      const message: TelegramFakeMessage = {
        chatId: normalizeChatId(p.chat_id),
        messageId: nextMessageId++,
        kind: 'text',
        text: rendered.raw,
        plain: rendered.plain,
        ...(typeof p.parse_mode === 'string' ? { parseMode: p.parse_mode } : {}),
        replyMarkup: markup,
        edits: 0,
        date: Math.floor(Date.now() / 1000),
      };
      const list = chats.get(chatKey(message.chatId)) ?? [];
      list.push(message);
      chats.set(chatKey(message.chatId), list);
      return ok(messageObject(message));
    },
    sendPhoto: (p) => {
      const rendered = render(p.caption, p.parse_mode, 1024, 'Bad Request: message caption is too long');
      if ('error' in rendered) return fail(400, rendered.error);
      if (!Buffer.isBuffer(p.photo) && typeof p.photo !== 'string')
        return fail(400, 'Bad Request: there is no photo in the request');
      const markup = checkMarkup(p.reply_markup);
      if (markup && 'error' in markup) return fail(400, markup.error);
      const message: TelegramFakeMessage = {
        chatId: normalizeChatId(p.chat_id),
        messageId: nextMessageId++,
        kind: 'photo',
        caption: rendered.raw,
        plain: rendered.plain,
        ...(typeof p.parse_mode === 'string' ? { parseMode: p.parse_mode } : {}),
        ...(Buffer.isBuffer(p.photo) ? { photo: p.photo } : {}),
        replyMarkup: markup,
        edits: 0,
        date: Math.floor(Date.now() / 1000),
      };
      const list = chats.get(chatKey(message.chatId)) ?? [];
      list.push(message);
      chats.set(chatKey(message.chatId), list);
      return ok(messageObject(message));
    },
    editMessageText: (p) => {
      const message = findMessage(normalizeChatId(p.chat_id), Number(p.message_id));
      if (!message) return fail(400, 'Bad Request: message to edit not found');
      if (message.kind !== 'text') return fail(400, 'Bad Request: there is no text in the message to edit');
      const rendered = render(p.text, p.parse_mode, 4096, 'Bad Request: MESSAGE_TOO_LONG');
      if ('error' in rendered) return fail(400, rendered.error);
      const markup = checkMarkup(p.reply_markup);
      if (markup && 'error' in markup) return fail(400, markup.error);
      if (rendered.raw === message.text && JSON.stringify(markup) === JSON.stringify(message.replyMarkup)) {
        return fail(
          400,
          'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
        );
      }
      Object.assign(message, {
        text: rendered.raw,
        plain: rendered.plain,
        replyMarkup: markup,
        edits: message.edits + 1,
      });
      return ok(messageObject(message));
    },
    editMessageCaption: (p) => {
      const message = findMessage(normalizeChatId(p.chat_id), Number(p.message_id));
      if (!message) return fail(400, 'Bad Request: message to edit not found');
      if (message.kind !== 'photo')
        return fail(400, 'Bad Request: there is no caption in the message to edit');
      const rendered = render(p.caption, p.parse_mode, 1024, 'Bad Request: MEDIA_CAPTION_TOO_LONG');
      if ('error' in rendered) return fail(400, rendered.error);
      const markup = checkMarkup(p.reply_markup);
      if (markup && 'error' in markup) return fail(400, markup.error);
      if (
        rendered.raw === message.caption &&
        JSON.stringify(markup) === JSON.stringify(message.replyMarkup)
      ) {
        return fail(400, 'Bad Request: message is not modified');
      }
      Object.assign(message, {
        caption: rendered.raw,
        plain: rendered.plain,
        replyMarkup: markup,
        edits: message.edits + 1,
      });
      return ok(messageObject(message));
    },
    editMessageReplyMarkup: (p) => {
      const message = findMessage(normalizeChatId(p.chat_id), Number(p.message_id));
      if (!message) return fail(400, 'Bad Request: message to edit not found');
      const markup = checkMarkup(p.reply_markup);
      if (markup && 'error' in markup) return fail(400, markup.error);
      if (JSON.stringify(markup) === JSON.stringify(message.replyMarkup))
        return fail(400, 'Bad Request: message is not modified');
      Object.assign(message, { replyMarkup: markup, edits: message.edits + 1 });
      return ok(messageObject(message));
    },
    answerCallbackQuery: (p) => {
      const id = String(p.callback_query_id ?? '');
      if (!id)
        return fail(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
      const answer = {
        ...(typeof p.text === 'string' ? { text: p.text } : {}),
        ...(p.show_alert === true || p.show_alert === 'true' ? { showAlert: true } : {}),
      };
      callbackAnswers.push({ callbackQueryId: id, ...answer });
      for (const resolve of answerWaiters.get(id) ?? []) resolve(answer);
      answerWaiters.delete(id);
      return ok(true);
    },
    setWebhook: (p) => {
      const url = String(p.url ?? '');
      const secretToken = typeof p.secret_token === 'string' ? p.secret_token : null;
      if (secretToken !== null && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken))
        return fail(400, 'Bad Request: secret token contains unallowed characters');
      webhook = url ? { url, secretToken } : null;
      if (webhook) wakePollers();
      return ok(true);
    },
    deleteWebhook: (p) => {
      webhook = null;
      if (p.drop_pending_updates === true || p.drop_pending_updates === 'true') updates.length = 0;
      return ok(true);
    },
    getWebhookInfo: () =>
      ok({
        url: webhook?.url ?? '',
        has_custom_certificate: false,
        pending_update_count: webhook ? 0 : updates.length,
      }),
    getUpdates: async (p) => {
      if (webhook)
        return fail(
          409,
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        );
      const offset = Number(p.offset ?? 0);
      if (offset) {
        // Confirms (drops) every update below the offset, as Telegram does.
        while (updates.length && (updates[0]?.update_id ?? 0) < offset) updates.shift();
      }
      const limit = Math.min(Number(p.limit ?? 100) || 100, 100);
      const timeout = Math.min(Number(p.timeout ?? 0) || 0, maxPoll);
      const pending = () => updates.filter((u) => u.update_id >= offset).slice(0, limit);
      if (!pending().length && timeout > 0 && !closed) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeout * 1000);
          pollWaiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      if (webhook) return fail(409, 'Conflict: terminated by setWebhook request');
      return ok(pending());
    },
  };

  server.route('POST', '/:bot/:method', async (request, params) => {
    if (params.bot !== `bot${token}`) return fail(401, 'Unauthorized');
    const method = params.method ?? '';
    const handler = methods[method];
    if (!handler) return fail(404, 'Not Found');
    const index = scripted.findIndex((s) => s.method === method);
    const script = scripted[index];
    if (script) {
      script.remaining -= 1;
      if (script.remaining <= 0) scripted.splice(index, 1);
      const { error_code, description, retry_after } = script.error;
      return fail(error_code, description, retry_after !== undefined ? { retry_after } : undefined);
    }
    return handler(paramsOf(request));
  });

  return {
    url: server.url,
    token,
    botInfo,
    server,
    messages: (chatId) =>
      chatId === undefined ? [...chats.values()].flat() : [...(chats.get(chatKey(chatId)) ?? [])],
    message: (chatId, messageId) => findMessage(chatId, messageId),
    callbackAnswers,
    get webhook() {
      return webhook;
    },
    async pressButton(input) {
      const message = findMessage(input.chatId, input.messageId);
      if (!message) throw new Error(`telegram fake: no message ${input.messageId} in chat ${input.chatId}`);
      const buttons = message.replyMarkup?.inline_keyboard.flat() ?? [];
      const data =
        input.data ??
        (input.button ? buttons.find((b) => b.text === input.button) : buttons[0])?.callback_data;
      if (data === undefined) throw new Error(`telegram fake: message ${input.messageId} has no such button`);
      const callbackQueryId = randomUUID().replaceAll('-', '').slice(0, 19);
      const update = {
        update_id: nextUpdateId++,
        callback_query: {
          id: callbackQueryId,
          from: {
            id: input.fromUserId,
            is_bot: false,
            first_name: input.fromName ?? `User ${input.fromUserId}`,
          },
          message: messageObject(message),
          chat_instance: `ci-${chatKey(message.chatId)}`,
          data,
        },
      };
      if (webhook) {
        const response = await fetch(webhook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(webhook.secretToken ? { 'x-telegram-bot-api-secret-token': webhook.secretToken } : {}),
          },
          body: JSON.stringify(update),
        });
        await response.arrayBuffer();
        return { updateId: update.update_id, callbackQueryId, delivered: 'webhook', status: response.status };
      }
      updates.push(update);
      wakePollers();
      return { updateId: update.update_id, callbackQueryId, delivered: 'polling' };
    },
    waitForAnswer(callbackQueryId, timeoutMs = 5000) {
      const existing = callbackAnswers.find((a) => a.callbackQueryId === callbackQueryId);
      if (existing) {
        const { callbackQueryId: _, ...answer } = existing;
        return Promise.resolve(answer);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `telegram fake: callback query ${callbackQueryId} was not answered in ${timeoutMs} ms`,
              ),
            ),
          timeoutMs,
        );
        const list = answerWaiters.get(callbackQueryId) ?? [];
        list.push((answer) => {
          clearTimeout(timer);
          resolve(answer);
        });
        answerWaiters.set(callbackQueryId, list);
      });
    },
    failNext(method, error, times = 1) {
      scripted.push({ method, error, remaining: times });
    },
    rateLimitNext(method, retryAfterSeconds, times = 1) {
      scripted.push({
        method,
        error: {
          error_code: 429,
          description: `Too Many Requests: retry after ${retryAfterSeconds}`,
          retry_after: retryAfterSeconds,
        },
        remaining: times,
      });
    },
    async close() {
      closed = true;
      wakePollers();
      await server.close();
    },
  };
}
