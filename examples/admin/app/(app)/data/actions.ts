'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { forgetWorkspace } from '@/src/db/memberships';
import type { FieldErrors } from '@/src/lib/issues';
import { runtime } from '@/src/runtime';
import { requireWorkspace } from '@/src/server/session';

/** Erases the current workspace for good after its name was typed; owners only. */
export async function eraseWorkspace(typedName: string): Promise<{ errors: FieldErrors }> {
  const { workspace, membership, user } = await requireWorkspace();
  if (membership.role !== 'owner')
    return { errors: { confirm: 'Only the workspace’s owners can delete it.' } };
  if (typedName.trim() !== workspace.name.trim())
    return {
      errors: { confirm: 'The name you typed does not match the workspace’s name. Nothing was deleted.' },
    };
  const { relaypost, db, log } = runtime();
  const { stoppedWorkflows } = await relaypost.workspaces.erase(workspace.id);
  await forgetWorkspace(db, workspace.id);
  log('info', 'workspace erased', { workspaceId: workspace.id, userId: user.id, stoppedWorkflows });
  // The header (workspace switcher, zone) is in the shared layout: render it again too.
  revalidatePath('/', 'layout');
  redirect(`/posts?erased=${stoppedWorkflows}`);
}
