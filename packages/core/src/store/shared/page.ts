import type { Page, UnfinishedPost } from '../types.js';
import { type CursorPosition, encodeCursor, encodeScopedCursor } from './cursor.js';

/**
 * Turns `limit + 1` fetched items into a page: the extra item only says another page exists.
 */
export function toPage<T>(fetched: T[], limit: number, position: (item: T) => CursorPosition): Page<T> {
  const items = fetched.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: fetched.length > limit && last !== undefined ? encodeCursor(position(last)) : null,
  };
}

/** {@link toPage} for the unfinished posts of every workspace (see `PostStore.listUnfinished`). */
export function toUnfinishedPage(fetched: UnfinishedPost[], limit: number): Page<UnfinishedPost> {
  const items = fetched.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      fetched.length > limit && last !== undefined
        ? encodeScopedCursor({ at: last.updatedAt, workspaceId: last.workspaceId, id: last.postId })
        : null,
  };
}
