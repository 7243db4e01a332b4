import type { PinterestApi, PinterestCall } from './api.js';
import { pinterestBoardSchema, pinterestPageSchema, pinterestSectionSchema } from './wire.js';

/** A board the account can pin to. */
export interface PinterestBoard {
  id: string;
  name: string;
  description: string | null;
  /** `PUBLIC`, `PROTECTED` or `SECRET`. */
  privacy: string | null;
}

/** A section of a board. */
export interface PinterestBoardSection {
  id: string;
  name: string;
}

/**
 * The scopes secret boards need (Pinterest's OpenAPI document): `boards:read_secret` to see them,
 * `pins:read_secret` to read their Pins (reconciliation), `pins:write_secret` to pin to them.
 */
export const PINTEREST_SECRET_BOARD_SCOPES = ['boards:read_secret', 'pins:read_secret', 'pins:write_secret'];

/**
 * Whether a grant may pin to secret boards: it sees them (`boards:read_secret`) and may create
 * their Pins (`pins:write_secret`).
 *
 * @example
 * ```ts
 * canPinToSecretBoards(['boards:read', 'pins:write']) // false
 * canPinToSecretBoards([...PINTEREST_DEFAULT_SCOPES, ...PINTEREST_SECRET_BOARD_SCOPES]) // true
 * ```
 */
export function canPinToSecretBoards(scopes: readonly string[]): boolean {
  return scopes.includes('boards:read_secret') && scopes.includes('pins:write_secret');
}

/**
 * The boards to offer for pinning under a grant: secret boards only when it may pin to them.
 *
 * @example
 * ```ts
 * offeredBoards(boards, grantedScopes).map((b) => b.name)
 * ```
 */
export function offeredBoards<B extends { privacy: string | null }>(
  boards: readonly B[],
  scopes: readonly string[],
): B[] {
  const secretOk = canPinToSecretBoards(scopes);
  return boards.filter((board) => board.privacy !== 'SECRET' || secretOk);
}

/** Pinterest's largest page (`page_size` maximum in the OpenAPI document). */
const PAGE_SIZE = '250';

/** Follows `bookmark` cursors until the last page or `maxPages`. */
async function allPages<T>(
  fetchPage: (bookmark: string | undefined) => Promise<{ items: T[]; bookmark?: string | null | undefined }>,
  maxPages: number,
): Promise<T[]> {
  const items: T[] = [];
  let bookmark: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const answer = await fetchPage(bookmark);
    items.push(...answer.items);
    if (!answer.bookmark) break;
    bookmark = answer.bookmark;
  }
  return items;
}

/**
 * Every board the account owns or collaborates on (`GET /v5/boards`, following `bookmark`).
 *
 * @example
 * ```ts
 * const boards = await listPinterestBoards(api, { token }, { maxPages: 10 });
 * ```
 */
export async function listPinterestBoards(
  api: PinterestApi,
  call: PinterestCall,
  options: { maxPages: number; privacy?: 'PUBLIC' | 'PROTECTED' | 'SECRET' | undefined },
): Promise<PinterestBoard[]> {
  const page = pinterestPageSchema(pinterestBoardSchema);
  const boards = await allPages(async (bookmark) => {
    const query: Record<string, string> = { page_size: PAGE_SIZE };
    if (bookmark) query.bookmark = bookmark;
    if (options.privacy) query.privacy = options.privacy;
    return page.parse(await api.get('/boards', call, query));
  }, options.maxPages);
  return boards.map((b) => ({
    id: b.id,
    name: b.name,
    description: b.description ?? null,
    privacy: b.privacy ?? null,
  }));
}

/**
 * The sections of one board (`GET /v5/boards/{board_id}/sections`, following `bookmark`).
 *
 * @example
 * ```ts
 * const sections = await listPinterestBoardSections(api, { token }, '549755885175', { maxPages: 10 });
 * ```
 */
export async function listPinterestBoardSections(
  api: PinterestApi,
  call: PinterestCall,
  boardId: string,
  options: { maxPages: number },
): Promise<PinterestBoardSection[]> {
  const page = pinterestPageSchema(pinterestSectionSchema);
  return allPages(async (bookmark) => {
    const query: Record<string, string> = { page_size: PAGE_SIZE };
    if (bookmark) query.bookmark = bookmark;
    return page.parse(await api.get(`/boards/${encodeURIComponent(boardId)}/sections`, call, query));
  }, options.maxPages);
}
