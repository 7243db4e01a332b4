import { ValidationError } from '@relaypost/core';
import { type NextRequest, NextResponse } from 'next/server';
import { runtime } from '@/src/runtime';
import { takeOAuthState } from '@/src/server/oauth-cookie';
import { actorOf, currentUser } from '@/src/server/session';

/** Where platforms send the user back after consent: finishes the connection. */
export async function GET(request: NextRequest) {
  const back = (query: Record<string, string>) =>
    NextResponse.redirect(new URL(`/accounts?${new URLSearchParams(query)}`, runtime().publicUrl));
  const user = await currentUser();
  if (!user) return NextResponse.redirect(new URL('/sign-in', runtime().publicUrl));
  const params = request.nextUrl.searchParams;
  const state = params.get('state') ?? '';
  if (!(await takeOAuthState(state)))
    return back({
      error: 'This connection did not start in this browser, or it took too long. Start it again.',
    });
  const denied = params.get('error');
  const code = params.get('code');
  if (denied || !code)
    return back({
      error: `The platform did not grant access: ${params.get('error_description') ?? denied ?? 'no code was returned'}.`,
    });
  try {
    const connected = await runtime().relaypost.accounts.completeOAuth({ state, code }, actorOf(user));
    return back({ connected: connected.map((a) => a.id).join(',') });
  } catch (error) {
    if (ValidationError.isInstance(error))
      return back({ error: error.issues.map((i) => i.message).join('; ') });
    throw error;
  }
}
