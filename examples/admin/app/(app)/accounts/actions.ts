'use server';
import { type PlatformId, platformIdSchema, RelayPostError, ValidationError } from '@relaypost/core';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { FieldErrors } from '@/src/lib/issues';
import { PLATFORM_NAMES } from '@/src/lib/platforms';
import { runtime } from '@/src/runtime';
import { rememberOAuthState } from '@/src/server/oauth-cookie';
import { requireWorkspace } from '@/src/server/session';

/** Starts an OAuth connection; the browser goes to the returned URL. */
export async function connectOAuth(platform: string): Promise<{ url: string } | { error: string }> {
  const { workspace } = await requireWorkspace();
  const parsed = platformIdSchema.safeParse(platform);
  if (!parsed.success) return { error: 'Unknown platform.' };
  const { url, state } = await runtime().relaypost.accounts.beginOAuth({
    workspaceId: workspace.id,
    platform: parsed.data,
    redirectUri: `${runtime().publicUrl}/oauth/callback`,
  });
  await rememberOAuthState(state);
  return { url };
}

/** Reconnects an OAuth account (the same platform account is updated in place). */
export async function reconnectOAuth(accountId: string): Promise<{ url: string } | { error: string }> {
  const { workspace } = await requireWorkspace();
  try {
    const { url, state } = await runtime().relaypost.accounts.reconnect({
      workspaceId: workspace.id,
      accountId,
      redirectUri: `${runtime().publicUrl}/oauth/callback`,
    });
    await rememberOAuthState(state);
    return { url };
  } catch (error) {
    if (ValidationError.isInstance(error)) return { error: error.issues.map((i) => i.message).join('; ') };
    throw error;
  }
}

/** Connects (or reconnects) an app-password platform such as Bluesky. The password is not stored. */
export async function connectWithPassword(input: {
  platform: string;
  identifier: string;
  password: string;
}): Promise<{ ok: true; message: string } | { errors: FieldErrors }> {
  const { workspace, actor } = await requireWorkspace();
  const parsed = platformIdSchema.safeParse(input.platform);
  if (!parsed.success) return { errors: { form: 'Unknown platform.' } };
  const platform: PlatformId = parsed.data;
  const identifier = input.identifier.trim().replace(/^@+/, '');
  const errors: FieldErrors = {};
  if (!identifier) errors.identifier = 'Enter your handle (e.g. you.bsky.social) or the account’s email.';
  if (!input.password) errors.password = 'Enter an app password.';
  if (Object.keys(errors).length) return { errors };
  try {
    const account = await runtime().relaypost.accounts.connectWithPassword(
      {
        workspaceId: workspace.id,
        platform,
        identifier,
        password: input.password,
      },
      actor,
    );
    return { ok: true, message: `Connected @${account.handle.replace(/^@+/, '')}.` };
  } catch (error) {
    if (ValidationError.isInstance(error))
      return { errors: { form: error.issues.map((i) => i.message).join('; ') } };
    // A refused login (wrong app password) is a RelayPost error: say so next to the password.
    if (RelayPostError.isInstance(error))
      return { errors: { password: `${PLATFORM_NAMES[platform]} refused the sign-in: ${error.message}` } };
    throw error;
  }
}

/** Disconnects an account: its tokens go at once, its pending targets are cancelled. */
export async function disconnectAccount(accountId: string): Promise<void> {
  const { workspace, actor } = await requireWorkspace();
  const { affectedPostIds } = await runtime().relaypost.accounts.disconnect(workspace.id, accountId, actor);
  revalidatePath('/', 'layout');
  redirect(`/accounts?disconnected=${accountId}&affected=${affectedPostIds.length}`);
}
