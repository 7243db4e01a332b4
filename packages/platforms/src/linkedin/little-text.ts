/**
 * LinkedIn's "little" text format, used by `commentary` in the Posts API
 * (learn.microsoft.com/linkedin/marketing/community-management/shares/little-text-format).
 *
 * The reserved characters `\ | { } @ [ ] ( ) < > # * _ ~` start mentions (`@[Name](urn)`),
 * hashtags and templates (`{hashtag|\#|tag}`). Every one of them must be backslash-escaped to be
 * plain text, even where it would not form an element: LinkedIn otherwise cuts the post at the
 * first one or fails it.
 */

/** The characters little reserves; each must be escaped with a backslash to be plain text. */
export const LITTLE_RESERVED = '\\|{}@[]()<>#*_~';

const RESERVED = new Set(LITTLE_RESERVED);
const RESERVED_PATTERN = /[\\|{}@[\]()<>#*_~]/g;
/** A hashtag: `#` (or the full-width `＃`) at a word start, then letters, digits or `_`. */
const HASHTAG = /(^|[^\p{L}\p{N}_&])[#＃]([\p{L}\p{N}_]+)/gu;

/** Options for {@link escapeLittleText}. */
export interface LittleTextOptions {
  /**
   * Send `#word` as LinkedIn's hashtag template (`{hashtag|\#|word}`) so it links to the tag,
   * instead of as plain text. Default false.
   */
  linkHashtags?: boolean;
}

/** Escapes every reserved character: the text reads exactly as written. */
function escapePlain(text: string): string {
  return text.replace(RESERVED_PATTERN, (c) => `\\${c}`);
}

/**
 * Turns plain text into little text that LinkedIn shows as written: every reserved character is
 * backslash-escaped; with `linkHashtags`, `#word` becomes a hashtag template.
 *
 * @example
 * ```ts
 * escapeLittleText('Launch (beta) #ai @team'); // 'Launch \\(beta\\) \\#ai \\@team'
 * escapeLittleText('#ai', { linkHashtags: true }); // '{hashtag|\\#|ai}'
 * ```
 */
export function escapeLittleText(text: string, options: LittleTextOptions = {}): string {
  if (!options.linkHashtags) return escapePlain(text);
  let out = '';
  let cursor = 0;
  for (const match of text.matchAll(HASHTAG)) {
    const lead = match[1] ?? '';
    const tag = match[2] ?? '';
    const start = match.index + lead.length;
    out += `${escapePlain(text.slice(cursor, start))}{hashtag|\\#|${escapePlain(tag)}}`;
    cursor = match.index + match[0].length;
  }
  return out + escapePlain(text.slice(cursor));
}

/**
 * Reads little text the way a member sees it: escapes resolved, mentions shown by name,
 * hashtag templates as `#tag`. Lenient: anything it cannot parse is kept as written. Used to
 * recognise a post read back from LinkedIn, whatever form LinkedIn stored it in.
 *
 * @example
 * ```ts
 * littleTextToPlain('Hi @[Acme](urn:li:organization:1) \\(beta\\) {hashtag|\\#|ai}'); // 'Hi Acme (beta) #ai'
 * ```
 */
export function littleTextToPlain(little: string): string {
  let out = '';
  let i = 0;
  while (i < little.length) {
    const c = little[i] ?? '';
    if (c === '\\' && i + 1 < little.length && RESERVED.has(little[i + 1] ?? '')) {
      out += little[i + 1];
      i += 2;
      continue;
    }
    if (c === '@' && little[i + 1] === '[') {
      const mention = /^@\[((?:\\.|[^\]\\])*)\]\((urn:li:[^)]+)\)/.exec(little.slice(i));
      if (mention) {
        out += littleTextToPlain(mention[1] ?? '');
        i += mention[0].length;
        continue;
      }
    }
    if (c === '{') {
      const template = /^\{hashtag\|(?:\\#|#|＃|\\＃)\|((?:\\.|[^}\\])*)\}/.exec(little.slice(i));
      if (template) {
        out += `#${littleTextToPlain(template[1] ?? '')}`;
        i += template[0].length;
        continue;
      }
    }
    out += c;
    i += 1;
  }
  return out;
}
