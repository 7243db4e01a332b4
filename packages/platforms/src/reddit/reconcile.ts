import type { RedditPostKind } from './options.js';
import type { RedditLink } from './wire.js';

/** Text compared the way Reddit may give it back: NFC, line ends unified, ends trimmed. */
const normalise = (text: string | null | undefined) =>
  (text ?? '').normalize('NFC').replace(/\r\n?/g, '\n').trim();

/** What a submission we sent looks like, for finding it again. */
export interface SubmissionLookup {
  subreddit: string;
  title: string;
  kind: RedditPostKind;
  text: string;
  url: string | undefined;
  /** Submissions created before this instant (ms) are not ours. */
  notBefore: number;
}

/**
 * Whether a submission from the account's listing is the one we sent: same subreddit, title and
 * kind, created inside the window, and the same self text or link. Image posts are matched on
 * subreddit and title only (Reddit rehosts the image under a new URL).
 *
 * @example
 * ```ts
 * isSameSubmission(link, { subreddit: 'test', title: 'Hi', kind: 'self', text: 'body', url: undefined, notBefore: 0 })
 * ```
 */
export function isSameSubmission(link: RedditLink, wanted: SubmissionLookup): boolean {
  if (link.created_utc && link.created_utc * 1000 < wanted.notBefore - 1000) return false;
  if (link.subreddit.toLowerCase() !== wanted.subreddit.toLowerCase()) return false;
  if (normalise(link.title) !== normalise(wanted.title)) return false;
  switch (wanted.kind) {
    case 'self':
      return link.is_self !== false && normalise(link.selftext) === normalise(wanted.text);
    case 'link':
      return link.is_self !== true && (link.url ?? '') === (wanted.url ?? '');
    case 'image':
      return link.is_self !== true;
  }
}
