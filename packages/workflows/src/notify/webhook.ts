import { createHmac, timingSafeEqual } from 'node:crypto';
import { ContentRejectedError, RateLimitedError, TransientError } from '@relaypost/core';

/** The body RelayPost posts to the host app's webhook. */
export interface WebhookEvent {
  id: string;
  type: 'post.published' | 'post.partially_published' | 'post.failed' | 'post.rejected' | 'post.cancelled';
  workspaceId: string;
  postId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** Sends signed webhooks (HMAC-SHA256 over timestamp and body) to the host app. */
export interface WebhookNotifier {
  send(input: { url: string; secret: string | null; event: WebhookEvent }): Promise<void>;
}

export interface WebhookNotifierOptions {
  /** Injectable fetch (tests, proxies). Default: the global fetch. */
  fetch?: typeof fetch;
  /** How long one delivery may take. Default 10 000 ms. */
  timeoutMs?: number;
  /** Sent as `User-Agent`. Default `RelayPost-Webhook/1`. */
  userAgent?: string;
}

const PLATFORM = 'webhook';

/** The `X-RelayPost-Signature` value: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function signWebhookBody(secret: string, body: string, timestampSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}

/**
 * Posts outcome events as JSON with `X-RelayPost-Event`, `X-RelayPost-Delivery` (the event id:
 * deduplicate on it, a retried delivery repeats it) and `X-RelayPost-Signature`. A 2xx answer is
 * success; 408, 429, 5xx and network failures are retried by Temporal; other answers are final.
 *
 * @example
 * ```ts
 * const webhooks = createWebhookNotifier({ timeoutMs: 5000 });
 * await webhooks.send({ url: 'https://app.example.com/hooks/relaypost', secret, event });
 * ```
 */
export function createWebhookNotifier(options: WebhookNotifierOptions = {}): WebhookNotifier {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const userAgent = options.userAgent ?? 'RelayPost-Webhook/1';
  return {
    async send({ url, secret, event }) {
      const body = JSON.stringify(event);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': userAgent,
        'x-relaypost-event': event.type,
        'x-relaypost-delivery': event.id,
      };
      if (secret)
        headers['x-relaypost-signature'] = signWebhookBody(secret, body, Math.floor(Date.now() / 1000));
      let response: Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const timedOut =
          error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        throw new TransientError({
          platform: PLATFORM,
          message: timedOut
            ? `the webhook endpoint did not answer within ${timeoutMs} ms`
            : `the webhook endpoint could not be reached (${describeNetworkError(error)})`,
        });
      }
      const text = await response.text().catch(() => '');
      if (response.ok) return;
      const status = response.status;
      if (status === 429) {
        throw new RateLimitedError({
          platform: PLATFORM,
          message: 'the webhook endpoint answered 429 Too Many Requests',
          status,
          responseBody: text,
          retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
          scope: 'app',
        });
      }
      if (status === 408 || status >= 500) {
        throw new TransientError({
          platform: PLATFORM,
          message: `the webhook endpoint answered ${status}`,
          status,
          responseBody: text,
        });
      }
      throw new ContentRejectedError({
        platform: PLATFORM,
        message: `the webhook endpoint refused the delivery with ${status}${status >= 300 && status < 400 ? ' (redirects are not followed: configure the final URL)' : ''}`,
        status,
        responseBody: text,
      });
    },
  };
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return cause instanceof Error ? cause.message : 'network error';
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface VerifyWebhookSignatureInput {
  /** The webhook secret configured for the workspace. */
  secret: string;
  /** The `X-RelayPost-Signature` header as received. */
  header: string | null | undefined;
  /** The raw request body, exactly as received (not re-serialized JSON). */
  body: string | Uint8Array;
  /** How old (or how far in the future) the timestamp may be. Default 300 seconds. */
  toleranceSeconds?: number;
  /** Current time in ms, for tests. */
  now?: number;
}

/**
 * For host apps: checks that a webhook came from RelayPost and is fresh. Compares in constant time
 * and accepts any of several `v1=` values (sent while a secret is rotated).
 *
 * @example
 * ```ts
 * const ok = verifyWebhookSignature({
 *   secret: process.env.RELAYPOST_WEBHOOK_SECRET!,
 *   header: req.headers['x-relaypost-signature'] as string,
 *   body: rawBody,
 * });
 * if (!ok) return res.writeHead(401).end();
 * ```
 */
export function verifyWebhookSignature(input: VerifyWebhookSignatureInput): boolean {
  if (!input.header) return false;
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of input.header.split(',')) {
    const [key, value] = part.trim().split('=', 2) as [string, string | undefined];
    if (value === undefined) continue;
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  const tolerance = input.toleranceSeconds ?? 300;
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - timestamp) > tolerance) return false;
  const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : Buffer.from(input.body);
  const expected = createHmac('sha256', input.secret).update(`${timestamp}.`).update(body).digest();
  let match = false;
  for (const signature of signatures) if (timingSafeEqual(signature, expected)) match = true;
  return match;
}
