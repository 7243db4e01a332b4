import { findXUrls } from '@relaypost/core';
import type { XTimelineTweet } from './wire.js';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };
const URL_MARK = '\u0000url';

/**
 * Text in the form X gives it back, for comparing a post we sent with one from a timeline:
 * NFC, `&amp;`/`&lt;`/`&gt;` decoded, every URL X links (found by twitter-text, as X finds them:
 * bare domains too; X rewrites them all to t.co) replaced by a marker, runs of whitespace
 * collapsed, ends trimmed.
 *
 * @example
 * ```ts
 * normaliseXText('Read example.de &amp; more') === normaliseXText('Read https://t.co/xyz & more') // true
 * ```
 */
export function normaliseXText(text: string): string {
  const decoded = text.normalize('NFC').replace(/&(amp|lt|gt);/g, (entity) => ENTITIES[entity] ?? entity);
  let marked = '';
  let cursor = 0;
  for (const { start, end } of findXUrls(decoded)) {
    marked += decoded.slice(cursor, start) + URL_MARK;
    cursor = end;
  }
  marked += decoded.slice(cursor);
  return marked.replace(/\s+/g, ' ').trim();
}

/**
 * Finds the chain of posts that match `parts` in a timeline: the first part (a post that is not
 * a reply, or replies to `replyTo`, newest first), then each next part as a reply to the one
 * before. Parts already known (from recorded progress) are taken as given. Returns the ids found,
 * in order — possibly fewer than `parts` when a thread landed only in part.
 *
 * @example
 * ```ts
 * findChain(timeline, ['first', 'second'], []) // ['1890', '1891']
 * ```
 */
export function findChain(
  timeline: readonly XTimelineTweet[],
  parts: readonly string[],
  known: readonly string[],
  replyTo?: string,
): string[] {
  const repliedTo = (tweet: XTimelineTweet) =>
    tweet.referenced_tweets?.find((ref) => ref.type === 'replied_to')?.id;
  const found: string[] = [...known.slice(0, parts.length)];
  for (let index = found.length; index < parts.length; index++) {
    const wanted = normaliseXText(parts[index] ?? '');
    const parent = index === 0 ? replyTo : found[index - 1];
    const match = timeline.find(
      (tweet) =>
        normaliseXText(tweet.text) === wanted && repliedTo(tweet) === parent && !found.includes(tweet.id),
    );
    if (!match) break;
    found.push(match.id);
  }
  return found;
}
