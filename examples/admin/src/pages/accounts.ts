import { createHash } from 'node:crypto';
import {
  type ConnectedAccount,
  type PlatformId,
  platformIdSchema,
  RelayPostError,
  ValidationError,
} from '@relaypost/core';
import { route, type WsCtx } from '../context.js';
import { html } from '../html/html.js';
import { csrfField, errorList, statusBadge } from '../html/layout.js';
import { HttpError, redirect } from '../http/http.js';
import {
  ALL_PLATFORMS,
  listAllPosts,
  OPEN_STATUSES,
  PLATFORM_NAMES,
  platformMap,
  platformName,
} from '../lib/platforms.js';
import { formatInZone } from '../lib/time-zone.js';
import { postTitle } from './posts.js';

const stateHash = (state: string) => createHash('sha256').update(state).digest('base64url');

/** "expires in 5 days", "expired 2 hours ago", or "no expiry". */
export function describeExpiry(
  expiresAt: string | null,
  now = Date.now(),
): { text: string; soon: boolean; past: boolean } {
  if (!expiresAt) return { text: 'no expiry', soon: false, past: false };
  const ms = Date.parse(expiresAt) - now;
  const abs = Math.abs(ms);
  const unit =
    abs >= 2 * 86_400_000
      ? `${Math.round(abs / 86_400_000)} days`
      : abs >= 2 * 3_600_000
        ? `${Math.round(abs / 3_600_000)} hours`
        : `${Math.max(1, Math.round(abs / 60_000))} minutes`;
  return ms < 0
    ? { text: `expired ${unit} ago`, soon: false, past: true }
    : { text: `expires in ${unit}`, soon: ms < 7 * 86_400_000, past: false };
}

function accountRow(ctx: WsCtx, account: ConnectedAccount, auth: 'oauth2' | 'password' | undefined) {
  const expiry = describeExpiry(account.expiresAt);
  return html`<tr>
  <th scope="row">${platformName(ctx.deps.relaypost, account.platform)}</th>
  <td>${account.displayName ? html`${account.displayName}<br>` : ''}<span class="muted">@${account.handle}</span></td>
  <td>${statusBadge(account.status)}</td>
  <td>${account.expiresAt ? html`<time datetime="${account.expiresAt}" title="${formatInZone(account.expiresAt, ctx.workspace.timeZone)}" class="${expiry.past || expiry.soon ? 'warn' : ''}">${expiry.text}</time>` : html`<span class="muted">${expiry.text}</span>`}</td>
  <td class="actions">
    ${
      auth
        ? html`<form method="post" action="/accounts/${account.id}/reconnect" class="inline">${csrfField(ctx.csrfToken)}<button type="submit" class="secondary small">Reconnect</button></form>`
        : html`<span class="muted" title="This deployment has no adapter for the platform">not configured</span>`
    }
    ${account.status !== 'disconnected' ? html`<a class="button danger secondary small" href="/accounts/${account.id}/disconnect">Disconnect</a>` : ''}
  </td>
</tr>`;
}

async function accountsPage(
  ctx: WsCtx,
  state: { errors?: string[]; passwordFor?: { platform: PlatformId; identifier: string } } = {},
) {
  const platforms = platformMap(ctx.deps.relaypost);
  const accounts = await ctx.deps.relaypost.accounts.list(ctx.workspace.id);
  const active = accounts.filter((a) => a.status !== 'disconnected');
  const gone = accounts.filter((a) => a.status === 'disconnected');
  const missing = ALL_PLATFORMS.filter((p) => !platforms.has(p));
  return ctx.render(
    'Accounts',
    html`<h1>Connected accounts</h1>
${errorList(state.errors ?? [], 'Could not connect')}
<section aria-labelledby="connected-h">
<h2 id="connected-h">Connected</h2>
${
  active.length
    ? html`<table class="data"><thead><tr><th scope="col">Platform</th><th scope="col">Account</th><th scope="col">Status</th><th scope="col">Token</th><th scope="col">Actions</th></tr></thead>
<tbody>${active.map((a) => accountRow(ctx, a, platforms.get(a.platform)?.auth))}</tbody></table>`
    : html`<p class="empty">No accounts yet. Connect one below.</p>`
}
</section>

<section aria-labelledby="connect-h">
<h2 id="connect-h">Connect an account</h2>
<ul class="connect-grid">
${[...platforms.values()].map((p) =>
  p.auth === 'oauth2'
    ? html`<li class="card"><h3>${p.displayName}</h3>
  <form method="post" action="/accounts/connect">${csrfField(ctx.csrfToken)}<input type="hidden" name="platform" value="${p.platform}">
  <button type="submit">Connect ${p.displayName}</button></form>
  <p class="hint">You will sign in at ${p.displayName} and come back here.</p></li>`
    : html`<li class="card"><h3>${p.displayName}</h3>
  <form method="post" action="/accounts/password" class="stack">${csrfField(ctx.csrfToken)}<input type="hidden" name="platform" value="${p.platform}">
  <div class="field"><label for="identifier-${p.platform}">Handle or email</label>
    <input id="identifier-${p.platform}" name="identifier" autocomplete="off" required placeholder="you.bsky.social" value="${state.passwordFor?.platform === p.platform ? state.passwordFor.identifier : ''}"></div>
  <div class="field"><label for="password-${p.platform}">App password</label>
    <input id="password-${p.platform}" name="password" type="password" autocomplete="off" required aria-describedby="pw-hint-${p.platform}">
    <p class="hint" id="pw-hint-${p.platform}">Create one under Settings → App passwords. It is used once to sign in and is not stored.</p></div>
  <button type="submit">Connect ${p.displayName}</button></form></li>`,
)}
</ul>
${missing.length ? html`<p class="muted">Not configured in this deployment: ${missing.map((p) => PLATFORM_NAMES[p]).join(', ')}.</p>` : ''}
</section>
${
  gone.length
    ? html`<section aria-labelledby="gone-h"><h2 id="gone-h">Disconnected</h2>
<table class="data"><thead><tr><th scope="col">Platform</th><th scope="col">Account</th><th scope="col">Status</th><th scope="col">Token</th><th scope="col">Actions</th></tr></thead>
<tbody>${gone.map((a) => accountRow(ctx, a, platforms.get(a.platform)?.auth))}</tbody></table></section>`
    : ''
}`,
    state.errors?.length ? 422 : 200,
  );
}

async function beginOAuth(ctx: WsCtx, start: () => Promise<{ url: string; state: string }>) {
  const { url, state } = await start();
  // Binds the callback to this browser: a callback with a state we did not start here is refused.
  ctx.setCookie(ctx.deps.cookieNames.oauth, stateHash(state), { maxAgeSeconds: 900 });
  return redirect(url);
}

const issuesOf = (error: unknown) =>
  ValidationError.isInstance(error) ? error.issues.map((i) => `${i.path}: ${i.message}`) : null;

/** Connected accounts: OAuth and app-password connections, reconnect, disconnect with a warning. */
export function accountRoutes() {
  return [
    route.workspace('GET', '/accounts', (ctx) => accountsPage(ctx)),

    route.workspace('POST', '/accounts/connect', async (ctx) => {
      const platform = platformIdSchema.safeParse(ctx.form.get('platform'));
      if (!platform.success) throw new HttpError(400, 'Unknown platform.');
      return beginOAuth(ctx, () =>
        ctx.deps.relaypost.accounts.beginOAuth({
          workspaceId: ctx.workspace.id,
          platform: platform.data,
          redirectUri: `${ctx.deps.publicUrl}/oauth/callback`,
        }),
      );
    }),

    route.workspace('GET', '/oauth/callback', async (ctx) => {
      const state = ctx.query.get('state') ?? '';
      const code = ctx.query.get('code') ?? '';
      const expected = ctx.cookies[ctx.deps.cookieNames.oauth];
      ctx.clearCookie(ctx.deps.cookieNames.oauth);
      if (!state || !expected || stateHash(state) !== expected) {
        throw new HttpError(
          400,
          'This connection did not start in this browser, or it took too long. Start it again from Accounts.',
        );
      }
      const denied = ctx.query.get('error');
      if (denied || !code) {
        const reason = ctx.query.get('error_description') ?? denied ?? 'no code was returned';
        return accountsPage(ctx, { errors: [`The platform did not grant access: ${reason}.`] });
      }
      let connected: ConnectedAccount[];
      try {
        connected = await ctx.deps.relaypost.accounts.completeOAuth({ state, code });
      } catch (error) {
        const issues = issuesOf(error);
        if (!issues) throw error;
        return accountsPage(ctx, { errors: issues });
      }
      const first = connected[0];
      if (first && first.workspaceId !== ctx.workspace.id)
        await ctx.deps.sessions.setWorkspace(ctx.session.id, first.workspaceId);
      ctx.setFlash(
        'notice',
        connected.length
          ? `Connected ${connected.map((a) => `@${a.handle}`).join(', ')}.`
          : 'The platform returned no account to connect.',
      );
      return redirect('/accounts');
    }),

    route.workspace('POST', '/accounts/password', async (ctx) => {
      const platform = platformIdSchema.safeParse(ctx.form.get('platform'));
      if (!platform.success) throw new HttpError(400, 'Unknown platform.');
      const identifier = (ctx.form.get('identifier') ?? '').trim().replace(/^@/, '');
      try {
        const account = await ctx.deps.relaypost.accounts.connectWithPassword({
          workspaceId: ctx.workspace.id,
          platform: platform.data,
          identifier,
          password: ctx.form.get('password') ?? '',
        });
        ctx.setFlash('notice', `Connected @${account.handle}.`);
        return redirect('/accounts');
      } catch (error) {
        const issues = issuesOf(error);
        const message = error instanceof Error ? error.message : String(error);
        // A refused login (wrong app password) comes back as a RelayPost error: show it, keep the handle.
        if (!issues && !RelayPostError.isInstance(error)) throw error;
        return accountsPage(ctx, {
          errors: issues ?? [`${PLATFORM_NAMES[platform.data]} refused the sign-in: ${message}`],
          passwordFor: { platform: platform.data, identifier },
        });
      }
    }),

    route.workspace('POST', '/accounts/:id/reconnect', async (ctx) => {
      const account = await ctx.deps.relaypost.accounts.get(ctx.workspace.id, ctx.params.id!);
      const info = platformMap(ctx.deps.relaypost).get(account.platform);
      if (!info)
        throw new HttpError(400, `${PLATFORM_NAMES[account.platform]} is not configured in this deployment.`);
      if (info.auth === 'password') {
        return accountsPage(ctx, {
          errors: [`Enter a new app password for @${account.handle} below to reconnect it.`],
          passwordFor: { platform: account.platform, identifier: account.handle },
        });
      }
      return beginOAuth(ctx, () =>
        ctx.deps.relaypost.accounts.reconnect({
          workspaceId: ctx.workspace.id,
          accountId: account.id,
          redirectUri: `${ctx.deps.publicUrl}/oauth/callback`,
        }),
      );
    }),

    route.workspace('GET', '/accounts/:id/disconnect', async (ctx) => {
      const account = await ctx.deps.relaypost.accounts.get(ctx.workspace.id, ctx.params.id!);
      const posts = (
        await listAllPosts(ctx.deps.relaypost, ctx.workspace.id, {
          accountId: account.id,
          status: OPEN_STATUSES,
        })
      ).filter((p) => p.targets.some((t) => t.accountId === account.id && t.status === 'pending'));
      const name = platformName(ctx.deps.relaypost, account.platform);
      return ctx.render(
        'Disconnect account',
        html`<h1>Disconnect ${name} @${account.handle}?</h1>
<div class="warning" role="alert">
<p>Its tokens are deleted at once. ${
          posts.length
            ? html`<strong>${posts.length} scheduled ${posts.length === 1 ? 'post targets' : 'posts target'} this account</strong>: the account is removed from ${posts.length === 1 ? 'it' : 'them'}, and a post left without any account is cancelled.`
            : 'No scheduled post targets this account.'
        }</p></div>
${
  posts.length
    ? html`<table class="data"><caption>Posts that will change</caption><thead><tr><th scope="col">Post</th><th scope="col">Status</th><th scope="col">Publish time</th><th scope="col">Other targets</th></tr></thead><tbody>
${posts.map((p) => {
  const others = p.targets.filter((t) => t.accountId !== account.id && t.status !== 'cancelled').length;
  return html`<tr><td><a href="/posts/${p.id}">${postTitle(p)}</a></td><td>${statusBadge(p.status)}</td>
<td>${p.publishAt ? formatInZone(p.publishAt.at, ctx.workspace.timeZone) : 'as soon as approved'}</td>
<td>${others ? `${others} (keeps publishing)` : html`<strong>none: will be cancelled</strong>`}</td></tr>`;
})}</tbody></table>`
    : ''
}
<form method="post" action="/accounts/${account.id}/disconnect" class="inline-actions">
  ${csrfField(ctx.csrfToken)}
  <button type="submit" class="danger">Disconnect @${account.handle}</button>
  <a class="button secondary" href="/accounts">Keep it</a>
</form>`,
      );
    }),

    route.workspace('POST', '/accounts/:id/disconnect', async (ctx) => {
      const account = await ctx.deps.relaypost.accounts.get(ctx.workspace.id, ctx.params.id!);
      const { affectedPostIds } = await ctx.deps.relaypost.accounts.disconnect(ctx.workspace.id, account.id);
      ctx.setFlash(
        'notice',
        `Disconnected @${account.handle}.${affectedPostIds.length ? ` ${affectedPostIds.length} scheduled post(s) no longer publish to it.` : ''}`,
      );
      return redirect('/accounts');
    }),
  ];
}
