import {
  ContentRejectedError,
  NeedsReconnectError,
  type PlatformError,
  RateLimitedError,
  TransientError,
} from '@relaypost/core';
import { GrammyError, HttpError } from 'grammy';

const PLATFORM = 'telegram';

/**
 * Maps a grammY failure to RelayPost's error family. 429 → `RateLimitedError` (Telegram's
 * `retry_after`); 401/404 → `NeedsReconnectError` (the bot token is wrong or revoked); other 4xx
 * → `ContentRejectedError`; 5xx and network failures → `TransientError`. The bot token is
 * scrubbed from every message.
 */
export function mapTelegramError(error: unknown, token: string): PlatformError | Error {
  const scrub = (text: string) => (token ? text.split(token).join('[redacted]') : text);
  if (error instanceof GrammyError) {
    const code = error.error_code;
    const detail = scrub(`${error.method}: ${error.description}`);
    const common = { platform: PLATFORM, status: code, platformCode: String(code) };
    if (code === 429) {
      const seconds = error.parameters?.retry_after;
      return new RateLimitedError({
        ...common,
        message: `Telegram rate limit (${detail})`,
        retryAfterMs: typeof seconds === 'number' ? seconds * 1000 : undefined,
        scope: 'app',
      });
    }
    if (code === 401 || code === 404) {
      return new NeedsReconnectError({
        ...common,
        message: `the workspace's Telegram bot token was rejected (${detail}); set a valid token from @BotFather`,
      });
    }
    if (code >= 500) return new TransientError({ ...common, message: `Telegram server error (${detail})` });
    return new ContentRejectedError({
      ...common,
      message: `Telegram refused the call (${detail})`,
      platformMessage: scrub(error.description),
    });
  }
  if (error instanceof HttpError) {
    // The inner error may carry the request URL, and with it the token: keep only its name.
    const inner = error.error instanceof Error ? error.error.name : 'network error';
    return new TransientError({ platform: PLATFORM, message: scrub(`${error.message} (${inner})`) });
  }
  if (error instanceof Error) {
    error.message = scrub(error.message);
    return error;
  }
  return new Error(scrub(String(error)));
}
