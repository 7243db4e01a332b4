export { DecryptionError } from './decryption-error.js';
export {
  ContentRejectedError,
  NeedsReconnectError,
  PlatformError,
  type PlatformErrorInit,
  type PlatformErrorKind,
  RateLimitedError,
  type SerializedPlatformError,
  TransientError,
  UnknownOutcomeError,
} from './platform-errors.js';
export {
  ConfigurationError,
  ConflictError,
  NotFoundError,
  RelayPostError,
  type RelayPostErrorCode,
} from './relaypost-error.js';
export { parseOrThrow, ValidationError, type ValidationIssue } from './validation-error.js';
