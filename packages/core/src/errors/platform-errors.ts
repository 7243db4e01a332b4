import { redactText } from '../crypto/redact.js';
import { hasMarker, stamp } from './marker.js';
import { RelayPostError } from './relaypost-error.js';

/** What a caller should do about a failed platform call. */
export type PlatformErrorKind =
  | 'rate_limited'
  | 'transient'
  | 'needs_reconnect'
  | 'content_rejected'
  | 'unknown_outcome';

export interface PlatformErrorInit {
  platform: string;
  message: string;
  /** HTTP status of the platform's answer, if one arrived. */
  status?: number;
  /** The platform's response body; it is redacted and cut to 2 KB before it is kept. */
  responseBody?: unknown;
  /** The platform's own error code (`190`, `RateLimitExceeded`, `invalid_grant`...). */
  platformCode?: string;
  cause?: unknown;
}

const MAX_BODY_CHARS = 2048;

function keepBody(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  const text = typeof body === 'string' ? body : safeStringify(body);
  const redacted = redactText(text);
  return redacted.length > MAX_BODY_CHARS ? `${redacted.slice(0, MAX_BODY_CHARS)}…` : redacted;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * A platform call failed. The subclass says whether to retry, reconnect or give up;
 * `kind` carries the same answer as data for code that only sees serialized errors.
 */
export abstract class PlatformError extends RelayPostError {
  abstract readonly kind: PlatformErrorKind;
  /** True when trying again later can succeed without a person doing anything. */
  abstract readonly retryable: boolean;
  readonly platform: string;
  readonly status: number | undefined;
  readonly responseBody: string | undefined;
  readonly platformCode: string | undefined;

  protected constructor(code: PlatformErrorKind, init: PlatformErrorInit) {
    super(code, `${init.platform}: ${redactText(init.message)}`, { cause: init.cause });
    this.platform = init.platform;
    this.status = init.status;
    this.responseBody = keepBody(init.responseBody);
    this.platformCode = init.platformCode;
    stamp(this, 'platform');
  }

  static override isInstance(error: unknown): error is PlatformError {
    return hasMarker(error, 'platform');
  }

  /** A plain object that survives JSON (Temporal failure details, logs, the store). */
  toJSON(): SerializedPlatformError {
    const base: SerializedPlatformError = {
      kind: this.kind,
      platform: this.platform,
      message: this.message,
      status: this.status,
      responseBody: this.responseBody,
      platformCode: this.platformCode,
    };
    if (this instanceof RateLimitedError)
      return { ...base, retryAfterMs: this.retryAfterMs, scope: this.scope };
    if (this instanceof ContentRejectedError) {
      return { ...base, field: this.field, limit: this.limit, platformMessage: this.platformMessage };
    }
    return base;
  }
}

export interface SerializedPlatformError {
  kind: PlatformErrorKind;
  platform: string;
  message: string;
  status?: number | undefined;
  responseBody?: string | undefined;
  platformCode?: string | undefined;
  retryAfterMs?: number | undefined;
  scope?: 'account' | 'app' | undefined;
  field?: string | undefined;
  limit?: number | string | undefined;
  platformMessage?: string | undefined;
}

/**
 * The platform asked us to slow down. Retry after `retryAfterMs` (when the platform said) —
 * `scope` tells whether the limit is per account (other accounts may go on) or for the whole app.
 */
export class RateLimitedError extends PlatformError {
  readonly kind = 'rate_limited' as const;
  readonly retryable = true;
  readonly retryAfterMs: number | undefined;
  readonly scope: 'account' | 'app';

  constructor(init: PlatformErrorInit & { retryAfterMs?: number | undefined; scope?: 'account' | 'app' }) {
    super('rate_limited', init);
    this.name = 'RateLimitedError';
    this.retryAfterMs = init.retryAfterMs;
    this.scope = init.scope ?? 'account';
    stamp(this, 'rate_limited');
  }

  static override isInstance(error: unknown): error is RateLimitedError {
    return hasMarker(error, 'rate_limited');
  }
}

/** A passing failure (5xx, network error before the request was sent): safe to retry. */
export class TransientError extends PlatformError {
  readonly kind = 'transient' as const;
  readonly retryable = true;
  readonly retryAfterMs: number | undefined;

  constructor(init: PlatformErrorInit & { retryAfterMs?: number | undefined }) {
    super('transient', init);
    this.name = 'TransientError';
    this.retryAfterMs = init.retryAfterMs;
    stamp(this, 'transient');
  }

  static override isInstance(error: unknown): error is TransientError {
    return hasMarker(error, 'transient');
  }
}

/** The credentials are expired or revoked: refresh once, then the user must reconnect the account. */
export class NeedsReconnectError extends PlatformError {
  readonly kind = 'needs_reconnect' as const;
  readonly retryable = false;

  constructor(init: PlatformErrorInit) {
    super('needs_reconnect', init);
    this.name = 'NeedsReconnectError';
    stamp(this, 'needs_reconnect');
  }

  static override isInstance(error: unknown): error is NeedsReconnectError {
    return hasMarker(error, 'needs_reconnect');
  }
}

/** The platform refused the content for good (too long, bad media, duplicate...). Never retried. */
export class ContentRejectedError extends PlatformError {
  readonly kind = 'content_rejected' as const;
  readonly retryable = false;
  /** The field the platform objected to, when known. */
  readonly field: string | undefined;
  readonly limit: number | string | undefined;
  /** The platform's own words, for the user. */
  readonly platformMessage: string | undefined;

  constructor(
    init: PlatformErrorInit & {
      field?: string | undefined;
      limit?: number | string | undefined;
      platformMessage?: string | undefined;
    },
  ) {
    super('content_rejected', init);
    this.name = 'ContentRejectedError';
    this.field = init.field;
    this.limit = init.limit;
    this.platformMessage = init.platformMessage === undefined ? undefined : redactText(init.platformMessage);
    stamp(this, 'content_rejected');
  }

  static override isInstance(error: unknown): error is ContentRejectedError {
    return hasMarker(error, 'content_rejected');
  }
}

/**
 * The request may have been applied (timeout or dropped connection after it was sent).
 * Never retried blindly: look the post up first.
 */
export class UnknownOutcomeError extends PlatformError {
  readonly kind = 'unknown_outcome' as const;
  readonly retryable = false;

  constructor(init: PlatformErrorInit) {
    super('unknown_outcome', init);
    this.name = 'UnknownOutcomeError';
    stamp(this, 'unknown_outcome');
  }

  static override isInstance(error: unknown): error is UnknownOutcomeError {
    return hasMarker(error, 'unknown_outcome');
  }
}

/** Rebuilds a typed error from its serialized form (e.g. Temporal failure details). */
export function platformErrorFromJSON(data: SerializedPlatformError): PlatformError {
  const init = {
    platform: data.platform,
    message: data.message.startsWith(`${data.platform}: `)
      ? data.message.slice(data.platform.length + 2)
      : data.message,
    status: data.status,
    responseBody: data.responseBody,
    platformCode: data.platformCode,
  };
  switch (data.kind) {
    case 'rate_limited':
      return new RateLimitedError({
        ...init,
        retryAfterMs: data.retryAfterMs,
        scope: data.scope ?? 'account',
      });
    case 'transient':
      return new TransientError(init);
    case 'needs_reconnect':
      return new NeedsReconnectError(init);
    case 'content_rejected':
      return new ContentRejectedError({
        ...init,
        field: data.field,
        limit: data.limit,
        platformMessage: data.platformMessage,
      });
    case 'unknown_outcome':
      return new UnknownOutcomeError(init);
  }
}
