import type { RelayPost } from '../../src/relaypost.js';

export const REDIRECT_URI = 'https://app.example.com/oauth/callback';

/**
 * Plays the user's part of an OAuth connection: visits the authorize URL the SDK handed out
 * (the fake consents at once) and returns what the platform sends back to the callback.
 */
export async function authorize(url: string): Promise<{ code: string; state: string }> {
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new Error(`authorize answered ${response.status}: ${await response.text()}`);
  }
  const callback = new URL(location);
  return {
    code: callback.searchParams.get('code') ?? '',
    state: callback.searchParams.get('state') ?? '',
  };
}

/** Connects the X fake's account to a workspace through the whole OAuth flow. */
export async function connectX(relaypost: RelayPost, workspaceId: string) {
  const { url } = await relaypost.accounts.beginOAuth({
    workspaceId,
    platform: 'x',
    redirectUri: REDIRECT_URI,
  });
  const [account] = await relaypost.accounts.completeOAuth(await authorize(url));
  if (!account) throw new Error('completing OAuth connected no account');
  return account;
}
