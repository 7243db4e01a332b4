import type { PinterestPinWire } from './wire.js';

/** Text as Pinterest keeps it, for comparing: NFC, runs of whitespace collapsed, ends trimmed. */
export const normalisePinText = (text: string | null | undefined) =>
  (text ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();

/** Links compared without a trailing slash (⚠ in case Pinterest normalises them). */
const sameLink = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '').replace(/\/+$/, '') === (b ?? '').replace(/\/+$/, '');

/** What a Pin we sent looks like, for finding it again. */
export interface PinLookup {
  description: string;
  title: string | undefined;
  link: string | undefined;
  boardSectionId: string | undefined;
  /** Pins created before this instant (ms) are not ours. */
  notBefore: number;
}

/**
 * Whether a Pin from a board listing is the one we sent: same description, title, link and
 * section, created inside the window. Pinterest has no idempotency key, so this is the check.
 *
 * @example
 * ```ts
 * isSamePin(pin, { description: 'Salads', title: 'Summer', link: undefined, boardSectionId: undefined, notBefore: 0 })
 * ```
 */
export function isSamePin(pin: PinterestPinWire, wanted: PinLookup): boolean {
  if (pin.created_at) {
    const created = Date.parse(pin.created_at);
    if (!Number.isNaN(created) && created < wanted.notBefore) return false;
  }
  if (wanted.boardSectionId && pin.board_section_id && pin.board_section_id !== wanted.boardSectionId)
    return false;
  return (
    normalisePinText(pin.description) === normalisePinText(wanted.description) &&
    normalisePinText(pin.title) === normalisePinText(wanted.title) &&
    sameLink(pin.link, wanted.link)
  );
}
