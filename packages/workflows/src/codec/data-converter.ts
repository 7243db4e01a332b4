import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { createEncryptionCodec, type EncryptionKey } from './encryption-codec.js';

/**
 * The file exporting RelayPost's failure converter: beside the built bundle in `dist/`, or the
 * TypeScript source when running from `src/` (tests).
 */
export const failureConverterPath = [
  new URL('./failure-converter.js', import.meta.url),
  new URL('./failure-converter.ts', import.meta.url),
]
  .map((url) => fileURLToPath(url))
  .find((path) => existsSync(path)) as string;

/**
 * The data converter every RelayPost client and worker uses: payloads encrypted with the given
 * keys, and failure messages and stack traces encrypted too (Temporal keeps those in history in
 * clear text otherwise, and a platform's error can quote the post).
 *
 * @example
 * ```ts
 * const dataConverter = createRelayPostDataConverter({ keys: [{ id: 'k1', key }] });
 * const client = new Client({ connection, dataConverter });
 * ```
 */
export function createRelayPostDataConverter(options: { keys: readonly EncryptionKey[] }): DataConverter {
  return {
    payloadCodecs: [createEncryptionCodec({ keys: options.keys })],
    failureConverterPath,
  };
}
