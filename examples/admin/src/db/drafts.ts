import type { Kysely } from 'kysely';
import type { ComposeState } from '../lib/compose';
import type { AdminDatabase } from './schema';

export interface Draft {
  id: string;
  userId: string;
  state: ComposeState;
  updatedAt: string;
}

const toDraft = (row: { id: string; user_id: string; state: unknown; updated_at: Date }): Draft => ({
  id: row.id,
  userId: row.user_id,
  state: row.state as ComposeState,
  updatedAt: row.updated_at.toISOString(),
});

/**
 * Saves a composer draft (new when `id` is null); returns its id.
 *
 * @example
 * ```ts
 * const id = await saveDraft(db, { id: null, workspaceId, userId, state });
 * ```
 */
export async function saveDraft(
  db: Kysely<AdminDatabase>,
  input: { id: string | null; workspaceId: string; userId: string; state: ComposeState },
): Promise<string> {
  const state = JSON.stringify({ ...input.state, draftId: null });
  if (input.id) {
    const updated = await db
      .updateTable('admin_draft')
      .set({ state, updated_at: new Date() })
      .where('id', '=', input.id)
      .where('workspace_id', '=', input.workspaceId)
      .returning('id')
      .executeTakeFirst();
    if (updated) return updated.id;
  }
  const row = await db
    .insertInto('admin_draft')
    .values({ workspace_id: input.workspaceId, user_id: input.userId, state })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The workspace's drafts, newest first.
 *
 * @example
 * ```ts
 * const drafts = await listDrafts(db, workspace.id);
 * ```
 */
export async function listDrafts(db: Kysely<AdminDatabase>, workspaceId: string): Promise<Draft[]> {
  const rows = await db
    .selectFrom('admin_draft')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('updated_at', 'desc')
    .limit(100)
    .execute();
  return rows.map(toDraft);
}

/**
 * One draft of the workspace, or null.
 *
 * @example
 * ```ts
 * const draft = await getDraft(db, workspace.id, id);
 * ```
 */
export async function getDraft(
  db: Kysely<AdminDatabase>,
  workspaceId: string,
  id: string,
): Promise<Draft | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const row = await db
    .selectFrom('admin_draft')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toDraft(row) : null;
}

/**
 * Deletes a draft (after it became a post, or on request).
 *
 * @example
 * ```ts
 * await deleteDraft(db, workspace.id, id);
 * ```
 */
export async function deleteDraft(db: Kysely<AdminDatabase>, workspaceId: string, id: string): Promise<void> {
  await db.deleteFrom('admin_draft').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}
