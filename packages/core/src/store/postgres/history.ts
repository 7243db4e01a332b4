import { ConflictError } from '../../errors/relaypost-error.js';
import { parseOrThrow } from '../../errors/validation-error.js';
import { prepareHistoryEvent } from '../shared/history.js';
import { parseId } from '../shared/ids.js';
import { listHistoryFilterSchema, purgeHistorySchema } from '../shared/inputs.js';
import { nowInstant, toInstant } from '../shared/time.js';
import type { HistoryStore } from '../types.js';
import { inTransaction, type PostgresContext, requireWorkspace } from './context.js';
import { historyFromRow, historyToRow } from './rows.js';

export function createPostgresHistoryStore(ctx: PostgresContext): HistoryStore {
  return {
    async append(workspaceId, input) {
      const ws = parseId(workspaceId, 'workspaceId');
      const event = prepareHistoryEvent(ws, input, nowInstant());
      return inTransaction(ctx, async (trx) => {
        await requireWorkspace(trx, ws, true);
        const inserted = await trx
          .insertInto('history_events')
          .values(historyToRow(event))
          .onConflict((oc) => oc.column('id').doNothing())
          .returningAll()
          .executeTakeFirst();
        if (inserted !== undefined) return historyFromRow(inserted);
        const existing = await trx
          .selectFrom('history_events')
          .selectAll()
          .where('workspace_id', '=', ws)
          .where('id', '=', event.id)
          .executeTakeFirst();
        // Same id in another workspace: refuse without saying what that event is.
        if (existing === undefined) throw new ConflictError(`history event ${event.id} already exists`);
        return historyFromRow(existing);
      });
    },

    async list(workspaceId, filter) {
      const ws = parseId(workspaceId, 'workspaceId');
      const f = parseOrThrow(listHistoryFilterSchema, filter ?? {}, 'history filter');
      const rows = await inTransaction(ctx, (trx) =>
        trx
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
