import { RichText } from '@atproto/api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFeatures, sliceUtf8, TAG_MAX_BYTES, utf8Length } from './facets.js';

/** One facet reduced to what both sides must agree on. */
interface Seen {
  kind: 'mention' | 'link' | 'tag';
  byteStart: number;
  byteEnd: number;
  value: string;
}

/** The lexicon's `uri` format (`@atproto/syntax` isValidUri). */
const LEXICON_URI = /^\w+:(?:\/\/)?[^\s/][^\s]*$/;

function ours(text: string): Seen[] {
  return detectFeatures(text).map(({ feature, byteStart, byteEnd }) => ({
    kind: feature.kind,
    byteStart,
    byteEnd,
    value: feature.kind === 'link' ? feature.uri : feature.kind === 'tag' ? feature.tag : feature.handle,
  }));
}

/**
 * The official client's facets, with the differences `facets.ts` documents applied: links whose
 * URI the lexicon refuses and tags over 640 bytes are dropped, overlaps keep the first by kind
 * (mention, link, tag, cashtag), handles are compared lower-cased.
 */
function official(text: string): Seen[] {
  const rt = new RichText({ text });
  rt.detectFacetsWithoutResolution();
  const rank = (seen: Seen) =>
    seen.kind === 'mention'
      ? 0
      : seen.kind === 'link'
        ? 1
        : sliceUtf8(text, seen.byteStart, seen.byteStart + 1) === '$'
          ? 3
          : 2;
  const all: Seen[] = [];
  for (const facet of rt.facets ?? []) {
    for (const feature of facet.features) {
      const { byteStart, byteEnd } = facet.index;
      if ('did' in feature) {
        all.push({ kind: 'mention', byteStart, byteEnd, value: feature.did.toLowerCase() });
      } else if ('uri' in feature) {
        const uri = feature.uri;
        if (LEXICON_URI.test(uri)) all.push({ kind: 'link', byteStart, byteEnd, value: uri });
      } else if ('tag' in feature) {
        const tag = feature.tag;
        if (utf8Length(tag) <= TAG_MAX_BYTES) all.push({ kind: 'tag', byteStart, byteEnd, value: tag });
      }
    }
  }
  const kept: Seen[] = [];
  for (const seen of [...all].sort((a, b) => rank(a) - rank(b) || a.byteStart - b.byteStart)) {
    if (kept.some((k) => seen.byteStart < k.byteEnd && seen.byteEnd > k.byteStart)) continue;
    kept.push(seen);
  }
  return kept.sort((a, b) => a.byteStart - b.byteStart);
}

const label = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9-]{0,8}$/);
const tld = fc.constantFrom(
  'com',
  'de',
  'dev',
  'social',
  'test',
  'org',
  'io',
  'co',
  'COM',
  'xyzzy',
  'x',
  'app',
);
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), tld)
  .map(([l, t]) => `${l.join('.')}.${t}`);
const pathChars = fc.string({
  unit: fc.constantFrom(
    'a',
    'Z',
    '0',
    '/',
    '-',
    '_',
    '(',
    ')',
    '?',
    '=',
    '#',
    '.',
    ',',
    '!',
    ':',
    '%',
    '~',
    'é',
  ),
  maxLength: 12,
});
const punctuation = fc.constantFrom('', '.', ',', ';', ':', '!', '?', ')', '.)', '…', '"', "'", '’', '!!');
const tagBody = fc.oneof(
  fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,10}$/),
  fc.stringMatching(/^[0-9]{1,4}$/),
  fc.constantFrom('日本語', 'مرحبا', 'नमस्ते', 'tag‍x', '️⃣', 'a­b', '😀', 'tag-with-dash', '$x', '(x)', 'x#y'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }),
);
const piece = fc.oneof(
  fc.tuple(fc.constantFrom('@', '@'), domain, punctuation).map(([at, d, p]) => `${at}${d}${p}`),
  fc
    .tuple(fc.constantFrom('https://', 'http://', 'HTTPS://', 'https://www.'), domain, pathChars, punctuation)
    .map(([scheme, d, path, p]) => `${scheme}${d}${path ? `/${path}` : ''}${p}`),
  fc.tuple(domain, pathChars, punctuation).map(([d, path, p]) => `${d}${path ? `/${path}` : ''}${p}`),
  fc.constantFrom('httpbin.org', 'me@example.com', 'example.de', 'a.b', 'https://.', 'https://)'),
  fc
    .tuple(fc.constantFrom('#', '＃', '(#', '"#'), tagBody, punctuation)
    .map(([hash, t, p]) => `${hash}${t}${p}`),
  fc
    .tuple(fc.constantFrom('$', '($'), fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,6}$/), punctuation)
    .map(([d, t, p]) => `${d}${t}${p}`),
  fc.constantFrom('👍🏽', '👩‍👩‍👧‍👦', '©', '™', '🇯🇵', 'é', '\u200B', '\uFE0F'),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);
const separator = fc.constantFrom(' ', ' ', '\n', '(', ')', '', '. ', ', ', '\t', '\u3000', '"');
const text = fc
  .array(fc.tuple(piece, separator), { maxLength: 8 })
  .map((parts) => parts.map(([p, s]) => `${p}${s}`).join(''));

describe('facets agree with @atproto/api RichText (differential)', () => {
  it('finds the same facet kinds, byte ranges and values over mixed text', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(ours(t)).toEqual(official(t));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees on the cases that used to differ', () => {
    for (const t of [
      '(#tag)',
      'see (#launch) and #done.',
      '"#quoted"',
      '[https://example.com/a] and «https://example.com/b»',
      'ask $AAPL, ($tsla) or $toolong',
      'https://example.com/a.).',
      'mail me@example.com, visit example.de or httpbin.org',
      'Example.COM and @Alice.COM and @alice.xyzzy',
    ]) {
      expect(ours(t), t).toEqual(official(t));
    }
  });
});
