import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFacets, detectFeatures } from './facets.js';

/**
 * Property-based checks of Bluesky facet byte offsets on arbitrary Unicode (moved here from the
 * worker's fault suite, since they test this package's internals).
 */

/** Arbitrary Unicode, as single code points and as whole (multi code point) graphemes. */
const unicode = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

/** Bytes of `text` from `start` to `end`, decoded: what a facet covers, computed without the code under test. */
function utf8Slice(text: string, start: number, end: number): string {
  return Buffer.from(text, 'utf8').subarray(start, end).toString('utf8');
}

describe('Bluesky facets', () => {
  /** Unicode mixed with the pieces links, mentions and tags are made of, so features are common. */
  const richText = fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
        { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
        {
          weight: 4,
          arbitrary: fc.constantFrom(
            ' ',
            '\n',
            '@',
            '#',
            '＃',
            'https://',
            'http://',
            'example.com',
            'bsky.social',
            '.com',
            '/path',
            'alice.test',
            '.',
            ',',
            '(',
            ')',
            '!',
            'é',
            'e\u0301',
            '👍🏽',
            '👨‍👩‍👧',
            '\u200d',
            '\ufe0f',
            '日本語',
            'tag',
            '123',
            ' @alice.test',
            ' #relaypost',
            ' https://example.com/a(b)',
          ),
        },
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join(''));

  it('gives every feature the UTF-8 byte range of exactly its text', () => {
    const seen = { link: 0, mention: 0, tag: 0 };
    fc.assert(
      fc.property(richText, (text) => {
        const features = detectFeatures(text);
        let previousEnd = 0;
        for (const found of features) {
          expect(found.byteStart).toBeGreaterThanOrEqual(previousEnd);
          expect(found.byteEnd).toBeGreaterThan(found.byteStart);
          expect(found.byteEnd).toBeLessThanOrEqual(Buffer.byteLength(text, 'utf8'));
          expect(utf8Slice(text, found.byteStart, found.byteEnd)).toBe(found.text);
          previousEnd = found.byteEnd;
          const { feature } = found;
          seen[feature.kind]++;
          if (feature.kind === 'mention') expect(found.text.toLowerCase()).toBe(`@${feature.handle}`);
          // A cashtag ($aapl) covers its text and is tagged in capitals ($AAPL).
          if (feature.kind === 'tag')
            expect(found.text.startsWith('$') ? found.text.toUpperCase() : found.text.slice(1)).toBe(
              feature.tag,
            );
          if (feature.kind === 'link') expect([found.text, `https://${found.text}`]).toContain(feature.uri);
        }
      }),
      { numRuns: 300 },
    );
    // The generator does reach every kind of feature, so the checks above were exercised.
    expect(Math.min(seen.link, seen.mention, seen.tag)).toBeGreaterThan(0);
  });

  it("covers each facet's link, mention or tag text, in any surrounding Unicode", () => {
    // Handles end in a real top-level domain, as the Bluesky app requires of a mention.
    const handle = fc
      .tuple(fc.domain(), fc.constantFrom('com', 'social', 'dev', 'test'))
      .map(([domain, tld]) => `${domain.slice(0, domain.lastIndexOf('.'))}.${tld}`);
    const tag = fc.stringMatching(/^[a-z][a-z0-9]{0,15}$/);
    const path = fc.stringMatching(/^(\/[a-z0-9]{1,8}){0,3}$/);
    fc.assert(
      fc.property(
        unicode,
        handle,
        unicode,
        tag,
        fc.domain(),
        path,
        unicode,
        (a, who, b, topic, host, rest, c) => {
          const mention = `@${who}`;
          const hashtag = `#${topic}`;
          const link = `https://${host}${rest}`;
          const text = `${a} ${mention} ${b} ${hashtag} ${link} ${c}`;
          const did = 'did:plc:abcdefghijklmnopqrstuvwx';
          const { facets } = buildFacets(text, new Map([[who.toLowerCase(), did]]));
          const covered = facets.map((f) => ({
            text: utf8Slice(text, f.index.byteStart, f.index.byteEnd),
            feature: f.features[0],
          }));
          expect(covered).toContainEqual({
            text: mention,
            feature: { $type: 'app.bsky.richtext.facet#mention', did },
          });
          expect(covered).toContainEqual({
            text: hashtag,
            feature: { $type: 'app.bsky.richtext.facet#tag', tag: topic },
          });
          expect(covered).toContainEqual({
            text: link,
            feature: { $type: 'app.bsky.richtext.facet#link', uri: link },
          });
          for (const { text: slice, feature } of covered) {
            if (feature?.$type === 'app.bsky.richtext.facet#link')
              expect([slice, `https://${slice}`]).toContain(feature.uri);
            if (feature?.$type === 'app.bsky.richtext.facet#tag')
              expect(slice.startsWith('$') ? slice.toUpperCase() : slice.slice(1)).toBe(feature.tag);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
