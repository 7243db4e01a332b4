import { createHash } from 'node:crypto';

/**
 * A stable UUID made from other ids, so an activity that records several events per run records
 * each exactly once across retries (RFC 9562 layout with version 8: "custom").
 */
export function deriveId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
