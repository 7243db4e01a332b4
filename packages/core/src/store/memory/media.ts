import { ConflictError, NotFoundError } from '../../errors/relaypost-error.js';
import { parseOrThrow } from '../../errors/validation-error.js';
import { parseId } from '../shared/ids.js';
import { mediaPatchSchema, pageOptionsSchema, parseArg } from '../shared/inputs.js';
import { mediaAssetFromInput } from '../shared/media.js';
import { toPage } from '../shared/page.js';
import { nowInstant } from '../shared/time.js';
import type { MediaStoreMetadata } from '../types.js';
import {
  byCreation,
  type MemoryDatabase,
  pageAfter,
  requireInWorkspace,
  requireWorkspace,
  rowKey,
} from './database.js';

export function createMemoryMediaStore(db: MemoryDatabase): MediaStoreMetadata {
  const ids = (workspaceId: string, mediaId: string) =>
    [parseId(workspaceId, 'workspaceId'), parseId(mediaId, 'mediaId')] as const;

  return {
    async add(workspaceId, input) {
      const ws = parseId(workspaceId, 'workspaceId');
      const asset = mediaAssetFromInput(ws, input, nowInstant());
      return db.write((t) => {
        requireWorkspace(t, ws);
        if (t.media.has(rowKey(ws, asset.id))) throw new ConflictError(`media ${asset.id} already exists`);
        t.media.set(rowKey(ws, asset.id), asset);
        return asset;
      });
    },

    async get(workspaceId, mediaId) {
      const [ws, id] = ids(workspaceId, mediaId);
      return db.read((t) => requireInWorkspace(t.media, 'media', ws, id));
    },

    async getMany(workspaceId, mediaIds) {
      const ws = parseId(workspaceId, 'workspaceId');
      const wanted = [...new Set(mediaIds.map((id, i) => parseId(id, `mediaIds.${i}`)))];
      return db.read((t) =>
        wanted.map((id) => {
          const asset = t.media.get(rowKey(ws, id));
          if (asset === undefined) throw new NotFoundError('media', id);
          return asset;
        }),
      );
    },

    async list(workspaceId, options) {
      const ws = parseId(workspaceId, 'workspaceId');
      const { limit, cursor } = parseOrThrow(pageOptionsSchema, options ?? {}, 'list options');
      const rows = db.read((t) =>
        pageAfter(
          [...t.media.values()].filter((m) => m.workspaceId === ws),
          byCreation,
          limit,
          cursor,
        ),
      );
      return toPage(rows, limit, byCreation);
    },

    async update(workspaceId, mediaId, patch) {
      const [ws, id] = ids(workspaceId, mediaId);
      const parsed = parseArg(mediaPatchSchema, patch, 'patch');
      return db.write((t) => {
        const asset = requireInWorkspace(t.media, 'media', ws, id);
        const next = parsed.altText === undefined ? asset : { ...asset, altText: parsed.altText };
        t.media.set(rowKey(ws, id), next);
        return next;
      });
    },

    async delete(workspaceId, mediaId) {
      const [ws, id] = ids(workspaceId, mediaId);
      db.write((t) => {
        requireInWorkspace(t.media, 'media', ws, id);
        t.media.delete(rowKey(ws, id));
      });
    },
  };
}
