import { countXWeighted } from '@relaypost/core';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Splits text into parts of at most `limit` weighted characters, breaking between words
 * (a word longer than the limit is cut between graphemes). Text within the limit stays whole.
 *
 * @example
 * ```ts
 * splitForThread('a long text …', 280) // ['a long …', '… text']
 * ```
 */
export function splitForThread(text: string, limit: number): string[] {
  const trimmed = text.trim();
  if (countXWeighted(trimmed) <= limit) return [trimmed];
  const parts: string[] = [];
  let current = '';
  for (const token of trimmed.match(/\S+\s*/g) ?? []) {
    const candidate = current + token;
    if (countXWeighted(candidate.trimEnd()) <= limit) {
      current = candidate;
      continue;
    }
    if (current.trim()) parts.push(current.trim());
    current = '';
    const word = token.trimEnd();
    if (countXWeighted(word) <= limit) {
      current = token;
      continue;
    }
    // One word over the limit (a very long URL-less string): cut it between graphemes.
    for (const { segment } of segmenter.segment(word)) {
      if (countXWeighted(current + segment) > limit) {
        parts.push(current);
        current = '';
      }
      current += segment;
    }
    current += token.slice(word.length);
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}
