import { hasMarker, stamp } from './marker.js';
import { RelayPostError } from './relaypost-error.js';

/** A ciphertext could not be opened: tampered, truncated, or sealed with a key we do not hold. */
export class DecryptionError extends RelayPostError {
  readonly keyId: string | undefined;

  constructor(message: string, keyId?: string, options?: { cause?: unknown }) {
    super('decryption', message, options);
    this.name = 'DecryptionError';
    this.keyId = keyId;
    stamp(this, 'decryption');
  }

  static override isInstance(error: unknown): error is DecryptionError {
    return hasMarker(error, 'decryption');
  }
}
