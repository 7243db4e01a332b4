/**
 * The one Telegram call this app makes itself: the settings page's "send test message". (The
 * SDK has no method for it; approvals themselves are sent by the worker.)
 */

export interface TelegramSendResult {
  chatId: string | number;
  ok: boolean;
  /** Telegram's `description` or the network error, when not ok. */
  error?: string;
}

/**
 * Sends `text` to each chat through the Bot API's `sendMessage`, at `apiRoot`
 * (`TELEGRAM_API_ROOT`, default `https://api.telegram.org`; the sandbox fake in dev mode).
 * Never throws: each chat gets its own result, and the bot token never appears in one.
 *
 * @example
 * ```ts
 * const results = await sendTelegramTestMessage({
 *   apiRoot: 'https://api.telegram.org', botToken, chatIds: [123456], text: 'Hello from RelayPost',
 * });
 * ```
 */
export async function sendTelegramTestMessage(input: {
  apiRoot: string;
  botToken: string;
  chatIds: ReadonlyArray<string | number>;
  text: string;
  fetch?: typeof fetch;
}): Promise<TelegramSendResult[]> {
  const fetchImpl = input.fetch ?? fetch;
  const url = `${input.apiRoot.replace(/\/+$/, '')}/bot${input.botToken}/sendMessage`;
  const results: TelegramSendResult[] = [];
  for (const chatId of input.chatIds) {
    try {
      const response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat_id: chatId, text: input.text }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await response.json().catch(() => null)) as { ok?: boolean; description?: string } | null;
      if (response.ok && body?.ok) results.push({ chatId, ok: true });
      else results.push({ chatId, ok: false, error: body?.description ?? `HTTP ${response.status}` });
    } catch (error) {
      // The URL holds the token: report the kind of failure, never the message with the URL.
      const name = error instanceof Error ? error.name : 'Error';
      results.push({ chatId, ok: false, error: name === 'TimeoutError' ? 'timed out' : 'network error' });
    }
  }
  return results;
}
