import { z } from 'zod';
import { PINTEREST_LINK_MAX, PINTEREST_TITLE_MAX } from './limits.js';

const numericId = (what: string) => z.string().regex(/^\d+$/, `must be a ${what} id (digits)`);

/**
 * Per-target options for Pinterest: the board (and optionally the section) the Pin goes to, its
 * title and destination link, and the cover of a video Pin.
 *
 * @example
 * ```ts
 * pinterestOptionsSchema.parse({ boardId: '549755885175', title: 'Summer salads', link: 'https://example.com' });
 * ```
 */
export const pinterestOptionsSchema = z
  .object({
    /** The board to pin to (from `listBoards`). */
    boardId: numericId('board'),
    /** A section of that board (from `listBoardSections`). */
    boardSectionId: numericId('board section').optional(),
    title: z.string().max(PINTEREST_TITLE_MAX).optional(),
    /** Where the Pin leads when clicked. */
    link: z.url().max(PINTEREST_LINK_MAX).optional(),
    /** Hex colour shown while the image loads, e.g. `#6E7874`. */
    dominantColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'must be a hex colour like #6E7874')
      .optional(),
    /** Video Pins: the cover image, fetched by Pinterest. */
    coverImageUrl: z.url().optional(),
    /** Video Pins: take the cover from this second of the video instead. */
    coverImageKeyFrameTime: z.number().int().nonnegative().optional(),
  })
  .strict();

export type PinterestOptions = z.output<typeof pinterestOptionsSchema>;
export type PinterestOptionsInput = z.input<typeof pinterestOptionsSchema>;
