import { countGraphemes } from '@relaypost/core';
import { utf8Length } from './facets.js';

/** The limits one post of a thread must respect. */
export interface PartLimits {
  /** Lexicon `app.bsky.feed.post#text.maxGraphemes`: 300. */
  maxGraphemes: number;
  /** Lexicon `app.bsky.feed.post#text.maxLength`: 3000 (UTF-8 bytes). */
  maxBytes: number;
}

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });
const graphemeSegmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

function fits(text: string, limits: PartLimits): boolean {
  return countGraphemes(text) <= limits.maxGraphemes && utf8Length(text) <= limits.maxBytes;
}

/** Pieces no longer than a post: sentences, else words, else grapheme runs. */
function pieces(text: string, limits: PartLimits): string[] {
  const out: string[] = [];
  for (const { segment: sentence } of sentences.segment(text)) {
    if (fits(sentence.trim(), limits)) {
      out.push(sentence);
      continue;
    }
    for (const word of sentence.split(/(?<=\s)/u)) {
      if (fits(word.trim(), limits)) {
        out.push(word);
        continue;
      }
      // A "word" longer than a post (a huge URL, a run of emoji): cut between graphemes.
      let run = '';
      for (const { segment } of graphemeSegmenter.segment(word)) {
        if (!fits(run + segment, limits)) {
          out.push(run);
          run = '';
        }
        run += segment;
      }
      if (run !== '') out.push(run);
    }
  }
  return out;
}

/**
 * Splits text into reply-thread parts that each fit a post: between sentences where possible,
 * else between words, never inside a grapheme (so `👩‍👩‍👧` or `नमस्ते` are never cut).
 * Parts are trimmed; text that fits is returned whole.
 *
 * @example
 * ```ts
 * splitForThread(longText, { maxGraphemes: 300, maxBytes: 3000 }) // ['First part.', 'Second part.']
 * ```
 */
export function splitForThread(text: string, limits: PartLimits): string[] {
  const whole = text.trim();
  if (fits(whole, limits)) return [whole];
  const parts: string[] = [];
  let current = '';
  for (const piece of pieces(whole, limits)) {
    if (fits((current + piece).trim(), limits)) {
      current += piece;
      continue;
    }
    if (current.trim() !== '') parts.push(current.trim());
    current = piece;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}
