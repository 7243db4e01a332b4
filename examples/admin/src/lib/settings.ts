/**
 * Brand-voice samples are edited as one text area, separated by a line holding only `---`.
 *
 * @example
 * ```ts
 * parseSamples('One\n---\nTwo') // ['One', 'Two']
 * ```
 */
export function parseSamples(text: string): string[] {
  return text
    .split(/^\s*---\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Chat ids (numbers, or `@channel` names) and user ids, separated by commas, spaces or lines.
 *
 * @example
 * ```ts
 * parseIdList('42, @team_channel\n-100123') // ['42', '@team_channel', '-100123']
 * ```
 */
export function parseIdList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A typed secret, or the stored one when the field was left empty. The UI never has the stored
 * value (fields are write-only), so the server sends it back itself: it stays whether the store
 * replaces or merges the settings object.
 *
 * @example
 * ```ts
 * keepSecret('', workspace.ai?.anthropicApiKey) // the stored key, revealed server-side only
 * ```
 */
export function keepSecret(
  typed: string | undefined,
  stored: { reveal(): string } | null | undefined,
): string | undefined {
  const value = typed?.trim();
  if (value) return value;
  return stored ? stored.reveal() : undefined;
}
