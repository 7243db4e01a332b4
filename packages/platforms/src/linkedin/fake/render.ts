/**
 * How the fake shows a post's `commentary`: it parses LinkedIn's little text format the way the
 * grammar reads (escapes, mentions `@[Name](urn:li:...)`, hashtags `#word` and the hashtag template
 * `{hashtag|\#|word}`) and, like LinkedIn, cuts the text at the first reserved character that is
 * neither escaped nor part of an element. Independent of the adapter's own escaping on purpose.
 */

const RESERVED = new Set(['\\', '|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~']);
const WORD = /[\p{L}\p{N}]/u;

/** A rendered commentary. */
export interface RenderedLittle {
  /** The text a member sees. */
  text: string;
  /** Whether LinkedIn would have cut the text (an unescaped reserved character). */
  truncated: boolean;
  hashtags: string[];
  mentions: string[];
}

/** Reads `source` from `start` up to the unescaped `stop`; undefined when it never comes. */
function until(
  source: readonly string[],
  start: number,
  stop: string,
): { value: string; end: number } | undefined {
  let value = '';
  for (let i = start; i < source.length; i++) {
    const c = source[i] ?? '';
    if (c === '\\') {
      const next = source[i + 1];
      if (next === undefined || !RESERVED.has(next)) return undefined;
      value += next;
      i += 1;
      continue;
    }
    if (c === stop) return { value, end: i };
    if (RESERVED.has(c)) return undefined;
    value += c;
  }
  return undefined;
}

/**
 * Renders little text.
 *
 * @example
 * ```ts
 * renderLittle('Hi \\(all\\) #news').text // 'Hi (all) #news'
 * renderLittle('Hi (all)').text // 'Hi ' (cut at the unescaped parenthesis)
 * ```
 */
export function renderLittle(commentary: string): RenderedLittle {
  const chars = [...commentary];
  const hashtags: string[] = [];
  const mentions: string[] = [];
  let text = '';
  let i = 0;
  const cut = () => ({ text, truncated: true, hashtags, mentions });
  while (i < chars.length) {
    const c = chars[i] ?? '';
    if (!RESERVED.has(c)) {
      text += c;
      i += 1;
      continue;
    }
    if (c === '\\') {
      const next = chars[i + 1];
      if (next === undefined || !RESERVED.has(next)) return cut();
      text += next;
      i += 2;
      continue;
    }
    if (c === '@' && chars[i + 1] === '[') {
      const name = until(chars, i + 2, ']');
      if (!name || chars[name.end + 1] !== '(') return cut();
      const urn = chars.slice(name.end + 2).join('');
      const close = urn.indexOf(')');
      if (close < 0 || !/^urn:li:(person|organization):[^()\s]+$/.test(urn.slice(0, close))) return cut();
      mentions.push(urn.slice(0, close));
      text += name.value;
      i = name.end + 2 + [...urn.slice(0, close)].length + 1;
      continue;
    }
    if (c === '{') {
      const head = chars.slice(i, i + 9).join('');
      if (head !== '{hashtag|') return cut();
      let j = i + 9;
      if (chars[j] === '\\' && chars[j + 1] === '#') j += 2;
      else if (chars[j] === '#' || chars[j] === '＃') j += 1;
      else return cut();
      if (chars[j] !== '|') return cut();
      const value = until(chars, j + 1, '}');
      if (!value || value.value === '') return cut();
      hashtags.push(value.value);
      text += `#${value.value}`;
      i = value.end + 1;
      continue;
    }
    if (c === '#' && WORD.test(chars[i + 1] ?? '')) {
      let j = i + 1;
      while (j < chars.length && WORD.test(chars[j] ?? '')) j++;
      const tag = chars.slice(i + 1, j).join('');
      hashtags.push(tag);
      text += `#${tag}`;
      i = j;
      continue;
    }
    return cut();
  }
  return { text, truncated: false, hashtags, mentions };
}
