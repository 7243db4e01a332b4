import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCodecServer, createEncryptionCodec, type EncryptionKey } from '@relaypost/workflows';

/**
 * The Temporal UI's remote codec, for a worker with a `CODEC_AUTH_TOKEN`: it decrypts history for
 * whoever calls it, so callers must send `Authorization: Bearer <token>`. The header is compared
 * by hash, in constant time, and never logged.
 *
 * @example
 * ```ts
 * const codec = codecEndpoint({ keys: config.RELAYPOST_ENCRYPTION_KEYS, token: config.CODEC_AUTH_TOKEN });
 * await startWorkerHttp({ ...options, codec });
 * ```
 */
export function codecEndpoint(options: {
  keys: readonly EncryptionKey[];
  token: string;
  corsOrigins?: readonly string[];
}): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  const expected = digest(`Bearer ${options.token}`);
  return createCodecServer({
    codec: createEncryptionCodec({ keys: options.keys }),
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
    authorize: (request) => timingSafeEqual(digest(request.headers.authorization ?? ''), expected),
  });
}
