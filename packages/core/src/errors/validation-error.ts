import type { z } from 'zod';
import { hasMarker, stamp } from './marker.js';
import { RelayPostError } from './relaypost-error.js';

/** One problem with the input: where it is, what is wrong, and the limit it broke if any. */
export interface ValidationIssue {
  /** Dotted path to the field, e.g. `targets.0.options.title`. */
  path: string;
  message: string;
  /** The limit that was broken (a count, a byte size, a list of allowed values). */
  limit?: number | string | readonly string[];
  /** The value measured against the limit (a length, a size, the value given). */
  actual?: number | string;
}

/**
 * Bad input. Lists every problem found, each naming its field, so a caller can show them all at once.
 *
 * @example
 * ```ts
 * if (ValidationError.isInstance(e)) for (const i of e.issues) console.log(i.path, i.message);
 * ```
 */
export class ValidationError extends RelayPostError {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], context?: string) {
    super('validation', formatMessage(issues, context));
    this.name = 'ValidationError';
    this.issues = issues;
    stamp(this, 'validation');
  }

  static override isInstance(error: unknown): error is ValidationError {
    return hasMarker(error, 'validation');
  }

  /** Converts a zod error into a ValidationError with dotted paths. */
  static fromZod(error: z.ZodError, context?: string, pathPrefix = ''): ValidationError {
    return new ValidationError(
      error.issues.map((issue) => {
        const path = [pathPrefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
        const result: ValidationIssue = { path: path || '(root)', message: issue.message };
        if ('maximum' in issue && (typeof issue.maximum === 'number' || typeof issue.maximum === 'bigint')) {
          result.limit = Number(issue.maximum);
        } else if (
          'minimum' in issue &&
          (typeof issue.minimum === 'number' || typeof issue.minimum === 'bigint')
        ) {
          result.limit = Number(issue.minimum);
        }
        return result;
      }),
      context,
    );
  }
}

function formatMessage(issues: readonly ValidationIssue[], context?: string): string {
  const head = context ? `Invalid ${context}` : 'Invalid input';
  const lines = issues.map((i) => {
    const limit =
      i.limit === undefined ? '' : ` (limit ${Array.isArray(i.limit) ? i.limit.join('|') : i.limit}`;
    const actual = i.actual === undefined ? '' : `${limit ? ', ' : ' ('}actual ${i.actual}`;
    const close = limit || actual ? ')' : '';
    return `${i.path}: ${i.message}${limit}${actual}${close}`;
  });
  return `${head}: ${lines.join('; ')}`;
}

/**
 * Parses `input` with `schema`, throwing a ValidationError that names every bad field.
 *
 * @example
 * ```ts
 * const post = parseOrThrow(createPostInputSchema, body, 'post');
 * ```
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, context?: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, context);
  return parsed.data;
}
