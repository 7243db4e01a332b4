import fc from 'fast-check';
import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import {
  countCodePoints,
  countGraphemes,
  countText,
  countThreadsCharacters,
  countUtf8Bytes,
  countXWeighted,
  findXUrls,
} from '../index.js';

describe('text counting', () => {
  it('counts graphemes as people see them', () => {
    expect(countGraphemes('héllo')).toBe(5);
    expect(countGraphemes('👍🏽')).toBe(1);
    expect(countGraphemes('👨‍👩‍👧‍👦 family')).toBe(8);
    expect(countGraphemes('🇩🇪')).toBe(1);
  });

  it('counts code points and UTF-8 bytes', () => {
    expect(countCodePoints('👍🏽')).toBe(2);
    expect(countUtf8Bytes('é')).toBe(2);
    expect(countUtf8Bytes('日本')).toBe(6);
  });

  it("counts X's weighted length: URLs 23, CJK and emoji 2", () => {
    expect(countXWeighted('hello')).toBe(5);
    expect(countXWeighted('日本語')).toBe(6);
    expect(countXWeighted('👍')).toBe(2);
    expect(countXWeighted('👨‍👩‍👧‍👦')).toBe(2);
    expect(countXWeighted('see https://example.com/a/very/long/path?with=query')).toBe(4 + 23);
    expect(countXWeighted('two https://a.io/x and https://b.io')).toBe(4 + 23 + 5 + 23);
    expect(countXWeighted('a'.repeat(280))).toBe(280);
    // Latin-1 and general punctuation are light.
    expect(countXWeighted('café — “quotes”')).toBe(15);
  });

  it('counts Threads characters with emoji as their UTF-8 length', () => {
    expect(countThreadsCharacters('hi')).toBe(2);
    expect(countThreadsCharacters('hi 👍')).toBe(3 + 4);
  });

  it('dispatches by counting method', () => {
    expect(countText('👍🏽', 'graphemes')).toBe(1);
    expect(countText('👍🏽', 'characters')).toBe(2);
    expect(countText('👍🏽', 'utf8-bytes')).toBe(8);
    expect(countText('👍🏽', 'weighted')).toBe(2);
    expect(countText('👍🏽', 'characters-emoji-bytes')).toBe(8);
  });

  it('never counts fewer graphemes than 0 or more than code points, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const graphemes = countGraphemes(text);
        expect(graphemes).toBeGreaterThanOrEqual(0);
        expect(graphemes).toBeLessThanOrEqual(countCodePoints(text));
        expect(countUtf8Bytes(text)).toBeGreaterThanOrEqual(countCodePoints(text));
        expect(countXWeighted(text)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('weighs concatenated plain text as the sum of its parts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), fc.string({ unit: 'grapheme-ascii' }), (a, b) => {
        const safe = (s: string) => s.replace(/[.:/]/g, ' ');
        expect(countXWeighted(`${safe(a)} ${safe(b)}`)).toBe(
          countXWeighted(safe(a)) + 1 + countXWeighted(safe(b)),
        );
      }),
    );
  });
});

/** X's own count: the oracle RelayPost's weighted count must equal. */
const officialWeight = (text: string) => twitterText.parseTweet(text).weightedLength;

/** Pieces X treats specially, mixed with arbitrary Unicode so they meet at every kind of boundary. */
const tld = fc.constantFrom('com', 'de', 'io', 'co.uk', 'dev', 'museum', 'xn--p1ai', 'zz', 'qwerty', '中国');
const host = fc
  .tuple(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}[a-z0-9]$/), tld)
  .map(([name, top]) => `${name}.${top}`);
const path = fc
  .array(fc.stringMatching(/^[A-Za-z0-9_~%-]{1,8}$/), { maxLength: 3 })
  .map((s) => s.map((p) => `/${p}`).join(''));
const xPieces = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('https://', 'http://', 'HTTPS://', ''), host, path)
      .map((p) => p.join('')),
  },
  { weight: 1, arbitrary: fc.domain() },
  { weight: 1, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
  { weight: 2, arbitrary: fc.emailAddress() },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '👍',
      '👍🏽',
      '👨‍👩‍👧‍👦',
      '🧑🏿‍🚀',
      '🏳️‍🌈',
      '🇩🇪',
      '🏴󠁧󠁢󠁥󠁮󠁧󠁿',
      '❤️',
      '1️⃣',
      '#️⃣',
      '\u200d',
      '\ufe0f',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)),
      maxLength: 5,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '©',
      '™',
      '®',
      '©b',
      'a™',
      '—',
      '“',
      '…',
      '\u00a0',
      '\n',
      ' ',
      '.',
      '@',
      '#',
      '/',
      ':',
    ),
  },
);
const xText = fc.array(xPieces, { maxLength: 12 }).map((pieces) => pieces.join(''));

describe("X's weighted count equals twitter-text", () => {
  it('on the inputs the hand-written count got wrong', () => {
    for (const text of ['example.de', 'me@example.com', '©b', 'see example.de', 'a™', 'x.co.uk/path']) {
      expect(countXWeighted(text), text).toBe(officialWeight(text));
    }
    expect(countXWeighted('example.de')).toBe(23);
    expect(countXWeighted('me@example.com')).toBe(14);
    expect(countXWeighted('©b')).toBe(2);
  });

  it('on generated text mixing URLs, bare domains, e-mails, emoji sequences, CJK, ©/™ and arbitrary Unicode', () => {
    fc.assert(
      fc.property(xText, (text) => {
        expect(countXWeighted(text)).toBe(officialWeight(text));
        expect(countText(text, 'weighted')).toBe(officialWeight(text));
      }),
      { numRuns: 500 },
    );
  });

  it('finds the URLs twitter-text links, each weighing 23', () => {
    fc.assert(
      fc.property(xText, (text) => {
        const found = findXUrls(text);
        expect(found.map((u) => u.url)).toEqual(twitterText.extractUrls(text));
        for (const u of found) expect(text.slice(u.start, u.end)).toBe(u.url);
      }),
    );
  });
});
