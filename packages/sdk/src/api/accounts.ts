import {
  type AccountStatus,
  type Actor,
  actorSchema,
  type ConnectableAccount,
  type ConnectedAccount,
  createPkcePair,
  idSchema,
  type PlatformId,
  parseOrThrow,
  platformIdSchema,
  textSchema,
  ValidationError,
} from '@relaypost/core';
import { z } from 'zod';
import type { AccountsApi } from '../interface.js';
import { openOAuthState, sealOAuthState } from '../oauth-state.js';
import type { SdkContext } from '../relaypost.js';
import { objectArgument } from './arguments.js';

const beginSchema = z.object({
  workspaceId: idSchema,
  platform: platformIdSchema,
  redirectUri: z.url().max(2048),
  scopes: z
    .array(textSchema({ min: 1, max: 200 }))
    .max(100)
    .optional(),
});

const completeSchema = z.object({
  state: textSchema({ min: 1, max: 8192 }),
  code: textSchema({ min: 1, max: 8192 }),
});

const passwordSchema = z.object({
  workspaceId: idSchema,
  platform: platformIdSchema,
  identifier: textSchema({ min: 1, max: 512 }),
  password: textSchema({ min: 1, max: 1024 }),
});

const reconnectSchema = z.object({
  workspaceId: idSchema,
  accountId: idSchema,
  redirectUri: z.url().max(2048),
});

const API_ACTOR: Actor = { kind: 'api' };

/** Connected accounts: OAuth and app-password connections, listing, disconnecting. */
export function createAccountsApi(ctx: SdkContext): AccountsApi {
  const connectAll = async (
    workspaceId: string,
    platform: PlatformId,
    accounts: ConnectableAccount[],
    actor: Actor,
  ) => {
    const connected: ConnectedAccount[] = [];
    for (const account of accounts) {
      const saved = await ctx.store.accounts.connect(workspaceId, {
        platform,
        externalId: account.externalId,
        handle: account.handle,
        ...(account.displayName ? { displayName: account.displayName } : {}),
        ...(account.avatarUrl ? { avatarUrl: account.avatarUrl } : {}),
        scopes: account.scopes,
        credentials: account.credentials,
        metadata: account.metadata ?? {},
      });
      await ctx.store.history.append(workspaceId, {
        type: 'account.connected',
        accountId: saved.id,
        actor,
        data: { platform },
      });
      connected.push(saved);
    }
    return connected;
  };

  return {
    /** Starts an OAuth connection: send the user to `url`; keep nothing, `state` carries what is needed. */
    async beginOAuth(input: z.input<typeof beginSchema>): Promise<{ url: string; state: string }> {
      const { workspaceId, platform, redirectUri, scopes } = parseOrThrow(
        beginSchema,
        objectArgument(input, 'input'),
        'OAuth start',
      );
      await ctx.store.workspaces.get(workspaceId);
      const auth = ctx.adapterFor(platform).auth;
      if (auth.kind !== 'oauth2') {
        throw new ValidationError([
          { path: 'platform', message: `${platform} connects with an app password, not OAuth` },
        ]);
      }
      const pkce = auth.pkce ? await createPkcePair() : undefined;
      const state = sealOAuthState(ctx.keyring, {
        workspaceId,
        platform,
        redirectUri,
        ttlSeconds: ctx.oauthStateTtlSeconds,
        ...(pkce ? { codeVerifier: pkce.verifier } : {}),
      });
      const url = auth.authorizationUrl({
        redirectUri,
        state,
        ...(pkce ? { codeChallenge: pkce.challenge } : {}),
        ...(scopes ? { scopes } : {}),
      });
      return { url, state };
    },

    /** Finishes an OAuth connection from the callback's `code` and `state`; connects every account it reaches. */
    async completeOAuth(
      callback: { state: string; code: string },
      by: Actor = API_ACTOR,
    ): Promise<ConnectedAccount[]> {
      const input = parseOrThrow(completeSchema, objectArgument(callback, 'input'), 'OAuth callback');
      const actor = parseOrThrow(actorSchema, by, 'actor');
      const state = openOAuthState(ctx.keyring, input.state);
      const auth = ctx.adapterFor(state.platform).auth;
      if (auth.kind !== 'oauth2')
        throw new ValidationError([{ path: 'state', message: 'does not belong to an OAuth platform' }]);
      const accounts = await auth.exchangeCode({
        code: input.code,
        redirectUri: state.redirectUri,
        ...(state.codeVerifier ? { codeVerifier: state.codeVerifier } : {}),
      });
      return connectAll(state.workspaceId, state.platform, accounts, actor);
    },

    /** Connects an app-password platform (Bluesky). The password is used once and not stored. */
    async connectWithPassword(
      login: {
        workspaceId: string;
        platform: PlatformId;
        identifier: string;
        password: string;
      },
      by: Actor = API_ACTOR,
    ): Promise<ConnectedAccount> {
      const input = parseOrThrow(passwordSchema, objectArgument(login, 'input'), 'app-password login');
      const actor = parseOrThrow(actorSchema, by, 'actor');
      const auth = ctx.adapterFor(input.platform).auth;
      if (auth.kind !== 'password')
        throw new ValidationError([
          { path: 'platform', message: `${input.platform} connects through OAuth` },
        ]);
      await ctx.store.workspaces.get(input.workspaceId);
      const account = await auth.login({ identifier: input.identifier, password: input.password });
      const [saved] = await connectAll(input.workspaceId, input.platform, [account], actor);
      return saved!;
    },

    list: (workspaceId: string, filter?: { platform?: PlatformId; status?: AccountStatus }) =>
      ctx.store.accounts.list(workspaceId, filter),
    get: (workspaceId: string, accountId: string) => ctx.store.accounts.get(workspaceId, accountId),

    /**
     * Disconnects an account: its tokens are deleted at once and its targets in every pending
     * post are cancelled (a post left without targets is cancelled).
     */
    async disconnect(
      workspaceId: string,
      accountId: string,
      by: Actor = API_ACTOR,
    ): Promise<{ affectedPostIds: string[] }> {
      const actor = parseOrThrow(actorSchema, by, 'actor');
      const result = await ctx.store.accounts.disconnect(workspaceId, accountId);
      await ctx.store.history.append(workspaceId, {
        type: 'account.disconnected',
        accountId,
        actor,
        data: { cancelledPosts: result.affectedPostIds.length },
      });
      for (const postId of result.affectedPostIds) {
        // A post that ended meanwhile takes no update; the store already cancelled its targets.
        await ctx.workflows
          .update(workspaceId, postId, 'targetsCancelled', { actor, accountId })
          .catch(() => undefined);
      }
      return result;
    },

    /** Reconnecting is connecting again: the same platform account is updated in place. */
    async reconnect(request: { workspaceId: string; accountId: string; redirectUri: string }) {
      const input = parseOrThrow(reconnectSchema, objectArgument(request, 'input'), 'reconnect');
      const account = await ctx.store.accounts.get(input.workspaceId, input.accountId);
      if (ctx.adapterFor(account.platform).auth.kind === 'password') {
        throw new ValidationError([
          { path: 'accountId', message: 'reconnect app-password accounts with connectWithPassword' },
        ]);
      }
      return createAccountsApi(ctx).beginOAuth({
        workspaceId: input.workspaceId,
        platform: account.platform,
        redirectUri: input.redirectUri,
      });
    },

    /** Which platforms can be connected and how. */
    platforms: (): Array<{ platform: PlatformId; auth: 'oauth2' | 'password' }> =>
      Object.values(ctx.adapters).map((a) => ({ platform: a.platform, auth: a.auth.kind })),
  };
}
