import type { Selectable } from 'kysely';
import { NotFoundError } from '../../errors/relaypost-error.js';
import { parseOrThrow } from '../../errors/validation-error.js';
import { prepareHistoryEvent } from '../shared/history.js';
import { parseId } from '../shared/ids.js';
import { listHistoryFilterSchema, purgeHistorySchema } from '../shared/inputs.js';
import { nowInstant, toInstant } from '../shared/time.js';
import type { HistoryStore } from '../types.js';
import { inTransaction, type PostgresContext, readOnly, requireWorkspace } from './context.js';
import { isForeignKeyViolation } from './errors.js';
import { historyFromRow, historyToRow } from './rows.js';
import type { HistoryEventsTable } from './schema.js';

export function createPostgresHistoryStore(ctx: PostgresContext): HistoryStore {
  return {
    async append(workspaceId, input) {
      const ws = parseId(workspaceId, 'workspaceId');
      const event = prepareHistoryEvent(ws, input, nowInstant());
      // One statement: the foreign key to the workspace locks it against an erase meanwhile, and
      // refuses the row once the workspace is gone. Several run for every post, so no round trips
      // beyond it.
      let inserted: Selectable<HistoryEventsTable> | undefined;
      try {
        inserted = await ctx.db
          .insertInto('history_events')
          .values(historyToRow(event))
          .onConflict((oc) => oc.columns(['workspace_id', 'id']).doNothing())
          .returningAll()
          .executeTakeFirst();
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new NotFoundError('workspace', ws);
        throw error;
      }
      if (inserted !== undefined) return historyFromRow(inserted);
      return inTransaction(ctx, async (trx) => {
        await requireWorkspace(trx, ws);
        const existing = await trx
          .selectFrom('history_events')
          .selectAll()
          .where('workspace_id', '=', ws)
          .where('id', '=', event.id)
          .executeTakeFirst();
        // Only a workspace's own events conflict; one erased meanwhile took them along.
        if (existing === undefined) throw new NotFoundError('workspace', ws);
        return historyFromRow(existing);
      });
    },

    async list(workspaceId, filter) {
      const ws = parseId(workspaceId, 'workspaceId');
      const f = parseOrThrow(listHistoryFilterSchema, filter ?? {}, 'history filter');
      const rows = await readOnly(ctx, (db) =>
        db
          .selectFrom('history_events')
          .selectAll()
          .where('workspace_id', '=', ws)
          .$if(f.postId !== undefined, (q) => q.where('post_id', '=', f.postId!.toLowerCase()))
          .$if(f.accountId !== undefined, (q) => q.where('account_id', '=', f.accountId!.toLowerCase()))
          .$if(f.afterSeq !== undefined, (q) => q.where('seq', '>', String(f.afterSeq)))
          .orderBy('seq')
          .limit(f.limit)
          .execute(),
      );
      return rows.map(historyFromRow);
    },

    async purgeOlderThan(before) {
      const cutoff = toInstant(parseOrThrow(purgeHistorySchema, { before }, 'purge').before);
      const result = await inTransaction(ctx, (trx) =>
        trx.deleteFrom('history_events').where('occurred_at', '<', new Date(cutoff)).executeTakeFirst(),
      );
      return { deleted: Number(result.numDeletedRows) };
    },
  };
}
