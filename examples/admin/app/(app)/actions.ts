'use server';
import { cookies } from 'next/headers';
import { membershipsOf } from '@/src/db/memberships';
import { runtime } from '@/src/runtime';
import { requireUser, WORKSPACE_COOKIE } from '@/src/server/session';

/** Makes `workspaceId` the current workspace, if the user belongs to it. */
export async function switchWorkspace(workspaceId: string): Promise<void> {
  const user = await requireUser();
  const memberships = await membershipsOf(runtime().db, user.id);
  if (!memberships.some((m) => m.workspaceId === workspaceId)) return;
  (await cookies()).set(WORKSPACE_COOKIE, workspaceId, {
    httpOnly: true,
    sameSite: 'lax',
    secure: runtime().publicUrl.startsWith('https:'),
    path: '/',
    maxAge: 60 * 60 * 24 * 365,
  });
}
