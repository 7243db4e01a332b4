import { Api } from 'grammy';

export interface TelegramSendResult {
  chatId: string | number;
  ok: boolean;
  /** Telegram's description, or the kind of network failure; never the token. */
  error?: string;
}

/**
 * Sends `text` to each approver chat with grammY's Bot API client (the SDK has no method for a
 * test message; approvals themselves are sent by the worker). Never throws: each chat gets its
 * own result.
 *
 * @example
 * ```ts
 * const results = await sendTelegramTestMessage({ apiRoot, botToken, chatIds: [42], text: 'Hello' });
 * ```
 */
export async function sendTelegramTestMessage(input: {
  apiRoot: string;
  botToken: string;
  chatIds: ReadonlyArray<string | number>;
  text: string;
}): Promise<TelegramSendResult[]> {
  const api = new Api(input.botToken, { apiRoot: input.apiRoot.replace(/\/+$/, ''), timeoutSeconds: 10 });
  const results: TelegramSendResult[] = [];
  for (const chatId of input.chatIds) {
    try {
      await api.sendMessage(chatId, input.text);
      results.push({ chatId, ok: true });
    } catch (error) {
      // grammY's GrammyError carries Telegram's description; an HttpError's message holds the URL (and so the token).
      const description = (error as { description?: unknown }).description;
      results.push({
        chatId,
        ok: false,
        error: typeof description === 'string' ? description : 'network error',
      });
    }
  }
  return results;
}
