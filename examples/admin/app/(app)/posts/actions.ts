'use server';
import { ConflictError, NotFoundError, ValidationError } from '@relaypost/core';
import { revalidatePath } from 'next/cache';
import type { FieldErrors } from '@/src/lib/issues';
import { plainMessage } from '@/src/lib/issues';
import { zonedLocalToInstant } from '@/src/lib/time';
import { runtime } from '@/src/runtime';
import { requireWorkspace } from '@/src/server/session';

export type PostActionResult = { ok: true; message: string } | { errors: FieldErrors };

/** Runs one of the SDK's post actions as the signed-in user; a refused change comes back in words. */
async function act(
  run: (ws: Awaited<ReturnType<typeof requireWorkspace>>) => Promise<unknown>,
  done: string,
  field = 'form',
): Promise<PostActionResult> {
  const session = await requireWorkspace();
  try {
    await run(session);
  } catch (error) {
    if (ValidationError.isInstance(error))
      return {
        errors: { [field]: error.issues.map((i) => plainMessage(i.message)).join('; ') || error.message },
      };
    if (ConflictError.isInstance(error) || NotFoundError.isInstance(error))
      return { errors: { [field]: error.message } };
    throw error;
  }
  revalidatePath('/', 'layout');
  return { ok: true, message: done };
}

export async function approvePost(postId: string): Promise<PostActionResult> {
  return act((s) => runtime().relaypost.posts.approve(s.workspace.id, postId, s.actor), 'Approved.');
}

export async function rejectPost(postId: string, reason: string): Promise<PostActionResult> {
  return act(
    (s) => runtime().relaypost.posts.reject(s.workspace.id, postId, reason.trim() || undefined, s.actor),
    'Rejected.',
    'reason',
  );
}

export async function cancelPost(postId: string, reason: string): Promise<PostActionResult> {
  return act(
    (s) => runtime().relaypost.posts.cancel(s.workspace.id, postId, reason.trim() || undefined, s.actor),
    'Cancelled.',
  );
}

export async function publishNow(postId: string): Promise<PostActionResult> {
  return act((s) => runtime().relaypost.posts.publishNow(s.workspace.id, postId, s.actor), 'Publishing now.');
}

/** Moves the post to a wall-clock time in the workspace's zone. */
export async function reschedulePost(postId: string, local: string): Promise<PostActionResult> {
  const { workspace } = await requireWorkspace();
  let at: string;
  try {
    at = zonedLocalToInstant(local, workspace.timeZone).instant;
  } catch {
    return { errors: { at: 'Enter a valid date and time.' } };
  }
  return rescheduleToInstant(postId, at);
}

/** Moves the post to an instant (the calendar's drag and drop). */
export async function rescheduleToInstant(postId: string, at: string): Promise<PostActionResult> {
  if (!Number.isFinite(Date.parse(at))) return { errors: { at: 'Enter a valid date and time.' } };
  return act(
    (s) =>
      runtime().relaypost.posts.reschedule(
        s.workspace.id,
        postId,
        { at: new Date(at).toISOString(), timeZone: s.workspace.timeZone },
        s.actor,
      ),
    'Rescheduled.',
    'at',
  );
}

export async function regenerateCaption(postId: string, brief: string): Promise<PostActionResult> {
  return act(
    (s) =>
      runtime().relaypost.posts.regenerateCaption(s.workspace.id, postId, brief.trim() || undefined, s.actor),
    'A new caption was written.',
    'brief',
  );
}
