import { countGraphemes } from '@relaypost/core';

/** A blob the fake holds, as `uploadBlob` stored it. */
export interface FakeBlob {
  cid: string;
  mimeType: string;
  size: number;
  owner: string;
}

/** What the record checks need to know about the fake's state. */
export interface RecordContext {
  blobs: ReadonlyMap<string, FakeBlob>;
  /** The CID of the record at an at:// URI, if the fake holds it. */
  cidOf(uri: string): string | undefined;
  repo: string;
}

/** A refusal: the XRPC error name and message. */
export interface RecordProblem {
  error: 'InvalidRequest' | 'BlobTooLarge';
  message: string;
}

const encoder = new TextEncoder();
const FEATURE_TYPES = new Set([
  'app.bsky.richtext.facet#link',
  'app.bsky.richtext.facet#mention',
  'app.bsky.richtext.facet#tag',
]);
const IMAGE_MAX_BYTES = 2_000_000;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min = 0): v is number => Number.isInteger(v) && (v as number) >= min;
const bad = (message: string): RecordProblem => ({
  error: 'InvalidRequest',
  message: `Invalid app.bsky.feed.post record: ${message}`,
});

function isUri(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** A UTF-8 offset that does not fall inside a multi-byte character. */
function onBoundary(bytes: Uint8Array, offset: number): boolean {
  const byte = bytes[offset];
  return offset === bytes.length || (byte !== undefined && (byte & 0xc0) !== 0x80);
}

function checkFacets(facets: unknown, text: string): RecordProblem | undefined {
  if (!Array.isArray(facets)) return bad('facets must be an array at $.record.facets');
  const bytes = encoder.encode(text);
  for (const [i, facet] of facets.entries()) {
    const at = `$.record.facets[${i}]`;
    if (!isObject(facet) || !isObject(facet.index)) return bad(`facet must have an index at ${at}`);
    const { byteStart, byteEnd } = facet.index;
    if (!isInt(byteStart) || !isInt(byteEnd))
      return bad(`byteStart and byteEnd must be integers ≥ 0 at ${at}`);
    if (byteStart > byteEnd || byteEnd > bytes.length)
      return bad(`byte range ${byteStart}-${byteEnd} is outside the text (${bytes.length} bytes) at ${at}`);
    if (!onBoundary(bytes, byteStart) || !onBoundary(bytes, byteEnd))
      return bad(`byte range splits a UTF-8 character at ${at}`);
    if (!Array.isArray(facet.features) || facet.features.length === 0)
      return bad(`features must be a non-empty array at ${at}`);
    for (const feature of facet.features) {
      if (!isObject(feature) || typeof feature.$type !== 'string' || !FEATURE_TYPES.has(feature.$type))
        return bad(`unknown facet feature at ${at}`);
      if (feature.$type.endsWith('#link') && !isUri(feature.uri))
        return bad(`link uri must be a URI at ${at}`);
      if (
        feature.$type.endsWith('#mention') &&
        !(typeof feature.did === 'string' && /^did:[a-z]+:\S+$/.test(feature.did))
      )
        return bad(`mention did must be a DID at ${at}`);
      if (feature.$type.endsWith('#tag')) {
        const tag = feature.tag;
        if (typeof tag !== 'string' || countGraphemes(tag) > 64 || encoder.encode(tag).length > 640)
          return bad(`tag must be a string of at most 64 graphemes at ${at}`);
      }
    }
  }
  return undefined;
}

function checkImages(embed: Record<string, unknown>, ctx: RecordContext): RecordProblem | undefined {
  const images = embed.images;
  if (!Array.isArray(images) || images.length === 0 || images.length > 4)
    return bad('images must hold 1 to 4 images at $.record.embed.images');
  for (const [i, image] of images.entries()) {
    const at = `$.record.embed.images[${i}]`;
    if (!isObject(image) || typeof image.alt !== 'string') return bad(`alt must be a string at ${at}`);
    const ref = image.image;
    if (!isObject(ref) || ref.$type !== 'blob' || !isObject(ref.ref) || typeof ref.ref.$link !== 'string')
      return bad(`image must be a blob ref at ${at}`);
    const blob = ctx.blobs.get(ref.ref.$link);
    if (!blob || blob.owner !== ctx.repo)
      return { error: 'InvalidRequest', message: `Could not find blob: ${ref.ref.$link}` };
    if (blob.mimeType !== ref.mimeType || blob.size !== ref.size)
      return { error: 'InvalidRequest', message: `Referenced blob does not match stored blob at ${at}` };
    if (!blob.mimeType.startsWith('image/')) return bad(`image must be an image/* blob at ${at}`);
    if (blob.size > IMAGE_MAX_BYTES)
      return {
        error: 'BlobTooLarge',
        message: `This file is too large. It is ${blob.size} bytes but the maximum size is ${IMAGE_MAX_BYTES} bytes.`,
      };
    if (image.aspectRatio !== undefined) {
      const ratio = image.aspectRatio;
      if (!isObject(ratio) || !isInt(ratio.width, 1) || !isInt(ratio.height, 1))
        return bad(`aspectRatio must have integer width and height ≥ 1 at ${at}`);
    }
  }
  return undefined;
}

function checkEmbed(embed: unknown, ctx: RecordContext): RecordProblem | undefined {
  if (!isObject(embed)) return bad('embed must be an object at $.record.embed');
  if (embed.$type === 'app.bsky.embed.images') return checkImages(embed, ctx);
  if (embed.$type === 'app.bsky.embed.external') {
    const ext = embed.external;
    if (
      !isObject(ext) ||
      !isUri(ext.uri) ||
      typeof ext.title !== 'string' ||
      typeof ext.description !== 'string'
    )
      return bad('external must have uri, title and description at $.record.embed.external');
    return undefined;
  }
  return bad(`unsupported embed type ${String(embed.$type)} at $.record.embed`);
}

function checkStrongRef(ref: unknown, at: string, ctx: RecordContext): RecordProblem | undefined {
  if (!isObject(ref) || typeof ref.uri !== 'string' || typeof ref.cid !== 'string')
    return bad(`must be a strong ref (uri, cid) at ${at}`);
  if (ctx.cidOf(ref.uri) !== ref.cid) return bad(`references a record that does not exist at ${at}`);
  return undefined;
}

/**
 * Checks an `app.bsky.feed.post` record the way a PDS validates it against the lexicon (text
 * ≤ 300 graphemes and 3000 bytes, facets inside the text, embed shapes, reply refs, langs), plus
 * checks the PDS leaves to clients (facet ranges on UTF-8 boundaries, replies to live posts).
 *
 * @example
 * ```ts
 * const problem = validatePostRecord(body.record, context); // undefined when valid
 * ```
 */
export function validatePostRecord(record: unknown, ctx: RecordContext): RecordProblem | undefined {
  if (!isObject(record)) return bad('record must be an object at $.record');
  if (record.$type !== 'app.bsky.feed.post') return bad('$type must be app.bsky.feed.post at $.record');
  const { text } = record;
  if (typeof text !== 'string') return bad('text must be a string at $.record.text');
  const graphemes = countGraphemes(text);
  if (graphemes > 300) return bad(`grapheme too big (maximum 300, got ${graphemes}) at $.record.text`);
  if (encoder.encode(text).length > 3000)
    return bad('text must not be longer than 3000 bytes at $.record.text');
  if (
    typeof record.createdAt !== 'string' ||
    !/^\d{4}-\d\d-\d\dT/.test(record.createdAt) ||
    Number.isNaN(Date.parse(record.createdAt))
  )
    return bad('createdAt must be a valid datetime at $.record.createdAt');
  if (record.facets !== undefined) {
    const problem = checkFacets(record.facets, text);
    if (problem) return problem;
  }
  if (record.embed !== undefined) {
    const problem = checkEmbed(record.embed, ctx);
    if (problem) return problem;
  }
  if (record.reply !== undefined) {
    if (!isObject(record.reply)) return bad('reply must be an object at $.record.reply');
    const problem =
      checkStrongRef(record.reply.root, '$.record.reply.root', ctx) ??
      checkStrongRef(record.reply.parent, '$.record.reply.parent', ctx);
    if (problem) return problem;
  }
  if (record.langs !== undefined) {
    if (
      !Array.isArray(record.langs) ||
      record.langs.length > 3 ||
      !record.langs.every((l) => typeof l === 'string')
    )
      return bad('langs must be an array of at most 3 language tags at $.record.langs');
  }
  return undefined;
}
