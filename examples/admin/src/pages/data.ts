import { route, type WsCtx } from '../context.js';
import { html } from '../html/html.js';
import { csrfField, errorList } from '../html/layout.js';
import { HttpError, redirect } from '../http/http.js';
import { listAllPosts, OPEN_STATUSES } from '../lib/platforms.js';

async function dataPage(ctx: WsCtx, errors: string[] = []) {
  const ws = ctx.workspace;
  const owner = ctx.membership.role === 'owner';
  const pending = owner
    ? (await listAllPosts(ctx.deps.relaypost, ws.id, { status: OPEN_STATUSES }, 1000)).length
    : 0;
  return ctx.render(
    'Your data',
    html`<h1>Your data</h1>
<section aria-labelledby="export-h" class="card">
<h2 id="export-h">Export</h2>
<p>Download everything the workspace “${ws.name}” holds (settings, accounts, posts, media records and history) as one JSON file. Secrets are never included; the file says only whether each is set.</p>
<form method="post" action="/data/export">${csrfField(ctx.csrfToken)}<button type="submit">Download export (JSON)</button></form>
</section>

<section aria-labelledby="erase-h" class="card danger-zone">
<h2 id="erase-h">Delete this workspace</h2>
${
  owner
    ? html`<p>This erases the workspace and everything in it for good: connected accounts and their tokens (at once), posts, media and history.
${pending ? html`<strong>${pending} post(s) not yet published will be stopped.</strong>` : ''} Posts already published stay on the platforms.</p>
${errorList(errors, 'Not deleted')}
<form method="post" action="/data/erase" class="stack">${csrfField(ctx.csrfToken)}
  <div class="field"><label for="confirm">Type the workspace name, <strong>${ws.name}</strong>, to confirm</label>
  <input id="confirm" name="confirm" autocomplete="off" required data-confirm-name="${ws.name}" aria-describedby="confirm-hint">
  <p class="hint" id="confirm-hint">Export first if you may need the data.</p></div>
  <button type="submit" class="danger" data-confirm-target>Delete workspace forever</button>
</form>`
    : html`<p>Only the workspace's owners can delete it.</p>`
}
</section>`,
    errors.length ? 422 : 200,
  );
}

/** Data rights: export the workspace as JSON, erase it after typing its name. */
export function dataRoutes() {
  return [
    route.workspace('GET', '/data', (ctx) => dataPage(ctx)),

    route.workspace('POST', '/data/export', async (ctx) => {
      const document = await ctx.deps.relaypost.workspaces.export(ctx.workspace.id);
      const slug =
        ctx.workspace.name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'workspace';
      const day = new Date().toISOString().slice(0, 10);
      return {
        status: 200,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-disposition': `attachment; filename="relaypost-${slug}-${day}.json"`,
        },
        body: JSON.stringify(document, null, 2),
      };
    }),

    route.workspace('POST', '/data/erase', async (ctx) => {
      if (ctx.membership.role !== 'owner') throw new HttpError(403, 'Only owners can delete a workspace.');
      const typed = (ctx.form.get('confirm') ?? '').trim();
      if (typed !== ctx.workspace.name.trim()) {
        return dataPage(ctx, ['The name you typed does not match the workspace name. Nothing was deleted.']);
      }
      const { stoppedWorkflows } = await ctx.deps.relaypost.workspaces.erase(ctx.workspace.id);
      await ctx.deps.users.removeWorkspace(ctx.workspace.id);
      ctx.deps.log('info', 'workspace erased', {
        workspaceId: ctx.workspace.id,
        userId: ctx.user.id,
        stoppedWorkflows,
      });
      ctx.setFlash(
        'notice',
        `The workspace “${ctx.workspace.name}” was deleted${stoppedWorkflows ? ` and ${stoppedWorkflows} pending post(s) were stopped` : ''}.`,
      );
      const remaining = await ctx.deps.users.memberships(ctx.user.id);
      return redirect(remaining.length ? '/posts' : '/workspaces/new');
    }),
  ];
}
