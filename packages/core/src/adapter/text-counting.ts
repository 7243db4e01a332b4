/**
 * Text length the way each platform counts it. The composer, `validate` and the AI caption
 * step all use these functions so a post that passes here is not refused for length later.
 */

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
 * X's weighted length (twitter-text v3 configuration): code points in the light ranges weigh 1,
 * everything else 2 (CJK, most symbols), an emoji sequence weighs 2 whatever its length, and every
 * URL counts as 23. Text is NFC-normalised first, as X does.
 */
export function countXWeighted(text: string): number {
  const normalised = text.normalize('NFC');
  let weight = 0;
  let cursor = 0;
  for (const match of normalised.matchAll(URL_PATTERN)) {
    weight += weighPlainText(normalised.slice(cursor, match.index)) + X_URL_WEIGHT;
    cursor = match.index + match[0].length;
  }
  return weight + weighPlainText(normalised.slice(cursor));
}

function weighPlainText(text: string): number {
  let weight = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (isEmojiCluster(segment)) {
      weight += 2;
      continue;
    }
    for (const char of segment) weight += isLightCodePoint(char.codePointAt(0) ?? 0) ? 1 : 2;
  }
  return weight;
}

const X_URL_WEIGHT = 23;
const LIGHT_RANGES: ReadonlyArray<[number, number]> = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];

function isLightCodePoint(codePoint: number): boolean {
  return LIGHT_RANGES.some(([start, end]) => codePoint >= start && codePoint <= end);
}

/** URLs with a scheme, and bare domains with a path or a common top-level domain. */
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
