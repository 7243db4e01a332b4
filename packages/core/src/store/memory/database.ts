import { NotFoundError } from '../../errors/relaypost-error.js';
import type { HistoryEvent } from '../../schemas/history.js';
import type { MediaAsset } from '../../schemas/media.js';
import type { Post } from '../../schemas/post.js';
import { type CursorPosition, comparePositions, decodeCursor } from '../shared/cursor.js';
import type { AccountRecord, WorkspaceRecord } from '../shared/records.js';

/**
 * The tables of the memory store. Records are plain data, so they can be deep-copied. Rows that
 * belong to a workspace are keyed by `<workspaceId>/<id>`: their ids are unique per workspace, as the
 * Postgres keys `(workspace_id, id)` make them.
 */
export interface MemoryTables {
  workspaces: Map<string, WorkspaceRecord>;
  accounts: Map<string, AccountRecord>;
  posts: Map<string, Post>;
  /** Post key → the publish hold it is armed with (see `PostStore.armPublish`). */
  publishHolds: Map<string, string>;
  media: Map<string, MediaAsset>;
  /** In append order, which is `seq` order. */
  history: Map<string, HistoryEvent>;
  lastSeq: number;
}

/**
 * The data behind one or more memory stores. Two stores built on one database see the same
 * data, which is how tests reopen a store with a rotated keyring.
 *
 * Every write runs on a copy that replaces the data only when the write finished, so a write that
 * throws half-way leaves nothing behind, like a rolled-back transaction.
 */
export class MemoryDatabase {
  #tables: MemoryTables = {
    workspaces: new Map(),
    accounts: new Map(),
    posts: new Map(),
    publishHolds: new Map(),
    media: new Map(),
    history: new Map(),
    lastSeq: 0,
  };

  /** Runs a read; the result is a copy, so callers cannot change stored data through it. */
  read<T>(query: (tables: Readonly<MemoryTables>) => T): T {
    return structuredClone(query(this.#tables));
  }

  /** Runs a write on a copy of the data and keeps the copy only when `change` returns. */
  write<T>(change: (tables: MemoryTables) => T): T {
    const draft = structuredClone(this.#tables);
    const result = change(draft);
    this.#tables = draft;
    return structuredClone(result);
  }
}

/**
 * Creates empty data for {@link createMemoryStore}.
 *
 * @example
 * ```ts
 * const database = createMemoryDatabase();
 * const store = createMemoryStore({ keyring, database });
 * const rotated = createMemoryStore({ keyring: newKeyring, database }); // same data
 * ```
 */
export function createMemoryDatabase(): MemoryDatabase {
  return new MemoryDatabase();
}

export function requireWorkspace(tables: Readonly<MemoryTables>, workspaceId: string): WorkspaceRecord {
  const workspace = tables.workspaces.get(workspaceId);
  if (workspace === undefined) throw new NotFoundError('workspace', workspaceId);
  return workspace;
}

/** The key of a workspace's row in its table: the same id may be used in another workspace. */
export function rowKey(workspaceId: string, id: string): string {
  return `${workspaceId}/${id}`;
}

/** Looks a workspace's row up by id. */
export function requireInWorkspace<T extends { workspaceId: string }>(
  table: ReadonlyMap<string, T>,
  entity: string,
  workspaceId: string,
  id: string,
): T {
  const row = table.get(rowKey(workspaceId, id));
  if (row === undefined) throw new NotFoundError(entity, id);
  return row;
}

/** Rows in list order (the order Postgres' `ORDER BY <time>, id` gives). */
export function sortedBy<T>(rows: Iterable<T>, position: (row: T) => CursorPosition): T[] {
  return [...rows].sort((a, b) => comparePositions(position(a), position(b)));
}

/** Rows sorted by position, starting after the cursor, one more than `limit` (see `toPage`). */
export function pageAfter<T>(
  rows: Iterable<T>,
  position: (row: T) => CursorPosition,
  limit: number,
  cursor: string | undefined,
): T[] {
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  return sortedBy(rows, position)
    .filter((row) => after === undefined || comparePositions(position(row), after) > 0)
    .slice(0, limit + 1);
}

export function byCreation(row: { createdAt: string; id: string }): CursorPosition {
  return { at: row.createdAt, id: row.id };
}
