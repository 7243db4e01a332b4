import { countText, type TextCounting } from '@relaypost/core';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const ELLIPSIS = '…';

/**
 * Cuts `text` so it counts at most `maxLength` the platform's way: at a word boundary where one
 * is close enough, never inside a grapheme (emoji, accents), with an ellipsis when cut.
 *
 * @example
 * ```ts
 * fitToLimit('A fairly long sentence here', 15, 'characters') // 'A fairly long…'
 * ```
 */
export function fitToLimit(text: string, maxLength: number, counting: TextCounting): string {
  const trimmed = text.trim();
  if (countText(trimmed, counting) <= maxLength) return trimmed;
  const graphemes = Array.from(segmenter.segment(trimmed), (s) => s.segment);
  const fits = (n: number) =>
    countText(`${graphemes.slice(0, n).join('').trimEnd()}${ELLIPSIS}`, counting) <= maxLength;
  // Largest prefix that fits; counting is monotone except around URLs, so settle by stepping down.
  let low = 0;
  let high = graphemes.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  while (low > 0 && !fits(low)) low--;
  if (low === 0) return countText(ELLIPSIS, counting) <= maxLength ? ELLIPSIS : '';
  let end = low;
  // Back up to the last space when it keeps most of the text, so no word is cut in half.
  if (!/\s/.test(graphemes[low] ?? ' ')) {
    for (let i = low - 1; i > low * 0.6; i--) {
      if (/\s/.test(graphemes[i] ?? '')) {
        end = i;
        break;
      }
    }
  }
  const head = graphemes
    .slice(0, end)
    .join('')
    .replace(/[\s,;:–—-]+$/u, '');
  return `${head}${ELLIPSIS}`;
}
