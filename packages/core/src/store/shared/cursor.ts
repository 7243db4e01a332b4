import { ValidationError } from '../../errors/validation-error.js';
import { idSchema } from '../../schemas/common.js';

/** Where a page ended: the sort key (an instant) and the id that breaks ties. */
export interface CursorPosition {
  at: string;
  id: string;
}

/** Turns a position into an opaque string callers pass back unchanged. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id]), 'utf8').toString('base64url');
}

/** Reads a cursor from {@link encodeCursor}; anything else is a ValidationError on `cursor`. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      idSchema.safeParse(value[1]).success
    ) {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // Fall through to the same error as a well-formed but wrong value.
  }
  throw new ValidationError([{ path: 'cursor', message: 'is not a cursor returned by this list' }]);
}

/** Where a page of rows from every workspace ended: the instant, then workspace and id. */
export interface ScopedCursorPosition {
  at: string;
  workspaceId: string;
  id: string;
}

/** Like {@link encodeCursor}, for lists across workspaces (ids are unique per workspace only). */
export function encodeScopedCursor(position: ScopedCursorPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.workspaceId, position.id]), 'utf8').toString(
    'base64url',
  );
}

/** Reads a cursor from {@link encodeScopedCursor}; anything else is a ValidationError on `cursor`. */
export function decodeScopedCursor(cursor: string): ScopedCursorPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      idSchema.safeParse(value[1]).success &&
      idSchema.safeParse(value[2]).success
    ) {
      return { at: value[0], workspaceId: value[1], id: value[2] };
    }
  } catch {
    // Fall through to the same error as a well-formed but wrong value.
  }
  throw new ValidationError([{ path: 'cursor', message: 'is not a cursor returned by this list' }]);
}

/** Compares two positions in list order. */
export function comparePositions(a: CursorPosition, b: CursorPosition): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return a.id === b.id ? 0 : a.id < b.id ? -1 : 1;
}
