'use server';
import { ValidationError } from '@relaypost/core';
import { cookies } from 'next/headers';
import { addMembership } from '@/src/db/memberships';
import { type FieldErrors, settingsErrors } from '@/src/lib/issues';
import { isTimeZone } from '@/src/lib/time';
import { runtime } from '@/src/runtime';
import { requireUser, WORKSPACE_COOKIE } from '@/src/server/session';

/** Creates a workspace owned by the signed-in user and makes it the current one. */
export async function createWorkspace(input: {
  name: string;
  timeZone: string;
}): Promise<{ errors: FieldErrors } | { ok: true }> {
  const user = await requireUser();
  const name = input.name.trim();
  const errors: FieldErrors = {};
  if (!name) errors.name = 'Name your workspace.';
  else if (name.length > 200) errors.name = 'Use 200 characters at most.';
  if (!isTimeZone(input.timeZone)) errors.timeZone = 'Choose a time zone from the list.';
  if (Object.keys(errors).length) return { errors };
  const { relaypost, db, publicUrl } = runtime();
  try {
    const workspace = await relaypost.workspaces.create({ name, timeZone: input.timeZone });
    await addMembership(db, user.id, workspace.id, 'owner');
    (await cookies()).set(WORKSPACE_COOKIE, workspace.id, {
      httpOnly: true,
      sameSite: 'lax',
      secure: publicUrl.startsWith('https:'),
      path: '/',
      maxAge: 60 * 60 * 24 * 365,
    });
    return { ok: true };
  } catch (error) {
    if (ValidationError.isInstance(error)) return { errors: settingsErrors(error.issues) };
    throw error;
  }
}
