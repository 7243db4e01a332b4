/**
 * Text length the way each platform counts it. The composer, `validate` and the AI caption
 * step all use these functions so a post that passes here is not refused for length later.
 */

import twitterText from 'twitter-text';

/** `characters-emoji-bytes`: characters, except that an emoji counts as its UTF-8 length (Threads). */
export type TextCounting = 'characters' | 'graphemes' | 'weighted' | 'utf8-bytes' | 'characters-emoji-bytes';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const encoder = new TextEncoder();

/** User-perceived characters (Bluesky): `👍🏽` and `é` count as one. */
export function countGraphemes(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

/** Unicode code points (what most platforms mean by "characters"). */
export function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Length in UTF-8 bytes. */
export function countUtf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Threads counts text in characters, but an emoji counts as its UTF-8 length.
 * (Platform contract sheet §4; the rule is Meta's, so it lives beside the other counters.)
 */
export function countThreadsCharacters(text: string): number {
  let count = 0;
  for (const { segment } of segmenter.segment(text)) {
    count += isEmojiCluster(segment) ? countUtf8Bytes(segment) : countCodePoints(segment);
  }
  return count;
}

// Keycaps (1️⃣, #️⃣) are a digit or symbol with U+20E3, which is not pictographic itself.
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

function isEmojiCluster(cluster: string): boolean {
  return EMOJI.test(cluster);
}

/**
 * X's weighted length, computed by X's own `twitter-text` library (v3 configuration, the one
 * X's servers use): text is NFC-normalised; code points in the light ranges (Latin, general
 * punctuation) weigh 1 and the rest 2 (CJK, most symbols such as © and ™); an emoji sequence
 * weighs 2 whatever its length; every URL twitter-text links (with or without a scheme, any
 * top-level domain) weighs 23, as X rewrites it to t.co. E-mail addresses are not URLs.
 *
 * @example
 * ```ts
 * countXWeighted('see example.de') // 4 + 23
 * countXWeighted('me@example.com') // 14
 * ```
 */
export function countXWeighted(text: string): number {
  return twitterText.parseTweet(text).weightedLength;
}

/** A URL X links in a text, with its UTF-16 offsets (`end` exclusive). */
export interface XUrlMatch {
  url: string;
  start: number;
  end: number;
}

/**
 * The URLs X links in `text` (and so rewrites to t.co), found as `twitter-text` finds them: the
 * same rule {@link countXWeighted} weighs at 23.
 *
 * @example
 * ```ts
 * findXUrls('read example.de now') // [{ url: 'example.de', start: 5, end: 15 }]
 * ```
 */
export function findXUrls(text: string): XUrlMatch[] {
  return twitterText
    .extractUrlsWithIndices(text)
    .map(({ url, indices: [start, end] }) => ({ url, start, end }));
}

/**
 * URLs with a scheme, and bare domains with a path or a common top-level domain. A rough
 * pattern for display; X counts and links by {@link findXUrls}, which differs from it.
 */
export const URL_PATTERN =
  /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'}]|\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|org|net|io|dev|app|co|ai|me|info|edu|gov|social|xyz)(?:\/[^\s<>"]*[^\s<>".,;:!?)\]'}])?/gi;

/**
 * Counts `text` with the given method.
 *
 * @example
 * ```ts
 * countText('hello 👋', 'weighted') // 8
 * ```
 */
export function countText(text: string, counting: TextCounting): number {
  switch (counting) {
    case 'characters':
      return countCodePoints(text);
    case 'graphemes':
      return countGraphemes(text);
    case 'weighted':
      return countXWeighted(text);
    case 'utf8-bytes':
      return countUtf8Bytes(text);
    case 'characters-emoji-bytes':
      return countThreadsCharacters(text);
  }
}
