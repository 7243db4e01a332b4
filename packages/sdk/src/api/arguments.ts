import { ValidationError } from '@relaypost/core';

/**
 * An SDK argument that must be a plain object (an edit, a time, an upload), or a
 * `ValidationError` naming it: `null`, strings, arrays and class instances are refused before
 * anything looks inside them.
 */
export function objectArgument<T>(value: T, name: string): T & Record<string, unknown> {
  const plain =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    [Object.prototype, null].includes(Object.getPrototypeOf(value));
  if (!plain) throw new ValidationError([{ path: name, message: 'must be an object' }], name);
  return value as T & Record<string, unknown>;
}
