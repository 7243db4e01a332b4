import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFacets, detectFeatures, mentionedHandles, sliceUtf8, utf8Length } from './facets.js';
import { encodeTid, isTid, parseAtUri, recordKeyFor } from './record-key.js';
import { splitForThread } from './split.js';

const dids = new Map([['bob.test', 'did:plc:bob']]);

describe('detectFeatures', () => {
  it('finds links, tags and mentions with UTF-8 byte ranges', () => {
    const text = '👍🏽 héllo @bob.test see https://example.com/a. #news!';
    const found = detectFeatures(text);
    expect(found.map((f) => f.text)).toEqual(['@bob.test', 'https://example.com/a', '#news']);
    for (const f of found) expect(sliceUtf8(text, f.byteStart, f.byteEnd)).toBe(f.text);
    expect(found[0]?.byteStart).toBe(utf8Length('👍🏽 héllo '));
  });

  it('trims trailing punctuation and unbalanced brackets from links', () => {
    expect(detectFeatures('(see https://example.com/x)').map((f) => f.text)).toEqual([
      'https://example.com/x',
    ]);
    expect(detectFeatures('https://en.wikipedia.org/wiki/Foo_(bar)').map((f) => f.text)).toEqual([
      'https://en.wikipedia.org/wiki/Foo_(bar)',
    ]);
  });

  it('links bare domains with https', () => {
    const [link] = detectFeatures('visit relaypost.dev/docs today');
    expect(link?.feature).toEqual({ kind: 'link', uri: 'https://relaypost.dev/docs' });
    expect(link?.text).toBe('relaypost.dev/docs');
  });

  it('does not take emails, mid-word hashes or number-only tags', () => {
    expect(detectFeatures('mail me@example.com or a#b or #123 or #️⃣')).toEqual([]);
  });

  it('treats a mention as a mention, not a bare-domain link', () => {
    expect(detectFeatures('@alice.bsky.social').map((f) => f.feature.kind)).toEqual(['mention']);
  });

  it('keeps non-Latin tags and full-width hashes', () => {
    const text = 'こんにちは ＃日本語 #مرحبا #नमस्ते';
    const found = detectFeatures(text);
    expect(found.map((f) => f.feature)).toEqual([
      { kind: 'tag', tag: '日本語' },
      { kind: 'tag', tag: 'مرحبا' },
      { kind: 'tag', tag: 'नमस्ते' },
    ]);
    for (const f of found) expect(sliceUtf8(text, f.byteStart, f.byteEnd)).toBe(f.text);
  });

  it('refuses tags over 64 graphemes', () => {
    expect(detectFeatures(`#${'a'.repeat(65)}`)).toEqual([]);
    expect(detectFeatures(`#${'a'.repeat(64)}`)).toHaveLength(1);
  });
});

describe('buildFacets', () => {
  it('builds lexicon facets and lists unresolved handles', () => {
    const { facets, unresolved } = buildFacets('@bob.test @Carol.test #tag https://x.org', dids);
    expect(unresolved).toEqual(['carol.test']);
    expect(facets).toEqual([
      {
        index: { byteStart: 0, byteEnd: 9 },
        features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:bob' }],
      },
      {
        index: { byteStart: 22, byteEnd: 26 },
        features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'tag' }],
      },
      {
        index: { byteStart: 27, byteEnd: 40 },
        features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://x.org' }],
      },
    ]);
    expect(mentionedHandles('@Bob.test and @bob.test')).toEqual(['bob.test']);
  });
});

// Arbitrary Unicode (every plane, including emoji, ZWJ and combining marks) as filler.
const filler = fc.string({ unit: 'grapheme', maxLength: 40 });
const word = fc.stringMatching(/^[a-z][a-z0-9]{0,15}$/);

describe('facet byte ranges (properties)', () => {
  it('the byte slice at a link facet is the link, whatever surrounds it', () => {
    fc.assert(
      fc.property(filler, filler, word, word, (before, after, host, path) => {
        const link = `https://${host}.example/${path}`;
        const text = `${before} ${link} ${after}`;
        const { facets } = buildFacets(text, dids);
        const hit = facets.find((f) => f.features.some((x) => 'uri' in x && x.uri === link));
        expect(hit).toBeDefined();
        if (hit) expect(sliceUtf8(text, hit.index.byteStart, hit.index.byteEnd)).toBe(link);
      }),
    );
  });

  it('the byte slice at a tag facet is # plus the tag, whatever surrounds it', () => {
    fc.assert(
      fc.property(filler, filler, word, (before, after, tag) => {
        const text = `${before} #${tag} ${after}`;
        const { facets } = buildFacets(text, dids);
        const hit = facets.find((f) => f.features.some((x) => 'tag' in x && x.tag === tag));
        expect(hit).toBeDefined();
        if (hit) expect(sliceUtf8(text, hit.index.byteStart, hit.index.byteEnd)).toBe(`#${tag}`);
      }),
    );
  });

  it('every facet of any text slices out exactly its feature text, within the text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(filler, fc.constantFrom(' @bob.test ', ' #tag ', ' https://a.example/b ')), {
          maxLength: 8,
        }),
        (pieces) => {
          const text = pieces.join('');
          const bytes = utf8Length(text);
          for (const found of detectFeatures(text)) {
            expect(found.byteStart).toBeGreaterThanOrEqual(0);
            expect(found.byteEnd).toBeLessThanOrEqual(bytes);
            expect(sliceUtf8(text, found.byteStart, found.byteEnd)).toBe(found.text);
          }
        },
      ),
    );
  });
});

describe('splitForThread', () => {
  const limits = { maxGraphemes: 300, maxBytes: 3000 };
  const graphemes = (s: string) =>
    [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s)].length;

  it('returns text that fits whole', () => {
    expect(splitForThread('  short  ', limits)).toEqual(['short']);
  });

  it('splits between sentences and never inside a grapheme', () => {
    const text = 'Family 👩‍👩‍👧‍👦 emoji. नमस्ते दुनिया. '.repeat(30);
    const parts = splitForThread(text, limits);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(graphemes(part)).toBeLessThanOrEqual(300);
      expect(utf8Length(part)).toBeLessThanOrEqual(3000);
      expect(part.endsWith('.')).toBe(true);
    }
    expect(parts.join(' ')).toBe(text.trim());
  });

  it('respects the byte limit when graphemes are large', () => {
    const parts = splitForThread('👩‍👩‍👧‍👦'.repeat(400), limits);
    for (const part of parts) expect(utf8Length(part)).toBeLessThanOrEqual(3000);
    expect(parts.join('')).toBe('👩‍👩‍👧‍👦'.repeat(400));
  });

  it('keeps every grapheme, in order, for any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 900 }), (text) => {
        const small = { maxGraphemes: 50, maxBytes: 200 };
        const parts = splitForThread(text, small);
        for (const part of parts) {
          expect(graphemes(part)).toBeLessThanOrEqual(50);
          expect(utf8Length(part)).toBeLessThanOrEqual(200);
        }
        expect(parts.join('').replace(/\s/gu, '')).toBe(text.replace(/\s/gu, ''));
      }),
      { numRuns: 50 },
    );
  });
});

describe('record keys', () => {
  it('keeps the keys of earlier releases, so a retry after an upgrade finds its post', () => {
    expect(recordKeyFor('target-1', 0)).toBe('3juaotpas6cyk');
    expect(recordKeyFor('0f8c1c1e-3a52-4f0e-9a51-2f5b6f0c1d2e', 3)).toBe('3jpyo6j2idfhw');
  });

  it('derives the same valid TID from the same key and part', () => {
    const a = recordKeyFor('target-1', 0);
    expect(isTid(a)).toBe(true);
    expect(recordKeyFor('target-1', 0)).toBe(a);
    expect(recordKeyFor('target-1', 1)).not.toBe(a);
    expect(recordKeyFor('target-2', 0)).not.toBe(a);
  });

  it('gives valid TIDs for any key (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(50), (key, part) => {
        expect(isTid(recordKeyFor(key, part))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('encodes TIDs as the spec says', () => {
    expect(encodeTid(0n, 0)).toBe('2222222222222');
    expect(isTid('3jzfcijpj2z2a')).toBe(true);
    expect(isTid('kzzzzzzzzzzzz')).toBe(false);
    expect(parseAtUri('at://did:plc:abc/app.bsky.feed.post/3jzfcijpj2z2a')).toEqual({
      repo: 'did:plc:abc',
      collection: 'app.bsky.feed.post',
      rkey: '3jzfcijpj2z2a',
    });
  });
});
