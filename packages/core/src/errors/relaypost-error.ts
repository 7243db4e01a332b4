import { hasMarker, stamp } from './marker.js';

/** Every error RelayPost throws on purpose has one of these codes. */
export type RelayPostErrorCode =
  | 'validation'
  | 'rate_limited'
  | 'transient'
  | 'needs_reconnect'
  | 'content_rejected'
  | 'unknown_outcome'
  | 'not_found'
  | 'conflict'
  | 'decryption'
  | 'configuration';

/**
 * The base of RelayPost's error family.
 *
 * @example
 * ```ts
 * try { await store.posts.get(ws, id) } catch (e) {
 *   if (RelayPostError.isInstance(e) && e.code === 'not_found') return null;
 *   throw e;
 * }
 * ```
 */
export class RelayPostError extends Error {
  readonly code: RelayPostErrorCode;

  constructor(code: RelayPostErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RelayPostError';
    this.code = code;
    stamp(this, 'base');
  }

  static isInstance(error: unknown): error is RelayPostError {
    return hasMarker(error, 'base');
  }
}

/** A record the caller asked for does not exist in that workspace. */
export class NotFoundError extends RelayPostError {
  readonly entity: string;
  readonly id: string;

  constructor(entity: string, id: string) {
    super('not_found', `${entity} ${id} was not found`);
    this.name = 'NotFoundError';
    stamp(this, 'not_found');
    this.entity = entity;
    this.id = id;
  }

  static override isInstance(error: unknown): error is NotFoundError {
    return hasMarker(error, 'not_found');
  }
}

/** A write lost a race (stale version) or would break a uniqueness rule. */
export class ConflictError extends RelayPostError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('conflict', message, options);
    this.name = 'ConflictError';
    stamp(this, 'conflict');
  }

  static override isInstance(error: unknown): error is ConflictError {
    return hasMarker(error, 'conflict');
  }
}

/**
 * Configuration is missing, malformed or refused (keys, URLs, options, an API key the provider
 * refused): retrying cannot help until someone changes `setting`.
 *
 * @example
 * ```ts
 * if (ConfigurationError.isInstance(e) && e.setting === "ai.anthropicApiKey") showKeyField(e.message);
 * ```
 */
export class ConfigurationError extends RelayPostError {
  /** The setting to change, when one is to blame (`ai.anthropicApiKey`, `LINKEDIN_API_VERSION`). */
  readonly setting: string | null;

  constructor(message: string, options?: { cause?: unknown; setting?: string }) {
    super('configuration', message, options);
    this.name = 'ConfigurationError';
    this.setting = options?.setting ?? null;
    stamp(this, 'configuration');
  }

  static override isInstance(error: unknown): error is ConfigurationError {
    return hasMarker(error, 'configuration');
  }
}
