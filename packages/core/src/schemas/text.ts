import { z } from 'zod';

/** A high surrogate without its low half, or a low one without its high half. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether RelayPost accepts `value` as text: any Unicode text except NUL (U+0000) and unpaired
 * UTF-16 surrogates (half of an emoji, as a truncating client leaves it). Postgres stores neither
 * in `text` or `jsonb` columns, and the platforms refuse them too, so they are refused at the
 * door with the field's name instead of failing later.
 *
 * @example
 * ```ts
 * isAcceptedText('Hello 👋'); // true
 * isAcceptedText('a\u0000b'); // false
 * isAcceptedText('\uD83D');   // false: a lone high surrogate
 * ```
 */
export function isAcceptedText(value: string): boolean {
  return textProblem(value) === null;
}

/** Why {@link isAcceptedText} refused a value, in words a user understands. */
export function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain NUL characters (U+0000)';
  if (UNPAIRED_SURROGATE.test(value))
    return 'must not contain broken characters (an unpaired UTF-16 surrogate)';
  return null;
}

/** The options of {@link textSchema}. */
export interface TextSchemaOptions {
  /** Most characters (UTF-16 code units, as JavaScript counts `length`). */
  max: number;
  /** Fewest characters; `1` refuses the empty string. */
  min?: number;
  /** Trim surrounding whitespace before the checks. */
  trim?: boolean;
}

/**
 * A string field of RelayPost's input: bounded, refusing what {@link isAcceptedText} refuses, with
 * messages that name the limit.
 *
 * @example
 * ```ts
 * const nameSchema = textSchema({ max: 200, min: 1, trim: true });
 * nameSchema.parse('  Acme  '); // 'Acme'
 * ```
 */
export function textSchema({ max, min, trim }: TextSchemaOptions) {
  let schema = z.string();
  if (trim) schema = schema.trim();
  if (min !== undefined)
    schema = schema.min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
  return schema.max(max, `must be at most ${max} characters`).superRefine((value, ctx) => {
    const problem = textProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}
