import { parseOrThrow } from '../../errors/validation-error.js';
import type { HistoryEvent } from '../../schemas/history.js';
import { prepareHistoryEvent } from '../shared/history.js';
import { parseId } from '../shared/ids.js';
import { listHistoryFilterSchema, purgeHistorySchema } from '../shared/inputs.js';
import { nowInstant, toInstant } from '../shared/time.js';
import type { HistoryStore } from '../types.js';
import { type MemoryDatabase, requireWorkspace, rowKey } from './database.js';

export function createMemoryHistoryStore(db: MemoryDatabase): HistoryStore {
  return {
    async append(workspaceId, input) {
      const ws = parseId(workspaceId, 'workspaceId');
      const prepared = prepareHistoryEvent(ws, input, nowInstant());
      return db.write((t) => {
        requireWorkspace(t, ws);
        // Event ids are unique per workspace: another workspace's events are never seen here.
        const existing = t.history.get(rowKey(ws, prepared.id));
        if (existing !== undefined) return existing;
        t.lastSeq += 1;
        const event: HistoryEvent = { ...prepared, seq: t.lastSeq };
        t.history.set(rowKey(ws, event.id), event);
        return event;
      });
    },

    async list(workspaceId, filter) {
      const ws = parseId(workspaceId, 'workspaceId');
      const parsed = parseOrThrow(listHistoryFilterSchema, filter ?? {}, 'history filter');
      const postId = parsed.postId?.toLowerCase();
      const accountId = parsed.accountId?.toLowerCase();
      return db.read((t) =>
        [...t.history.values()]
          .filter(
            (e) =>
              e.workspaceId === ws &&
              (postId === undefined || e.postId === postId) &&
              (accountId === undefined || e.accountId === accountId) &&
              (parsed.afterSeq === undefined || e.seq > parsed.afterSeq),
          )
          .slice(0, parsed.limit),
      );
    },

    async purgeOlderThan(before) {
      const cutoff = toInstant(parseOrThrow(purgeHistorySchema, { before }, 'purge').before);
      return db.write((t) => {
        let deleted = 0;
        for (const [id, event] of t.history) {
          if (event.occurredAt < cutoff) {
            t.history.delete(id);
            deleted += 1;
          }
        }
        return { deleted };
      });
    },
  };
}
