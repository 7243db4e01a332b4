/**
 * Errors are recognised by a `Symbol.for` marker instead of `instanceof`, so checks keep working
 * when two copies of `@relaypost/core` are installed or when an error crossed Temporal's sandbox.
 */
export function markerFor(name: string): symbol {
  return Symbol.for(`relaypost.error.${name}`);
}

/** Stamps `target` with the marker of `name` (non-enumerable, so it never shows in JSON). */
export function stamp(target: object, name: string): void {
  Object.defineProperty(target, markerFor(name), { value: true, enumerable: false });
}

export function hasMarker(value: unknown, name: string): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[markerFor(name)] === true
  );
}
