/**
 * Bluesky rich text: finds links, mentions and hashtags in post text and turns them into
 * `app.bsky.richtext.facet` objects. Pure: no network (mentions are resolved to DIDs by the
 * caller and handed in).
 *
 * The rules are those of the official client, `@atproto/api`'s `RichText`
 * (`detectFacetsWithoutResolution`), so a post gets the facets the Bluesky app would give it; a
 * property test compares the two over arbitrary text. Deliberate differences, all to keep posts the
 * PDS would refuse or render badly out: overlapping features keep only the first (mentions, then
 * links, then tags, then cashtags); a link whose URI fails the lexicon's `uri` format and a tag
 * over 640 UTF-8 bytes are left out; handles are lower-cased for resolution.
 *
 * Facet ranges count UTF-8 bytes of the text, start inclusive and end exclusive
 * (lexicon `app.bsky.richtext.facet#byteSlice`), while JavaScript strings index UTF-16 code
 * units; every offset here is converted once, from the match's UTF-16 index.
 */
import tlds from 'tlds' with { type: 'json' };

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

/** IANA's top-level domains (the `tlds` package, as the official client uses). */
const TOP_LEVEL_DOMAINS: ReadonlySet<string> = new Set(tlds);

// Where a feature may start: the text's start, after whitespace, or (not for tags) after "(".
// A handle: ASCII letters, digits, dots and hyphens up to a word boundary.
const MENTION = /(^|\s|\()@([a-zA-Z0-9.-]+)\b/g;
// A link: http(s):// and everything up to whitespace, or a bare domain (ASCII labels) and the rest
// of the word. Case-insensitive; `m` lets `^` match after each line break.
const LINK = /(^|\s|\()((https?:\/\/\S+)|((?<domain>[a-z][a-z0-9]*(\.[a-z0-9]+)+)\S*))/gim;
// Characters that never belong to a tag: whitespace, soft hyphen, word joiner, zero-width spaces
// and joiners, the enclosing keycap.
const NOT_IN_TAG = String.raw`\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2`;
// A hashtag: # or ＃ after whitespace, not starting with the emoji variation selector, with at
// least one character that is neither a digit nor punctuation.
const TAG = new RegExp(
  String.raw`(^|\s)[#＃]((?!\ufe0f)[^${NOT_IN_TAG}]*[^\d\p{P}${NOT_IN_TAG}]+[^${NOT_IN_TAG}]*)?`,
  'gu',
);
const TRAILING_TAG_PUNCTUATION = /\p{P}+$/u;
// A cashtag: $ and a ticker of one letter and up to four letters or digits, before whitespace, the
// end, or closing punctuation. It becomes a tag `$TICKER`.
const CASHTAG = /(^|\s|\()\$([A-Za-z][A-Za-z0-9]{0,4})(?=\s|$|[.,;:!?)"'\u2019])/gu;
/** The lexicon's `uri` string format: a scheme, then no whitespace. */
const LEXICON_URI = /^\w+:(?:\/\/)?[^\s/][^\s]*$/;

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

/** Whether `name` ends in a known top-level domain after a dot (`example.com`, not `com`). */
function hasKnownTopLevelDomain(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot >= 0 && TOP_LEVEL_DOMAINS.has(name.slice(dot + 1));
}

interface Found {
  /** UTF-16 index of the feature's first character. */
  start: number;
  text: string;
  feature: RichTextFeature;
}

function* mentions(text: string): Generator<Found> {
  for (const match of text.matchAll(MENTION)) {
    const handle = match[2] ?? '';
    // `.test` handles are allowed for development PDSes, as the official client allows them.
    if (!hasKnownTopLevelDomain(handle) && !handle.endsWith('.test')) continue;
    const start = match.index + (match[1] ?? '').length;
    yield { start, text: `@${handle}`, feature: { kind: 'mention', handle: handle.toLowerCase() } };
  }
}

function* links(text: string): Generator<Found> {
  for (const match of text.matchAll(LINK)) {
    const raw = match[2] ?? '';
    let uri = raw;
    if (!uri.startsWith('http')) {
      const domain = match.groups?.domain;
      if (!domain || !hasKnownTopLevelDomain(domain)) continue;
      uri = `https://${uri}`;
    }
    let covered = raw;
    // One trailing punctuation mark, then one closing parenthesis without an opening one.
    if (/[.,;:!?]$/.test(uri)) {
      uri = uri.slice(0, -1);
      covered = covered.slice(0, -1);
    }
    if (uri.endsWith(')') && !uri.includes('(')) {
      uri = uri.slice(0, -1);
      covered = covered.slice(0, -1);
    }
    // A URI the lexicon refuses would make the PDS refuse the whole post.
    if (!LEXICON_URI.test(uri)) continue;
    yield { start: match.index + (match[1] ?? '').length, text: covered, feature: { kind: 'link', uri } };
  }
}

function* tags(text: string): Generator<Found> {
  for (const match of text.matchAll(TAG)) {
    const raw = match[2];
    if (!raw) continue;
    const tag = raw.trim().replace(TRAILING_TAG_PUNCTUATION, '');
    if (tag === '' || graphemeCount(tag) > TAG_MAX_GRAPHEMES || utf8Length(tag) > TAG_MAX_BYTES) continue;
    const start = match.index + (match[1] ?? '').length;
    yield { start, text: `${text.charAt(start)}${tag}`, feature: { kind: 'tag', tag } };
  }
}

function* cashtags(text: string): Generator<Found> {
  for (const match of text.matchAll(CASHTAG)) {
    const ticker = match[2] ?? '';
    const start = match.index + (match[1] ?? '').length;
    yield { start, text: `$${ticker}`, feature: { kind: 'tag', tag: `$${ticker.toUpperCase()}` } };
  }
}

/**
 * Every link, mention, hashtag and cashtag in `text`, in order, with UTF-8 byte ranges, as the
 * official client finds them. Where two would overlap, mentions win over links, links over tags,
 * tags over cashtags.
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
  for (const found of [...mentions(text), ...links(text), ...tags(text), ...cashtags(text)]) {
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
