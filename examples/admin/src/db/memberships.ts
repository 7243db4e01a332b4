import type { Kysely } from 'kysely';
import type { AdminDatabase, Role } from './schema';

export interface Membership {
  workspaceId: string;
  role: Role;
}

/**
 * The user's workspaces, oldest first.
 *
 * @example
 * ```ts
 * const [first] = await membershipsOf(db, user.id);
 * ```
 */
export async function membershipsOf(db: Kysely<AdminDatabase>, userId: string): Promise<Membership[]> {
  const rows = await db
    .selectFrom('admin_membership')
    .select(['workspace_id', 'role'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ workspaceId: r.workspace_id, role: r.role }));
}

/**
 * Adds (or changes) a membership.
 *
 * @example
 * ```ts
 * await addMembership(db, user.id, workspace.id, 'owner');
 * ```
 */
export async function addMembership(
  db: Kysely<AdminDatabase>,
  userId: string,
  workspaceId: string,
  role: Role,
): Promise<void> {
  await db
    .insertInto('admin_membership')
    .values({ user_id: userId, workspace_id: workspaceId, role })
    .onConflict((c) => c.columns(['user_id', 'workspace_id']).doUpdateSet({ role }))
    .execute();
}

/**
 * Forgets a workspace (after it was erased): its memberships and drafts.
 *
 * @example
 * ```ts
 * await forgetWorkspace(db, workspace.id);
 * ```
 */
export async function forgetWorkspace(db: Kysely<AdminDatabase>, workspaceId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('admin_draft').where('workspace_id', '=', workspaceId).execute();
    await tx.deleteFrom('admin_membership').where('workspace_id', '=', workspaceId).execute();
  });
}

/**
 * The workspaces that go when this user's account is deleted: those where they are the only
 * owner. Workspaces another owner shares stay.
 *
 * @example
 * ```ts
 * for (const id of await workspacesOnlyOwnedBy(db, user.id)) await relaypost.workspaces.erase(id);
 * ```
 */
export async function workspacesOnlyOwnedBy(db: Kysely<AdminDatabase>, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('admin_membership as mine')
    .select('mine.workspace_id')
    .where('mine.user_id', '=', userId)
    .where('mine.role', '=', 'owner')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('admin_membership as other')
            .select('other.user_id')
            .whereRef('other.workspace_id', '=', 'mine.workspace_id')
            .where('other.user_id', '!=', userId)
            .where('other.role', '=', 'owner'),
        ),
      ),
    )
    .execute();
  return rows.map((r) => r.workspace_id);
}
