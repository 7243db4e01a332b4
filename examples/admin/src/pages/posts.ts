import {
  ConflictError,
  FINAL_POST_STATUSES,
  type HistoryEvent,
  type ListPostsFilter,
  NotFoundError,
  type PlatformId,
  POST_STATUSES,
  type Post,
  type PostStatus,
  platformIdSchema,
  postStatusSchema,
  ValidationError,
} from '@relaypost/core';
import { route, type WsCtx } from '../context.js';
import { attr, type Html, html } from '../html/html.js';
import { csrfField, statusBadge } from '../html/layout.js';
import { redirect } from '../http/http.js';
import { ALL_PLATFORMS, listAllPosts, PLATFORM_NAMES, platformName } from '../lib/platforms.js';
import {
  formatInZone,
  instantToZonedLocal,
  startOfZonedDay,
  zonedDate,
  zonedLocalToInstant,
} from '../lib/time-zone.js';
import { safeNext } from './auth.js';

/** A one-line name for a post: its first line of text, shortened. */
export function postTitle(post: Pick<Post, 'content' | 'targets' | 'id'>): string {
  const text = post.content.text || post.targets.find((t) => t.text)?.text || '';
  const line =
    text
      .split(/\r?\n/)
      .find((l) => l.trim())
      ?.trim() ?? '';
  if (!line) return `Post ${post.id.slice(0, 8)}`;
  const chars = Array.from(line);
  return chars.length > 70 ? `${chars.slice(0, 69).join('')}…` : line;
}

const isFinal = (status: PostStatus) => FINAL_POST_STATUSES.includes(status);

interface Filters {
  status: PostStatus | '';
  platform: PlatformId | '';
  accountId: string;
  from: string;
  to: string;
}

function readFilters(query: URLSearchParams): Filters {
  const status = postStatusSchema.safeParse(query.get('status'));
  const platform = platformIdSchema.safeParse(query.get('platform'));
  const date = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : '');
  const accountId = query.get('accountId') ?? '';
  return {
    status: status.success ? status.data : '',
    platform: platform.success ? platform.data : '',
    accountId: /^[0-9a-f-]{36}$/i.test(accountId) ? accountId : '',
    from: date(query.get('from')),
    to: date(query.get('to')),
  };
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function sdkFilter(filters: Filters, timeZone: string): ListPostsFilter {
  return {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.platform ? { platform: filters.platform } : {}),
    ...(filters.accountId ? { accountId: filters.accountId } : {}),
    ...(filters.from ? { from: startOfZonedDay(filters.from, timeZone) } : {}),
    ...(filters.to ? { to: startOfZonedDay(nextDay(filters.to), timeZone) } : {}),
  };
}

async function filterForm(ctx: WsCtx, filters: Filters, action: string, extra: Html | '' = '', dates = true) {
  const accounts = await ctx.deps.relaypost.accounts.list(ctx.workspace.id);
  return html`<form method="get" action="${action}" class="filters" aria-label="Filters">
  ${extra}
  <div class="field"><label for="f-status">Status</label><select id="f-status" name="status"><option value="">Any</option>${POST_STATUSES.map(
    (s) =>
      html`<option value="${s}"${attr('selected', s === filters.status)}>${s.replaceAll('_', ' ')}</option>`,
  )}</select></div>
  <div class="field"><label for="f-platform">Platform</label><select id="f-platform" name="platform"><option value="">Any</option>${ALL_PLATFORMS.map(
    (p) =>
      html`<option value="${p}"${attr('selected', p === filters.platform)}>${PLATFORM_NAMES[p]}</option>`,
  )}</select></div>
  <div class="field"><label for="f-account">Account</label><select id="f-account" name="accountId"><option value="">Any</option>${accounts.map(
    (a) =>
      html`<option value="${a.id}"${attr('selected', a.id === filters.accountId)}>${platformName(ctx.deps.relaypost, a.platform)} @${a.handle}</option>`,
  )}</select></div>
  ${
    dates
      ? html`<div class="field"><label for="f-from">From</label><input id="f-from" name="from" type="date" value="${filters.from}"></div>
  <div class="field"><label for="f-to">To</label><input id="f-to" name="to" type="date" value="${filters.to}"></div>`
      : ''
  }
  <button type="submit" class="secondary">Filter</button>
</form>`;
}

function targetsSummary(ctx: WsCtx, post: Post) {
  return html`<ul class="target-chips">${post.targets.map(
    (t) =>
      html`<li><span class="chip platform-${t.platform}">${platformName(ctx.deps.relaypost, t.platform)}</span> ${statusBadge(t.status)}</li>`,
  )}</ul>`;
}

function whenText(ctx: WsCtx, post: Post): string {
  return post.publishAt
    ? formatInZone(post.publishAt.at, ctx.workspace.timeZone)
    : 'as soon as approved / created';
}

async function listPage(ctx: WsCtx) {
  const filters = readFilters(ctx.query);
  const cursor = ctx.query.get('cursor') ?? undefined;
  const page = await ctx.deps.relaypost.posts.list(ctx.workspace.id, {
    ...sdkFilter(filters, ctx.workspace.timeZone),
    limit: 25,
    ...(cursor ? { cursor } : {}),
  });
  const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as Array<[string, string]>);
  const nextParams = new URLSearchParams(params);
  if (page.nextCursor) nextParams.set('cursor', page.nextCursor);
  return ctx.render(
    'Posts',
    html`<div class="title-row"><h1>Posts</h1><div><a class="button secondary" href="/calendar?${params.toString()}">Calendar view</a> <a class="button" href="/compose">Compose</a></div></div>
${await filterForm(ctx, filters, '/posts')}
${
  page.items.length
    ? html`<table class="data posts"><thead><tr><th scope="col">Post</th><th scope="col">Status</th><th scope="col">Publish time (${ctx.workspace.timeZone})</th><th scope="col">Targets</th></tr></thead><tbody>
${page.items.map(
  (p) =>
    html`<tr><td><a href="/posts/${p.id}">${postTitle(p)}</a></td><td>${statusBadge(p.status)}</td><td>${whenText(ctx, p)}</td><td>${targetsSummary(ctx, p)}</td></tr>`,
)}</tbody></table>`
    : html`<p class="empty">No posts match. <a href="/compose">Compose one</a>.</p>`
}
<nav class="pager" aria-label="Pages">${cursor ? html`<a href="/posts?${params.toString()}">First page</a>` : ''} ${page.nextCursor ? html`<a href="/posts?${nextParams.toString()}">Next page</a>` : ''}</nav>`,
  );
}

/** The weeks (Monday first) covering a month, as `YYYY-MM-DD` dates. */
export function monthGrid(month: string): string[][] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = Date.UTC(y, m - 1, 1);
  const offset = (new Date(first).getUTCDay() + 6) % 7;
  const start = first - offset * 86_400_000;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const weeks = Math.ceil((offset + daysInMonth) / 7);
  return Array.from({ length: weeks }, (_, w) =>
    Array.from({ length: 7 }, (_, d) =>
      new Date(start + (w * 7 + d) * 86_400_000).toISOString().slice(0, 10),
    ),
  );
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

async function calendarPage(ctx: WsCtx) {
  const zone = ctx.workspace.timeZone;
  const filters = readFilters(ctx.query);
  const requested = ctx.query.get('month') ?? '';
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(requested)
    ? requested
    : zonedDate(Date.now(), zone).slice(0, 7);
  const weeks = monthGrid(month);
  const firstDay = weeks[0]![0]!;
  const lastDay = weeks.at(-1)!.at(-1)!;
  const posts = await listAllPosts(ctx.deps.relaypost, ctx.workspace.id, {
    ...sdkFilter({ ...filters, from: '', to: '' }, zone),
    from: startOfZonedDay(firstDay, zone),
    to: startOfZonedDay(nextDay(lastDay), zone),
  });
  const byDay = new Map<string, Post[]>();
  for (const post of posts) {
    if (!post.publishAt) continue;
    const day = zonedDate(post.publishAt.at, zone);
    byDay.set(day, [...(byDay.get(day) ?? []), post]);
  }
  for (const list of byDay.values()) list.sort((a, b) => a.publishAt!.at.localeCompare(b.publishAt!.at));
  const today = zonedDate(Date.now(), zone);
  const monthName = new Intl.DateTimeFormat('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${month}-01T00:00:00Z`));
  const keep = new URLSearchParams(
    Object.entries({
      status: filters.status,
      platform: filters.platform,
      accountId: filters.accountId,
    }).filter(([, v]) => v),
  );
  const link = (m: string) => {
    const p = new URLSearchParams(keep);
    p.set('month', m);
    return `/calendar?${p.toString()}`;
  };
  return ctx.render(
    'Calendar',
    html`<div class="title-row"><h1>Calendar</h1><div><a class="button secondary" href="/posts?${keep.toString()}">List view</a> <a class="button" href="/compose">Compose</a></div></div>
${await filterForm(ctx, filters, '/calendar', html`<input type="hidden" name="month" value="${month}">`, false)}
<nav class="month-nav" aria-label="Months"><a href="${link(shiftMonth(month, -1))}" rel="prev">← ${shiftMonth(month, -1)}</a> <strong>${monthName}</strong> <a href="${link(shiftMonth(month, 1))}" rel="next">${shiftMonth(month, 1)} →</a></nav>
<table class="calendar"><caption>${monthName}, times in ${zone}</caption>
<thead><tr>${['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => html`<th scope="col">${d}</th>`)}</tr></thead>
<tbody>${weeks.map(
      (week) =>
        html`<tr>${week.map((day) => {
          const items = byDay.get(day) ?? [];
          return html`<td class="${day.slice(0, 7) !== month ? 'other-month' : ''} ${day === today ? 'today' : ''}"${day === today ? html` aria-current="date"` : ''}>
  <div class="day-number">${Number(day.slice(8))}</div>
  ${
    items.length
      ? html`<ul>${items.map(
          (p) =>
            html`<li><a href="/posts/${p.id}" class="cal-post status-border-${p.status}"><time datetime="${p.publishAt!.at}">${instantToZonedLocal(p.publishAt!.at, zone).slice(11)}</time> ${postTitle(p)} <span class="visually-hidden">(${p.status.replaceAll('_', ' ')})</span></a></li>`,
        )}</ul>`
      : ''
  }
</td>`;
        })}</tr>`,
    )}</tbody></table>`,
  );
}

const EVENT_LABELS: Partial<Record<HistoryEvent['type'], string>> = {
  'post.created': 'Created',
  'post.status_changed': 'Status changed',
  'post.edited': 'Edited',
  'post.rescheduled': 'Rescheduled',
  'post.caption_generated': 'AI caption written',
  'post.approval_requested': 'Approval requested',
  'post.approved': 'Approved',
  'post.rejected': 'Rejected',
  'post.cancelled': 'Cancelled',
  'target.publishing': 'Publishing',
  'target.published': 'Published',
  'target.failed': 'Failed',
  'target.uncertain': 'Outcome uncertain',
  'target.cancelled': 'Target cancelled',
  'notification.sent': 'Notification sent',
};

function actorText(actor: HistoryEvent['actor']): string {
  const who = actor.name ?? actor.id;
  switch (actor.kind) {
    case 'user':
      return who ? `by ${who}` : 'by a user';
    case 'telegram':
      return who ? `by ${who} on Telegram` : 'on Telegram';
    case 'api':
      return 'through the API';
    default:
      return 'by RelayPost';
  }
}

function eventDetails(event: HistoryEvent, post: Post): string {
  const d = event.data as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof d.from === 'string' && typeof d.to === 'string')
    parts.push(`${d.from.replaceAll('_', ' ')} → ${d.to.replaceAll('_', ' ')}`);
  if (event.targetId) {
    const target = post.targets.find((t) => t.id === event.targetId);
    if (target) parts.push(PLATFORM_NAMES[target.platform]);
  }
  if (typeof d.reason === 'string') parts.push(`reason: ${d.reason}`);
  if (typeof d.message === 'string') parts.push(d.message);
  if (
    typeof d.error === 'object' &&
    d.error &&
    typeof (d.error as { message?: unknown }).message === 'string'
  )
    parts.push((d.error as { message: string }).message);
  if (typeof d.url === 'string') parts.push(d.url);
  if (typeof d.at === 'string') parts.push(`new time ${d.at}`);
  if (d.publishNow === true) parts.push('publish now');
  return parts.join(' · ');
}

const TRANSITIONAL: readonly PostStatus[] = ['draft', 'captioning', 'publishing'];

async function detailPage(ctx: WsCtx) {
  const zone = ctx.workspace.timeZone;
  const post = await ctx.deps.relaypost.posts.get(ctx.workspace.id, ctx.params.id!);
  const history = await ctx.deps.relaypost.posts.history(ctx.workspace.id, post.id);
  const accounts = new Map((await ctx.deps.relaypost.accounts.list(ctx.workspace.id)).map((a) => [a.id, a]));
  const status = post.live?.status ?? post.status;
  const final = isFinal(status);
  const soon =
    status === 'scheduled' && post.publishAt && Date.parse(post.publishAt.at) - Date.now() < 120_000;
  const refresh = TRANSITIONAL.includes(status) || soon;
  const back = `/posts/${post.id}`;
  return ctx.render(
    postTitle(post),
    html`<div class="title-row"><h1>${postTitle(post)}</h1><div>${statusBadge(status)}</div></div>
${refresh ? html`<p class="muted small" data-auto-refresh="4">This page refreshes while the post is ${status.replaceAll('_', ' ')}.</p>` : ''}
<div class="detail-grid">
<section aria-labelledby="content-h" class="card">
<h2 id="content-h">Content</h2>
<p class="preview-text">${post.content.text || html`<span class="muted">(no text)</span>`}</p>
<dl class="facts">
  <dt>Publish time</dt><dd>${whenText(ctx, post)}</dd>
  <dt>Approval</dt><dd>${post.approval.mode === 'required' ? html`required${post.approval.deadline ? `, deadline ${formatInZone(post.approval.deadline, zone)}` : ', deadline = publish time'}; at the deadline: ${post.approval.onDeadline === 'approve' ? 'approve automatically' : 'expire'}` : 'none'}</dd>
  ${post.live?.approvedBy ? html`<dt>Approved by</dt><dd>${actorText(post.live.approvedBy).replace(/^by /, '')}</dd>` : ''}
  ${post.live?.rejectedReason ? html`<dt>Rejection reason</dt><dd>${post.live.rejectedReason}</dd>` : ''}
  <dt>AI caption</dt><dd>${post.caption ? `requested${post.caption.brief ? `: “${post.caption.brief}”` : ''}` : 'no'}</dd>
  <dt>Media</dt><dd>${post.content.mediaIds.length ? `${post.content.mediaIds.length} item(s)` : 'none'}</dd>
  <dt>Thread</dt><dd>${post.content.thread ? 'split long text into a thread' : 'no'}</dd>
  <dt>Created</dt><dd>${formatInZone(post.createdAt, zone)}</dd>
</dl>
</section>

<section aria-labelledby="actions-h" class="card">
<h2 id="actions-h">Actions</h2>
${final ? html`<p class="muted">This post is ${status.replaceAll('_', ' ')}; it cannot change any more.</p>` : ''}
${status === 'awaiting_approval' ? approvalForms(ctx, post.id, back) : ''}
${
  !final && status !== 'publishing'
    ? html`<form method="post" action="/posts/${post.id}/publish-now" class="inline-actions">${csrfField(ctx.csrfToken)}
  <button type="submit" class="secondary">Publish now${post.approval.mode === 'required' && !post.live?.approved ? ' (after approval)' : ''}</button></form>
<form method="post" action="/posts/${post.id}/reschedule" class="stack">${csrfField(ctx.csrfToken)}
  <div class="field"><label for="reschedule-at">New publish time (${zone})</label>
  <input id="reschedule-at" name="at" type="datetime-local" required value="${post.publishAt ? instantToZonedLocal(post.publishAt.at, zone) : ''}"></div>
  <button type="submit" class="secondary">Reschedule</button></form>
${
  status !== 'captioning'
    ? html`<form method="post" action="/posts/${post.id}/caption" class="stack">${csrfField(ctx.csrfToken)}
  <div class="field"><label for="caption-brief">Brief for a new AI caption (optional)</label><input id="caption-brief" name="brief" maxlength="5000"></div>
  <button type="submit" class="secondary"${ctx.workspace.ai?.anthropicApiKey ? '' : html` disabled title="Add an Anthropic API key in Settings first"`}>Regenerate caption</button></form>`
    : ''
}
<form method="post" action="/posts/${post.id}/cancel" class="stack">${csrfField(ctx.csrfToken)}
  <div class="field"><label for="cancel-reason">Reason for cancelling (optional)</label><input id="cancel-reason" name="reason" maxlength="2000"></div>
  <button type="submit" class="danger secondary">Cancel post</button></form>`
    : ''
}
</section>
</div>

<section aria-labelledby="targets-h">
<h2 id="targets-h">Targets</h2>
<table class="data"><thead><tr><th scope="col">Account</th><th scope="col">Status</th><th scope="col">Result</th><th scope="col">Options</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>
${post.targets.map((t) => {
  const account = accounts.get(t.accountId);
  return html`<tr>
<th scope="row">${platformName(ctx.deps.relaypost, t.platform)} ${account ? html`<span class="muted">@${account.handle}</span>` : ''}${t.text !== null ? html`<br><span class="small muted">own text: “${t.text.slice(0, 80)}${t.text.length > 80 ? '…' : ''}”</span>` : ''}</th>
<td>${statusBadge(t.status)}</td>
<td>${
    t.status === 'published'
      ? html`${t.result.url ? html`<a href="${t.result.url}" rel="noopener noreferrer" target="_blank">View on ${PLATFORM_NAMES[t.platform]}</a>` : (t.result.externalId ?? 'published')}${t.result.publishedAt ? html`<br><span class="small muted">${formatInZone(t.result.publishedAt, zone)}</span>` : ''}`
      : t.result.error
        ? html`<span class="error-text">${t.result.error.kind}: ${t.result.error.message}</span>${t.result.error.platformMessage ? html`<br><span class="small muted">${t.result.error.platformMessage}</span>` : ''}`
        : t.status === 'uncertain'
          ? 'The platform did not confirm; check the account before retrying.'
          : '—'
  }</td>
<td class="small">${Object.keys(t.options).length ? Object.entries(t.options).map(([k, v]) => html`<code>${k}</code>: ${String(v)}<br>`) : html`<span class="muted">defaults</span>`}</td>
<td>${
    t.status === 'failed' || t.status === 'uncertain'
      ? html`<span class="tooltip-wrap"><button type="button" class="secondary small" disabled aria-describedby="retry-why-${t.id}">Retry</button>
<span role="tooltip" id="retry-why-${t.id}" class="tooltip">Retrying a single target is not in the RelayPost SDK yet. Create a new post for this account instead.</span></span>`
      : ''
  }</td>
</tr>`;
})}</tbody></table>
</section>

<section aria-labelledby="history-h">
<h2 id="history-h">History</h2>
${
  history.length
    ? html`<ol class="timeline">${history.map(
        (e) => html`<li><time datetime="${e.occurredAt}">${formatInZone(e.occurredAt, zone)}</time>
  <strong>${EVENT_LABELS[e.type] ?? e.type}</strong> <span class="muted">${actorText(e.actor)}</span>
  ${eventDetails(e, post) ? html`<div class="small">${eventDetails(e, post)}</div>` : ''}</li>`,
      )}</ol>`
    : html`<p class="empty">Nothing recorded yet.</p>`
}
</section>`,
  );
}

function approvalForms(ctx: WsCtx, postId: string, back: string) {
  return html`<div class="approval-forms">
<form method="post" action="/posts/${postId}/approve" class="inline-actions">${csrfField(ctx.csrfToken)}<input type="hidden" name="back" value="${back}">
  <button type="submit">Approve</button></form>
<form method="post" action="/posts/${postId}/reject" class="stack">${csrfField(ctx.csrfToken)}<input type="hidden" name="back" value="${back}">
  <div class="field"><label for="reject-reason-${postId}">Reason for rejecting</label><input id="reject-reason-${postId}" name="reason" maxlength="2000"></div>
  <button type="submit" class="danger secondary">Reject</button></form>
</div>`;
}

async function approvalsPage(ctx: WsCtx) {
  const posts = await listAllPosts(
    ctx.deps.relaypost,
    ctx.workspace.id,
    { status: 'awaiting_approval' },
    200,
  );
  const zone = ctx.workspace.timeZone;
  return ctx.render(
    'Approvals',
    html`<h1>Approval queue</h1>
<p>Posts waiting for a decision. Approvers can also decide on Telegram; whichever comes first counts.</p>
${
  posts.length
    ? html`<ul class="approval-list">${posts.map(
        (p) => html`<li class="card"><h2><a href="/posts/${p.id}">${postTitle(p)}</a></h2>
<p class="preview-text">${p.content.text}</p>
${targetsSummary(ctx, p)}
<p class="small">Publish: ${whenText(ctx, p)}${p.approval.deadline ? ` · decide by ${formatInZone(p.approval.deadline, zone)}` : ''}</p>
${approvalForms(ctx, p.id, '/approvals')}</li>`,
      )}</ul>`
    : html`<p class="empty">Nothing is waiting for approval.</p>`
}`,
  );
}

/** Runs a post action; a refused change (wrong state, invalid input) comes back as a message. */
async function act(ctx: WsCtx, run: () => Promise<unknown>, done: string) {
  const back = safeNext(ctx.form.get('back') || `/posts/${ctx.params.id}`);
  try {
    await run();
    ctx.setFlash('notice', done);
  } catch (error) {
    if (ValidationError.isInstance(error))
      ctx.setFlash('error', error.issues.map((i) => i.message).join('; ') || error.message);
    else if (ConflictError.isInstance(error) || NotFoundError.isInstance(error))
      ctx.setFlash('error', error.message);
    else throw error;
  }
  return redirect(back);
}

/** Posts: list, calendar, detail with history, approval queue, and the actions on a post. */
export function postRoutes() {
  return [
    route.workspace('GET', '/posts', listPage),
    route.workspace('GET', '/calendar', calendarPage),
    route.workspace('GET', '/approvals', approvalsPage),
    route.workspace('GET', '/posts/:id', detailPage),
    route.workspace('POST', '/posts/:id/approve', (ctx) =>
      act(
        ctx,
        () => ctx.deps.relaypost.posts.approve(ctx.workspace.id, ctx.params.id!, ctx.actor),
        'Approved.',
      ),
    ),
    route.workspace('POST', '/posts/:id/reject', (ctx) =>
      act(
        ctx,
        () =>
          ctx.deps.relaypost.posts.reject(
            ctx.workspace.id,
            ctx.params.id!,
            ctx.form.get('reason')?.trim() || undefined,
            ctx.actor,
          ),
        'Rejected.',
      ),
    ),
    route.workspace('POST', '/posts/:id/cancel', (ctx) =>
      act(
        ctx,
        () =>
          ctx.deps.relaypost.posts.cancel(
            ctx.workspace.id,
            ctx.params.id!,
            ctx.form.get('reason')?.trim() || undefined,
            ctx.actor,
          ),
        'Cancelled.',
      ),
    ),
    route.workspace('POST', '/posts/:id/publish-now', (ctx) =>
      act(
        ctx,
        () => ctx.deps.relaypost.posts.publishNow(ctx.workspace.id, ctx.params.id!, ctx.actor),
        'Publishing now.',
      ),
    ),
    route.workspace('POST', '/posts/:id/reschedule', (ctx) =>
      act(
        ctx,
        async () => {
          const local = ctx.form.get('at') ?? '';
          let at: string;
          try {
            at = zonedLocalToInstant(local, ctx.workspace.timeZone).instant;
          } catch {
            throw new ValidationError([{ path: 'at', message: 'Choose a valid date and time.' }]);
          }
          return ctx.deps.relaypost.posts.reschedule(
            ctx.workspace.id,
            ctx.params.id!,
            { at, timeZone: ctx.workspace.timeZone },
            ctx.actor,
          );
        },
        'Rescheduled.',
      ),
    ),
    route.workspace('POST', '/posts/:id/caption', (ctx) =>
      act(
        ctx,
        () =>
          ctx.deps.relaypost.posts.regenerateCaption(
            ctx.workspace.id,
            ctx.params.id!,
            ctx.form.get('brief')?.trim() || undefined,
            ctx.actor,
          ),
        'A new caption was written.',
      ),
    ),
  ];
}
