import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countCodePoints,
  countGraphemes,
  countText,
  countThreadsCharacters,
  countUtf8Bytes,
  countXWeighted,
} from '../src/index.js';

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
