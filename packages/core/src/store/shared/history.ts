import { parseOrThrow } from '../../errors/validation-error.js';
import { type HistoryEventInput, historyEventInputSchema } from '../../schemas/history.js';
import { newId, normalizeId } from './ids.js';
import { toInstant } from './time.js';

/** Validates an append and fills in the id and time, ready to store (the store assigns `seq`). */
export function prepareHistoryEvent(workspaceId: string, input: HistoryEventInput, now: string) {
  const parsed = parseOrThrow(historyEventInputSchema, input, 'history event');
  const optionalId = (id: string | undefined) => (id === undefined ? null : normalizeId(id));
  return {
    id: parsed.id === undefined ? newId() : normalizeId(parsed.id),
    workspaceId,
    type: parsed.type,
    postId: optionalId(parsed.postId),
    targetId: optionalId(parsed.targetId),
    accountId: optionalId(parsed.accountId),
    actor: parsed.actor,
    data: parsed.data,
    occurredAt: parsed.occurredAt === undefined ? now : toInstant(parsed.occurredAt),
  };
}
