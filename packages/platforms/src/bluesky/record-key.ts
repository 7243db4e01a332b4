/**
 * Deterministic record keys. `app.bsky.feed.post` records are keyed by TID (lexicon
 * `key: "tid"`; atproto.com/specs/tid): 13 characters of base32-sortable
 * (`234567abcdefghijklmnopqrstuvwxyz`) encoding a 64-bit integer whose top bit is 0, then 53
 * bits of microseconds since the epoch and 10 bits of clock id. The PDS refuses any other key.
 *
 * RelayPost derives the key from a hash of the idempotency key and the thread part index, so a
 * retry writes to the same key and can never create a second post. ⚠ The TID's timestamp is
 * therefore not the publish time: it falls inside a fixed window in 2023 (a past time, since
 * some services may distrust keys from the future), which only affects listing order by key.
 */

import { createHash } from 'node:crypto';

const ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';
/** 2023-01-01T00:00:00Z in microseconds. */
const WINDOW_START_US = 1_672_531_200_000_000n;
/** 2^45 µs ≈ 407 days of hash-chosen timestamps, plus 10 bits of clock id: 55 bits of hash. */
const WINDOW_BITS = 45n;

const TID_PATTERN = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

/**
 * Whether `value` is a syntactically valid TID.
 *
 * @example
 * ```ts
 * isTid('3jzfcijpj2z2a') // true
 * ```
 */
export function isTid(value: string): boolean {
  return TID_PATTERN.test(value);
}

/**
 * Encodes microseconds and a clock id (0–1023) as a TID.
 *
 * @example
 * ```ts
 * encodeTid(0n, 0) // '2222222222222'
 * ```
 */
export function encodeTid(micros: bigint, clockId: number): string {
  let value = (micros << 10n) | BigInt(clockId & 0x3ff);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = ALPHABET.charAt(Number(value & 31n)) + out;
    value >>= 5n;
  }
  return out;
}

/**
 * The record key for one part of a post: the same inputs always give the same TID. Synchronous:
 * a thousand posts due in one second each need one, on the way to their request.
 *
 * @example
 * ```ts
 * recordKeyFor('target-123', 0) // e.g. '3b5kxgq2m4z7a'
 * ```
 */
export function recordKeyFor(idempotencyKey: string, partIndex: number): string {
  const digest = createHash('sha256').update(`relaypost:bluesky:${idempotencyKey}:${partIndex}`).digest();
  const bits = digest.readBigUInt64BE(0);
  const micros = WINDOW_START_US + (bits & ((1n << WINDOW_BITS) - 1n));
  const clockId = Number((bits >> WINDOW_BITS) & 0x3ffn);
  return encodeTid(micros, clockId);
}

/**
 * The parts of an `at://did/collection/rkey` URI, or null when it is not one.
 *
 * @example
 * ```ts
 * parseAtUri('at://did:plc:abc/app.bsky.feed.post/3jzfcijpj2z2a')?.rkey // '3jzfcijpj2z2a'
 * ```
 */
export function parseAtUri(uri: string): { repo: string; collection: string; rkey: string } | null {
  const match = /^at:\/\/([^/]+)\/([^/]+)\/([^/?#]+)$/.exec(uri);
  if (!match) return null;
  return { repo: match[1] ?? '', collection: match[2] ?? '', rkey: match[3] ?? '' };
}
