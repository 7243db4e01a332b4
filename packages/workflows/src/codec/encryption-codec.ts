import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { ConfigurationError, DecryptionError } from '@relaypost/core';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

const ProtoPayload = proto.temporal.api.common.v1.Payload;

/** The `encoding` metadata of an encrypted payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata key naming the key that sealed the payload. */
export const ENCRYPTION_KEY_ID_KEY = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface EncryptionKey {
  /** Stored beside every payload it seals; never reuse an id for different key material. */
  id: string;
  /** 32 random bytes, base64. Make one with `openssl rand -base64 32`. */
  key: string;
}

export interface EncryptionCodecOptions {
  /** Every key that may still be needed to read history; old keys stay here after a rotation. */
  keys: readonly EncryptionKey[];
  /** The key new payloads are sealed with. Default: the first key. */
  primaryKeyId?: string;
}

/** The codec, plus which key it seals with. */
export interface EncryptionCodec extends PayloadCodec {
  readonly primaryKeyId: string;
}

/**
 * A Temporal payload codec that seals every payload with AES-256-GCM, so workflow inputs, results
 * and activity arguments are ciphertext on the Temporal server and in its UI. The whole original
 * payload (metadata and data, proto-encoded) is the plaintext; the key id is bound to it as
 * additional authenticated data. Rotation: put the new key first (or name it `primaryKeyId`) and
 * keep the old ones while histories sealed with them are still around.
 *
 * @example
 * ```ts
 * const codec = createEncryptionCodec({ keys: [{ id: '2026-01', key: process.env.RELAYPOST_PAYLOAD_KEY! }] });
 * const dataConverter = { payloadCodecs: [codec] };
 * await Client.connect({ dataConverter }); await Worker.create({ dataConverter, ... });
 * ```
 */
export function createEncryptionCodec(options: EncryptionCodecOptions): EncryptionCodec {
  if (options.keys.length === 0) throw new ConfigurationError('the payload codec needs at least one key');
  // Key objects, not raw bytes: a cipher made from bytes imports the key again every time.
  const keys = new Map<string, KeyObject>();
  for (const { id, key } of options.keys) {
    if (!id || id.length > 100) throw new ConfigurationError('payload key ids must be 1-100 characters');
    if (keys.has(id)) throw new ConfigurationError(`payload key id "${id}" is listed twice`);
    const bytes = Buffer.from(key, 'base64');
    if (bytes.length !== 32 || bytes.toString('base64') !== key.trim()) {
      throw new ConfigurationError(
        `payload key "${id}" must be 32 bytes, base64-encoded (openssl rand -base64 32)`,
      );
    }
    keys.set(id, createSecretKey(bytes));
  }
  const primaryKeyId = options.primaryKeyId ?? options.keys[0]!.id;
  const primary = keys.get(primaryKeyId);
  if (!primary) throw new ConfigurationError(`primaryKeyId "${primaryKeyId}" is not among the keys`);

  return {
    primaryKeyId,

    async encode(payloads: Payload[]): Promise<Payload[]> {
      return payloads.map((payload) => {
        const plaintext = ProtoPayload.encode(payload).finish();
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', primary, iv);
        cipher.setAAD(encoder.encode(primaryKeyId));
        const sealed = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
        return {
          metadata: {
            encoding: encoder.encode(ENCRYPTED_ENCODING),
            [ENCRYPTION_KEY_ID_KEY]: encoder.encode(primaryKeyId),
          },
          data: new Uint8Array(sealed),
        };
      });
    },

    async decode(payloads: Payload[]): Promise<Payload[]> {
      return payloads.map((payload) => {
        const encoding = payload.metadata?.encoding;
        if (!encoding || decoder.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
        const rawKeyId = payload.metadata?.[ENCRYPTION_KEY_ID_KEY];
        if (!rawKeyId) throw new DecryptionError('encrypted payload has no encryption-key-id metadata');
        const keyId = decoder.decode(rawKeyId);
        const key = keys.get(keyId);
        if (!key) {
          throw new DecryptionError(
            `payload was encrypted with key "${keyId}", which this codec does not hold (known: ${[...keys.keys()].join(', ')}); add the old key to the codec's keys`,
            keyId,
          );
        }
        const data = Buffer.from(payload.data ?? new Uint8Array());
        if (data.length < IV_BYTES + TAG_BYTES)
          throw new DecryptionError('encrypted payload is truncated', keyId);
        let plaintext: Buffer;
        try {
          const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
          decipher.setAAD(encoder.encode(keyId));
          decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
          plaintext = Buffer.concat([
            decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
            decipher.final(),
          ]);
        } catch (error) {
          throw new DecryptionError(
            `payload sealed with key "${keyId}" failed authentication (tampered or corrupt)`,
            keyId,
            {
              cause: error,
            },
          );
        }
        const decoded = ProtoPayload.decode(plaintext);
        return { metadata: decoded.metadata ?? {}, data: decoded.data ?? new Uint8Array() };
      });
    },
  };
}
