/**
 * Instants are stored and returned as UTC ISO strings with milliseconds
 * (`2026-12-01T09:00:00.000Z`), which is what Postgres `timestamptz` gives back through `pg`,
 * so both stores return the same text and strings sort in time order.
 */
export function toInstant(value: string | Date): string {
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}

export function toInstantOrNull(value: string | Date | null | undefined): string | null {
  return value === null || value === undefined ? null : toInstant(value);
}

/** The current instant in the stored format. */
export function nowInstant(): string {
  return new Date().toISOString();
}
