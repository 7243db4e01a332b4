import { countThreadsCharacters } from '@relaypost/core';

/**
 * Splits long text into posts of at most `max` characters (counted the Threads way), between
 * words where possible, for a reply chain.
 *
 * @example
 * ```ts
 * splitThreadsText('a long text …', 500) // ['a long …', '… text']
 * ```
 */
export function splitThreadsText(text: string, max: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const word of text.split(/(\s+)/)) {
    const candidate = current + word;
    if (countThreadsCharacters(candidate.trim()) <= max) {
      current = candidate;
      continue;
    }
    if (current.trim()) parts.push(current.trim());
    current = word.trimStart();
    // A single word longer than a post is cut by characters.
    while (countThreadsCharacters(current) > max) {
      let cut = '';
      for (const char of current) {
        if (countThreadsCharacters(cut + char) > max) break;
        cut += char;
      }
      parts.push(cut);
      current = current.slice(cut.length);
    }
  }
  if (current.trim()) parts.push(current.trim());
  return parts.length > 0 ? parts : [''];
}
