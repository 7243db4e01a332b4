import {
  type AdapterAccount,
  type ConnectableAccount,
  type Credentials,
  createOAuthState,
  createPkcePair,
  credentialsFromInput,
  type PlatformAdapter,
} from '@relaypost/core';

export interface ConnectedTestAccount {
  account: AdapterAccount;
  credentials: Credentials;
  connectable: ConnectableAccount;
}

/**
 * Connects an account the way a user would: for OAuth, visit the authorization URL (the fake
 * consents at once and redirects back with a code), check `state`, exchange the code with the
 * PKCE verifier; for app passwords, log in.
 */
export async function connectThroughAuth(
  adapter: PlatformAdapter,
  input: {
    redirectUri: string;
    login?: { identifier: string; password: string };
    pick?: (accounts: ConnectableAccount[]) => ConnectableAccount;
  },
): Promise<ConnectedTestAccount> {
  let connectable: ConnectableAccount;
  if (adapter.auth.kind === 'password') {
    if (!input.login) throw new Error('password adapters need `login` in the harness');
    connectable = await adapter.auth.login(input.login);
  } else {
    const code = await authorizeAtFake(adapter, input.redirectUri);
    const accounts = await adapter.auth.exchangeCode({
      code: code.code,
      redirectUri: input.redirectUri,
      codeVerifier: code.verifier,
    });
    const picked = input.pick ? input.pick(accounts) : accounts[0];
    if (!picked) throw new Error('the code exchange returned no account');
    connectable = picked;
  }
  return {
    connectable,
    credentials: credentialsFromInput(connectable.credentials),
    account: {
      id: crypto.randomUUID(),
      externalId: connectable.externalId,
      handle: connectable.handle,
      metadata: connectable.metadata ?? {},
    },
  };
}

/** Visits the adapter's authorization URL and returns the code from the redirect. */
export async function authorizeAtFake(
  adapter: PlatformAdapter,
  redirectUri: string,
): Promise<{ code: string; verifier: string | undefined; authorizationUrl: URL }> {
  if (adapter.auth.kind !== 'oauth2') throw new Error(`${adapter.platform} does not use OAuth`);
  const state = createOAuthState();
  const pkce = adapter.auth.pkce ? await createPkcePair() : undefined;
  const authorizationUrl = new URL(
    adapter.auth.authorizationUrl({ redirectUri, state, ...(pkce ? { codeChallenge: pkce.challenge } : {}) }),
  );
  const response = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new Error(`authorize at the fake failed: ${response.status} ${await response.text()}`);
  }
  const back = new URL(location);
  if (back.searchParams.get('state') !== state) throw new Error('the fake returned a different state');
  const code = back.searchParams.get('code');
  if (!code) throw new Error('the fake returned no code');
  return { code, verifier: pkce?.verifier, authorizationUrl };
}
