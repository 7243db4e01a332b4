import { type Actor, NotFoundError, type Workspace } from '@relaypost/core';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { forgetWorkspace, type Membership, membershipsOf } from '../db/memberships';
import { runtime } from '../runtime';

/** The cookie naming the workspace the user is looking at; checked against their memberships on every request. */
export const WORKSPACE_COOKIE = 'rp_workspace';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/**
 * The signed-in user (better-auth's session), or null. Cached for one request.
 *
 * @example
 * ```ts
 * const user = await currentUser();
 * ```
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await runtime().auth.api.getSession({ headers: await headers() });
  return session ? { id: session.user.id, email: session.user.email, name: session.user.name } : null;
});

/**
 * The signed-in user; sends everyone else to the sign-in page.
 *
 * @example
 * ```ts
 * const user = await requireUser();
 * ```
 */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect('/sign-in');
  return user;
}

/**
 * The user as RelayPost's history names them (`Created by Ada`): every SDK call that changes
 * something gets it as its last argument.
 *
 * @example
 * ```ts
 * await relaypost.accounts.completeOAuth({ state, code }, actorOf(user));
 * ```
 */
export function actorOf(user: SessionUser): Actor {
  return { kind: 'user', id: user.id, name: user.name || user.email };
}

/** A signed-in member of the workspace they are looking at. */
export interface WorkspaceSession {
  user: SessionUser;
  workspace: Workspace;
  membership: Membership;
  /** Who acts, for RelayPost's history: this user, by name. */
  actor: Actor;
  /** Every workspace the user belongs to, for the switcher. */
  workspaces: Array<{ id: string; name: string }>;
}

/**
 * The user and their current workspace (the cookie's, if they still belong to it; else their
 * first). Without a workspace they are sent to create one. Cached for one request.
 *
 * @example
 * ```ts
 * const { workspace, actor } = await requireWorkspace();
 * await relaypost.posts.approve(workspace.id, postId, actor);
 * ```
 */
export const requireWorkspace = cache(async (): Promise<WorkspaceSession> => {
  const user = await requireUser();
  const { db, relaypost } = runtime();
  const memberships = await membershipsOf(db, user.id);
  const wanted = (await cookies()).get(WORKSPACE_COOKIE)?.value;
  const found: Array<{ membership: Membership; workspace: Workspace }> = [];
  for (const membership of memberships) {
    try {
      found.push({ membership, workspace: await relaypost.workspaces.get(membership.workspaceId) });
    } catch (error) {
      if (!NotFoundError.isInstance(error)) throw error;
      // Erased elsewhere (another owner, the API): forget it.
      await forgetWorkspace(db, membership.workspaceId);
    }
  }
  const current = found.find((f) => f.workspace.id === wanted) ?? found[0];
  if (!current) redirect('/workspaces/new');
  return {
    user,
    workspace: current.workspace,
    membership: current.membership,
    actor: actorOf(user),
    workspaces: found.map((f) => ({ id: f.workspace.id, name: f.workspace.name })),
  };
});
