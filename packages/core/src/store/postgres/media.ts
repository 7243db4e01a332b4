import { NotFoundError } from '../../errors/relaypost-error.js';
import { parseOrThrow } from '../../errors/validation-error.js';
import { decodeCursor } from '../shared/cursor.js';
import { parseId } from '../shared/ids.js';
import { mediaPatchSchema, pageOptionsSchema, parseArg } from '../shared/inputs.js';
import { mediaAssetFromInput } from '../shared/media.js';
import { toPage } from '../shared/page.js';
import { nowInstant } from '../shared/time.js';
import type { MediaStoreMetadata } from '../types.js';
import { inTransaction, type PostgresContext, readOnly, requireWorkspace } from './context.js';
import { conflictOnDuplicate } from './errors.js';
import { mediaFromRow, mediaToRow } from './rows.js';

export function createPostgresMediaStore(ctx: PostgresContext): MediaStoreMetadata {
  const ids = (workspaceId: string, mediaId: string) =>
    [parseId(workspaceId, 'workspaceId'), parseId(mediaId, 'mediaId')] as const;

  return {
    async add(workspaceId, input) {
      const ws = parseId(workspaceId, 'workspaceId');
      const asset = mediaAssetFromInput(ws, input, nowInstant());
      await conflictOnDuplicate(`media ${asset.id} already exists`, () =>
        inTransaction(ctx, async (trx) => {
          await requireWorkspace(trx, ws, true);
          await trx.insertInto('media_assets').values(mediaToRow(asset)).execute();
        }),
      );
      return asset;
    },

    async get(workspaceId, mediaId) {
      const [ws, id] = ids(workspaceId, mediaId);
      const row = await readOnly(ctx, (db) =>
        db
          .selectFrom('media_assets')
          .selectAll()
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .executeTakeFirst(),
      );
      if (row === undefined) throw new NotFoundError('media', id);
      return mediaFromRow(row);
    },

    async getMany(workspaceId, mediaIds) {
      const ws = parseId(workspaceId, 'workspaceId');
      const wanted = [...new Set(mediaIds.map((id, i) => parseId(id, `mediaIds.${i}`)))];
      if (wanted.length === 0) return [];
      const rows = await readOnly(ctx, (db) =>
        db
          .selectFrom('media_assets')
          .selectAll()
          .where('workspace_id', '=', ws)
          .where('id', 'in', wanted)
          .execute(),
      );
      const byId = new Map(rows.map((row) => [row.id, mediaFromRow(row)]));
      return wanted.map((id) => {
        const asset = byId.get(id);
        if (asset === undefined) throw new NotFoundError('media', id);
        return asset;
      });
    },

    async list(workspaceId, options) {
      const ws = parseId(workspaceId, 'workspaceId');
      const { limit, cursor } = parseOrThrow(pageOptionsSchema, options ?? {}, 'list options');
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      const rows = await inTransaction(ctx, (trx) => {
        let query = trx.selectFrom('media_assets').selectAll().where('workspace_id', '=', ws);
        if (after !== undefined) {
          query = query.where((eb) =>
            eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(new Date(after.at), after.id)),
          );
        }
        return query
          .orderBy('created_at')
          .orderBy('id')
          .limit(limit + 1)
          .execute();
      });
      return toPage(rows.map(mediaFromRow), limit, (m) => ({ at: m.createdAt, id: m.id }));
    },

    async update(workspaceId, mediaId, patch) {
      const [ws, id] = ids(workspaceId, mediaId);
      const parsed = parseArg(mediaPatchSchema, patch, 'patch');
      const row = await ctx.db
        .updateTable('media_assets')
        // An empty patch changes nothing, but still says whether the asset exists.
        .set((eb) => ({ alt_text: parsed.altText === undefined ? eb.ref('alt_text') : parsed.altText }))
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) throw new NotFoundError('media', id);
      return mediaFromRow(row);
    },

    async delete(workspaceId, mediaId) {
      const [ws, id] = ids(workspaceId, mediaId);
      await inTransaction(ctx, async (trx) => {
        const deleted = await trx
          .deleteFrom('media_assets')
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .executeTakeFirst();
        if (deleted.numDeletedRows === 0n) throw new NotFoundError('media', id);
      });
    },
  };
}
