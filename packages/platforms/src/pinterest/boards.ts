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
