/**
 * Bluesky rich text: finds links, mentions and hashtags in post text and turns them into
 * `app.bsky.richtext.facet` objects. Pure: no network (mentions are resolved to DIDs by the
 * caller and handed in).
 *
 * Facet ranges count UTF-8 bytes of the text, start inclusive and end exclusive
 * (lexicon `app.bsky.richtext.facet#byteSlice`), while JavaScript strings index UTF-16 code
 * units; every offset here is converted once, from the match's UTF-16 index.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The most graphemes a tag may have (lexicon `app.bsky.richtext.facet#tag.tag.maxGraphemes`). */
export const TAG_MAX_GRAPHEMES = 64;
/** The most UTF-8 bytes a tag may have (lexicon `maxLength`). */
export const TAG_MAX_BYTES = 640;

/** What a stretch of text means. */
export type RichTextFeature =
  | { kind: 'link'; uri: string }
  | { kind: 'mention'; handle: string }
  | { kind: 'tag'; tag: string };

/** A feature found in the text, with the exact text it covers and its UTF-8 byte range. */
export interface DetectedFeature {
  feature: RichTextFeature;
  /** The covered text, e.g. `@alice.test`, `#relaypost`, `https://example.com/a`. */
  text: string;
  byteStart: number;
  byteEnd: number;
}

/** One facet as the lexicon defines it. */
export interface BlueskyFacet {
  index: { byteStart: number; byteEnd: number };
  features: Array<
    | { $type: 'app.bsky.richtext.facet#link'; uri: string }
    | { $type: 'app.bsky.richtext.facet#mention'; did: string }
    | { $type: 'app.bsky.richtext.facet#tag'; tag: string }
  >;
}

// A feature must start the text or follow whitespace or an opening bracket/quote, so
// `me@example.com` is not a mention and `https://x.com/#a` holds no tag.
const BEFORE = String.raw`(?<=^|[\s(\[{"'“‘«<])`;
const DOMAIN_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const MENTION = new RegExp(
  `${BEFORE}@((?:${DOMAIN_LABEL}\\.)+[a-zA-Z](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(?![\\p{L}\\p{N}_-])`,
  'gu',
);
const SCHEME_URL = new RegExp(`${BEFORE}https?:\\/\\/[^\\s<>"“”«»]+`, 'giu');
/** Bare domains are linked only for common top-level domains (a guess, like every client's). */
const BARE_DOMAIN = new RegExp(
  `${BEFORE}(?:${DOMAIN_LABEL}\\.)+(?:com|org|net|io|dev|app|co|ai|me|info|edu|gov|social|xyz|blog|news)(?![\\p{L}\\p{N}_-])(?:\\/[^\\s<>"“”«»]*)?`,
  'giu',
);
const TAG = new RegExp(`${BEFORE}[#＃]([^\\s#＃]+)`, 'gu');
const TRAILING_PUNCTUATION = /[.,;:!?'"’”»…]+$/u;
// Zero-width and invisible characters that must not end or make up a tag.
const INVISIBLE = /^(?:[\u00AD\u2060\u200A-\u200D]|\u20E2|\uFE0F)/u;

/**
 * The UTF-8 length of `text`.
 *
 * @example
 * ```ts
 * utf8Length('👍🏽') // 8
 * ```
 */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/**
 * The text between two UTF-8 byte offsets (what a facet covers).
 *
 * @example
 * ```ts
 * sliceUtf8('héllo #tag', 7, 11) // '#tag'
 * ```
 */
export function sliceUtf8(text: string, byteStart: number, byteEnd: number): string {
  return decoder.decode(encoder.encode(text).subarray(byteStart, byteEnd));
}

function graphemeCount(text: string): number {
  let count = 0;
  for (const _ of graphemes.segment(text)) count++;
  return count;
}

/** Drops trailing punctuation, and a closing bracket that has no opening one in the URL. */
function trimUrl(raw: string): string {
  let url = raw;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING_PUNCTUATION, '');
    for (const [open, close] of [
      ['(', ')'],
      ['[', ']'],
      ['{', '}'],
    ] as const) {
      if (url.endsWith(close) && url.split(open).length < url.split(close).length) url = url.slice(0, -1);
    }
    if (url === before) return url;
  }
}

/** A tag's text after `#`: trailing punctuation dropped; null when it is not a tag. */
function cleanTag(raw: string): string | null {
  const tag = raw.replace(/(?:[\p{P}\u00AD\u2060\u200A-\u200D]|\u20E2|\uFE0F)+$/u, '');
  if (tag === '' || /^\p{N}+$/u.test(tag) || INVISIBLE.test(tag)) return null;
  if (graphemeCount(tag) > TAG_MAX_GRAPHEMES || utf8Length(tag) > TAG_MAX_BYTES) return null;
  return tag;
}

interface Found {
  start: number;
  text: string;
  feature: RichTextFeature;
}

function* links(text: string): Generator<Found> {
  for (const match of text.matchAll(SCHEME_URL)) {
    const url = trimUrl(match[0]);
    if (/^https?:\/\/[^/?#]+/i.test(url) && canParse(url))
      yield { start: match.index, text: url, feature: { kind: 'link', uri: url } };
  }
  for (const match of text.matchAll(BARE_DOMAIN)) {
    const bare = trimUrl(match[0]);
    const uri = `https://${bare}`;
    if (canParse(uri)) yield { start: match.index, text: bare, feature: { kind: 'link', uri } };
  }
}

function canParse(url: string): boolean {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

function* mentions(text: string): Generator<Found> {
  for (const match of text.matchAll(MENTION)) {
    const handle = (match[1] ?? '').toLowerCase();
    yield { start: match.index, text: match[0], feature: { kind: 'mention', handle } };
  }
}

function* tags(text: string): Generator<Found> {
  for (const match of text.matchAll(TAG)) {
    const tag = cleanTag(match[1] ?? '');
    if (tag === null) continue;
    yield { start: match.index, text: `${match[0].charAt(0)}${tag}`, feature: { kind: 'tag', tag } };
  }
}

/**
 * Every link, mention and hashtag in `text`, in order, with UTF-8 byte ranges. Mentions win
 * over links, links over tags, where they would overlap.
 *
 * @example
 * ```ts
 * detectFeatures('hi @alice.test #news')
 * // [{ feature: { kind: 'mention', handle: 'alice.test' }, text: '@alice.test', byteStart: 3, byteEnd: 14 }, ...]
 * ```
 */
export function detectFeatures(text: string): DetectedFeature[] {
  const taken: Array<[number, number]> = [];
  const kept: Found[] = [];
  for (const found of [...mentions(text), ...links(text), ...tags(text)]) {
    const end = found.start + found.text.length;
    if (taken.some(([s, e]) => found.start < e && end > s)) continue;
    taken.push([found.start, end]);
    kept.push(found);
  }
  kept.sort((a, b) => a.start - b.start);
  return kept.map((found) => {
    const byteStart = utf8Length(text.slice(0, found.start));
    return {
      feature: found.feature,
      text: found.text,
      byteStart,
      byteEnd: byteStart + utf8Length(found.text),
    };
  });
}

/**
 * The facets for `text`: links and tags always, mentions when `dids` knows the handle.
 * Handles it does not know are listed in `unresolved` (their text stays plain).
 *
 * @example
 * ```ts
 * const { facets } = buildFacets('hi @alice.test', new Map([['alice.test', 'did:plc:abc']]));
 * ```
 */
export function buildFacets(
  text: string,
  dids: ReadonlyMap<string, string>,
  /** `detectFeatures(text)`, when the caller has it already. */
  features: readonly DetectedFeature[] = detectFeatures(text),
): { facets: BlueskyFacet[]; unresolved: string[] } {
  const facets: BlueskyFacet[] = [];
  const unresolved: string[] = [];
  for (const found of features) {
    const index = { byteStart: found.byteStart, byteEnd: found.byteEnd };
    const { feature } = found;
    if (feature.kind === 'link') {
      facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#link', uri: feature.uri }] });
    } else if (feature.kind === 'tag') {
      facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: feature.tag }] });
    } else {
      const did = dids.get(feature.handle);
      if (did) facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#mention', did }] });
      else if (!unresolved.includes(feature.handle)) unresolved.push(feature.handle);
    }
  }
  return { facets, unresolved };
}

/**
 * The handles mentioned in `text` (lower-cased, each once), to resolve before {@link buildFacets}.
 *
 * @example
 * ```ts
 * mentionedHandles('@Alice.test and @bob.test') // ['alice.test', 'bob.test']
 * ```
 */
export function mentionedHandles(
  text: string,
  /** `detectFeatures(text)`, when the caller has it already. */
  features: readonly DetectedFeature[] = detectFeatures(text),
): string[] {
  const handles = new Set<string>();
  for (const found of features) {
    if (found.feature.kind === 'mention') handles.add(found.feature.handle);
  }
  return [...handles];
}
