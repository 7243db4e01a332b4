import { randomUUID } from 'node:crypto';
import {
  type ConnectedAccount,
  type CreatePostInput,
  type MediaAsset,
  type PlatformId,
  platformIdSchema,
  ValidationError,
  type ValidationIssue,
} from '@relaypost/core';
import { route, type WsCtx } from '../context.js';
import { attr, html } from '../html/html.js';
import { csrfField, errorList } from '../html/layout.js';
import { type Form, HttpError, json, redirect } from '../http/http.js';
import { COUNTING_LABELS, countTargets, type TargetCount } from '../lib/counters.js';
import { type OptionField, optionFieldsFor, optionsFromForm } from '../lib/platform-options.js';
import { type PlatformInfo, platformMap } from '../lib/platforms.js';
import { formatInZone, zonedLocalToInstant } from '../lib/time-zone.js';

/** Everything the composer form holds; it round-trips through every re-render. */
export interface ComposeState {
  idempotencyKey: string;
  accountIds: string[];
  text: string;
  thread: boolean;
  mediaIds: string[];
  altText: string;
  overrides: Record<string, string>;
  options: Record<string, Record<string, string>>;
  caption: boolean;
  brief: string;
  when: 'now' | 'later';
  publishAtLocal: string;
  approval: 'none' | 'required';
  deadlineLocal: string;
  onDeadline: 'expire' | 'approve';
}

const emptyState = (): ComposeState => ({
  idempotencyKey: randomUUID(),
  accountIds: [],
  text: '',
  thread: false,
  mediaIds: [],
  altText: '',
  overrides: {},
  options: {},
  caption: false,
  brief: '',
  when: 'later',
  publishAtLocal: '',
  approval: 'none',
  deadlineLocal: '',
  onDeadline: 'expire',
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the composer form (field names: `text:<accountId>`, `opt:<accountId>:<key>`). */
export function readComposeState(
  form: Form,
  accounts: ReadonlyMap<string, { platform: PlatformId }>,
  platforms: ReadonlyMap<PlatformId, PlatformInfo>,
): ComposeState {
  const accountIds = [...new Set(form.getAll('accountId'))].filter((id) => accounts.has(id));
  const removed = new Set(form.getAll('removeMedia'));
  const overrides: ComposeState['overrides'] = {};
  const options: ComposeState['options'] = {};
  for (const [id, account] of accounts) {
    const override = form.get(`text:${id}`);
    if (override?.trim()) overrides[id] = override;
    const caps = platforms.get(account.platform)?.capabilities;
    if (!caps) continue;
    const fields = optionFieldsFor(account.platform, caps);
    const values = optionsFromForm(fields, (key) => form.get(`opt:${id}:${key}`));
    if (Object.keys(values).length) options[id] = values;
  }
  const key = form.get('idempotencyKey') ?? '';
  return {
    idempotencyKey: UUID.test(key) ? key : randomUUID(),
    accountIds,
    text: form.get('text') ?? '',
    thread: form.get('thread') === '1',
    mediaIds: [...new Set(form.getAll('mediaId'))].filter((id) => UUID.test(id) && !removed.has(id)),
    altText: form.get('altText') ?? '',
    overrides,
    options,
    caption: form.get('caption') === '1',
    brief: form.get('brief') ?? '',
    when: form.get('when') === 'now' ? 'now' : 'later',
    publishAtLocal: form.get('publishAt') ?? '',
    approval: form.get('approval') === 'required' ? 'required' : 'none',
    deadlineLocal: form.get('deadline') ?? '',
    onDeadline: form.get('onDeadline') === 'approve' ? 'approve' : 'expire',
  };
}

/**
 * Turns the composer's state into the SDK's `CreatePostInput`, converting the local date-times
 * in the workspace's zone to instants. Returns the problems instead when the form is incomplete.
 */
export function buildCreateInput(
  state: ComposeState,
  timeZone: string,
): { input: CreatePostInput; notes: string[] } | { errors: string[] } {
  const errors: string[] = [];
  const notes: string[] = [];
  if (!state.accountIds.length) errors.push('Choose at least one account to publish to.');
  let text = state.text;
  let brief = state.brief.trim();
  if (state.caption) {
    if (!brief && !text.trim()) errors.push('Write a brief (or some text) for the AI caption.');
    if (!brief) brief = text.trim();
    // The caption replaces the text; until it is written, the brief stands in for it.
    if (!text.trim()) text = brief;
  } else if (!text.trim() && !state.mediaIds.length && !Object.keys(state.overrides).length) {
    errors.push('Write some text or add media.');
  }
  let publishAt: CreatePostInput['publishAt'];
  if (state.when === 'later') {
    if (!state.publishAtLocal) errors.push('Choose when to publish, or pick “As soon as possible”.');
    else {
      try {
        const converted = zonedLocalToInstant(state.publishAtLocal, timeZone);
        publishAt = { at: converted.instant, timeZone };
        if (converted.resolution === 'skipped') {
          notes.push(
            `${state.publishAtLocal.replace('T', ' ')} does not exist in ${timeZone} (clocks jump forward that night); the post is scheduled for ${formatInZone(converted.instant, timeZone)}.`,
          );
        } else if (converted.resolution === 'ambiguous') {
          notes.push(
            `${state.publishAtLocal.replace('T', ' ')} happens twice in ${timeZone} (clocks go back that night); the first one was taken: ${formatInZone(converted.instant, timeZone)}.`,
          );
        }
      } catch {
        errors.push('The publish time is not a valid date and time.');
      }
    }
  }
  let deadline: string | undefined;
  if (state.approval === 'required' && state.deadlineLocal) {
    try {
      deadline = zonedLocalToInstant(state.deadlineLocal, timeZone).instant;
      if (publishAt && Date.parse(deadline) > Date.parse(publishAt.at))
        errors.push('The approval deadline must be before the publish time.');
    } catch {
      errors.push('The approval deadline is not a valid date and time.');
    }
  }
  if (errors.length) return { errors };
  return {
    notes,
    input: {
      idempotencyKey: state.idempotencyKey,
      content: { text, mediaIds: state.mediaIds, thread: state.thread },
      targets: state.accountIds.map((accountId) => ({
        accountId,
        ...(state.overrides[accountId] ? { text: state.overrides[accountId] } : {}),
        options: state.options[accountId] ?? {},
      })),
      ...(publishAt ? { publishAt } : {}),
      approval: {
        mode: state.approval,
        onDeadline: state.onDeadline,
        ...(deadline ? { deadline } : {}),
      },
      ...(state.caption ? { caption: { brief, apply: true } } : {}),
    },
  };
}

/** Issue paths from the SDK (`targets.1.options.title`) in words (`Reddit @acme: options.title`). */
export function describeIssues(
  issues: readonly ValidationIssue[],
  targetLabels: readonly string[],
): string[] {
  return issues.map((issue) => {
    const match = /^targets\.(\d+)\.?(.*)$/.exec(issue.path);
    const where = match
      ? `${targetLabels[Number(match[1])] ?? `target ${match[1]}`}${match[2] ? ` (${match[2]})` : ''}`
      : issue.path;
    const limit =
      issue.limit !== undefined
        ? ` (limit ${Array.isArray(issue.limit) ? issue.limit.join(', ') : issue.limit}${issue.actual !== undefined ? `, is ${issue.actual}` : ''})`
        : '';
    return `${where}: ${issue.message}${limit}`;
  });
}

const accountLabel = (account: ConnectedAccount, platforms: ReadonlyMap<PlatformId, PlatformInfo>) =>
  `${platforms.get(account.platform)?.displayName ?? account.platform} @${account.handle}`;

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

function counterLine(count: TargetCount | undefined, label: string, accountId: string, hidden: boolean) {
  return html`<li data-counter-for="${accountId}"${attr('hidden', hidden)} class="${count?.over && !count.willThread ? 'over' : ''}">
  <span class="counter-label">${label}</span>
  <span class="counter"><output data-count>${count?.count ?? 0}</output> / <span data-max>${count?.max ?? ''}</span></span>
  <span class="muted small" data-counting>${count ? COUNTING_LABELS[count.counting] : ''}</span>
  <span class="small" data-note>${count?.over ? (count.willThread ? 'will be split into a thread' : `${-count.remaining} over the limit`) : ''}</span>
</li>`;
}

function optionInput(accountId: string, field: OptionField, value: string | undefined) {
  const id = `opt-${accountId}-${field.key}`;
  const name = `opt:${accountId}:${field.key}`;
  const hint = field.hint ? html`<p class="hint" id="${id}-hint">${field.hint}</p>` : '';
  const described = field.hint ? html` aria-describedby="${id}-hint"` : '';
  const label = html`<label for="${id}">${field.label}${field.required ? html` <span class="req">(required)</span>` : ''}</label>`;
  if (field.kind === 'select') {
    return html`<div class="field">${label}<select id="${id}" name="${name}"${described}>
  <option value="">${field.required ? 'Choose…' : 'Platform default'}</option>
  ${(field.choices ?? []).map((c) => html`<option value="${c.value}"${attr('selected', c.value === value)}>${c.label}</option>`)}
</select>${hint}</div>`;
  }
  if (field.kind === 'textarea') {
    return html`<div class="field">${label}<textarea id="${id}" name="${name}" rows="2"${described}>${value ?? ''}</textarea>${hint}</div>`;
  }
  return html`<div class="field">${label}<input id="${id}" name="${name}" value="${value ?? ''}"${field.maxLength ? html` maxlength="${field.maxLength}"` : ''}${described}>${hint}</div>`;
}

function previewCard(
  account: ConnectedAccount,
  info: PlatformInfo | undefined,
  state: ComposeState,
  count: TargetCount | undefined,
  media: readonly MediaAsset[],
) {
  const text = state.overrides[account.id] ?? state.text;
  const options = state.options[account.id] ?? {};
  const title = options.title;
  return html`<article class="preview preview-${account.platform}" aria-label="Preview on ${info?.displayName ?? account.platform}">
  <header><strong>${info?.displayName ?? account.platform}</strong> <span class="muted">@${account.handle}</span></header>
  ${title ? html`<h3 class="preview-title">${title}</h3>` : ''}
  ${options.subreddit ? html`<p class="muted small">r/${options.subreddit}</p>` : ''}
  <p class="preview-text">${text || html`<span class="muted">(no text)</span>`}</p>
  ${media.length ? html`<p class="muted small">${media.length} media: ${media.map((m) => `${m.mimeType}${m.width ? ` ${m.width}×${m.height}` : ''}`).join(', ')}</p>` : ''}
  ${options.firstComment ? html`<p class="first-comment"><span class="muted small">First comment:</span> ${options.firstComment}</p>` : ''}
  <footer class="small ${count?.over && !count.willThread ? 'over' : ''}">${count ? `${count.count} / ${count.max} ${COUNTING_LABELS[count.counting]}` : ''}${count?.over ? (count.willThread ? ' · will be split into a thread' : ' · too long') : ''}</footer>
</article>`;
}

async function composePage(
  ctx: WsCtx,
  state: ComposeState,
  extra: { errors?: string[]; previews?: boolean; status?: number } = {},
) {
  const relaypost = ctx.deps.relaypost;
  const platforms = platformMap(relaypost);
  const accounts = (await relaypost.accounts.list(ctx.workspace.id)).filter(
    (a) => a.status !== 'disconnected',
  );
  const media = (
    await Promise.all(state.mediaIds.map((id) => relaypost.media.get(ctx.workspace.id, id).catch(() => null)))
  ).filter((m): m is MediaAsset => m !== null);
  const counts = countTargets(
    {
      text: state.text,
      thread: state.thread,
      targets: accounts.map((a) => ({
        key: a.id,
        platform: a.platform,
        text: state.overrides[a.id] ?? null,
      })),
    },
    (p) => platforms.get(p)?.capabilities,
  );
  const countFor = (id: string) => counts.find((c) => c.key === id);
  const selected = new Set(state.accountIds);
  const hasKey = Boolean(ctx.workspace.ai?.anthropicApiKey);
  const zone = ctx.workspace.timeZone;

  if (!accounts.length) {
    return ctx.render(
      'Compose',
      html`<h1>Compose a post</h1><p class="empty">Connect an account first: <a href="/accounts">Accounts</a>.</p>`,
    );
  }

  return ctx.render(
    'Compose',
    html`<h1>Compose a post</h1>
${errorList(extra.errors ?? [])}
<form method="post" action="/compose" enctype="multipart/form-data" class="composer" id="composer" data-composer>
${csrfField(ctx.csrfToken)}
<input type="hidden" name="idempotencyKey" value="${state.idempotencyKey}">
<div class="composer-grid">
<div class="composer-main">
<fieldset>
  <legend>Publish to</legend>
  <ul class="checks">${accounts.map(
    (a) =>
      html`<li><label><input type="checkbox" name="accountId" value="${a.id}" data-platform="${a.platform}"${attr('checked', selected.has(a.id))}> ${accountLabel(a, platforms)}${a.status === 'needs_reconnect' ? html` <span class="status status-failed">needs reconnect</span>` : ''}</label></li>`,
  )}</ul>
</fieldset>

<div class="field">
  <label for="text">Text</label>
  <textarea id="text" name="text" rows="7" data-count-source aria-describedby="counters">${state.text}</textarea>
</div>
<ul class="counters" id="counters" aria-live="polite" aria-label="Length per platform">
  ${accounts.map((a) => counterLine(countFor(a.id), accountLabel(a, platforms), a.id, !selected.has(a.id)))}
</ul>
<div class="field check"><label><input type="checkbox" name="thread" value="1"${attr('checked', state.thread)}> Split long text into a thread where the platform has threads</label></div>

<fieldset>
  <legend>AI caption</legend>
  ${
    hasKey
      ? html`<div class="field check"><label><input type="checkbox" name="caption" value="1"${attr('checked', state.caption)}> Generate the caption with AI</label>
  <p class="hint">RelayPost writes the caption (in your brand voice, fitted to each platform's limit) right after you create the post; with approval on, approvers see the caption.</p></div>
  <div class="field"><label for="brief">Brief</label><textarea id="brief" name="brief" rows="2" placeholder="What the post should say; the text above is used when empty.">${state.brief}</textarea></div>`
      : html`<p class="hint">Add an Anthropic API key in <a href="/settings#ai-h">Settings</a> to generate captions.</p>`
  }
</fieldset>

<fieldset>
  <legend>Media</legend>
  ${
    media.length
      ? html`<ul class="media-list">${media.map(
          (m) => html`<li><input type="hidden" name="mediaId" value="${m.id}">
      ${m.mimeType} ${m.width ? `${m.width}×${m.height}` : ''} ${m.durationMs ? `${(m.durationMs / 1000).toFixed(1)} s` : ''} · ${formatBytes(m.sizeBytes)}${m.altText ? html` · alt: “${m.altText}”` : ''}
      <label class="small"><input type="checkbox" name="removeMedia" value="${m.id}"> remove</label></li>`,
        )}</ul>`
      : ''
  }
  <div class="field"><label for="media">Add images or a video</label>
    <input id="media" name="media" type="file" multiple accept="image/png,image/jpeg,image/gif,image/webp,video/mp4,video/quicktime" aria-describedby="media-hint">
    <p class="hint" id="media-hint">Checked against every selected platform's limits (type, size, duration, aspect ratio) when uploaded.</p></div>
  <div class="field"><label for="altText">Alt text for new images</label><input id="altText" name="altText" maxlength="2000" value="${state.altText}"></div>
  <button type="submit" name="intent" value="upload" class="secondary" formnovalidate>Upload media</button>
</fieldset>

<fieldset>
  <legend>When</legend>
  <div class="field check"><label><input type="radio" name="when" value="now"${attr('checked', state.when === 'now')}> As soon as possible (after approval, if required)</label></div>
  <div class="field check"><label><input type="radio" name="when" value="later"${attr('checked', state.when === 'later')}> At a time</label></div>
  <div class="field"><label for="publishAt">Publish at (${zone})</label>
    <input id="publishAt" name="publishAt" type="datetime-local" value="${state.publishAtLocal}" aria-describedby="publish-hint">
    <p class="hint" id="publish-hint">In the workspace's time zone, ${zone}${state.when === 'later' && state.publishAtLocal ? html`: ${safeFormat(state.publishAtLocal, zone)}` : ''}.</p></div>
</fieldset>

<fieldset>
  <legend>Approval</legend>
  <div class="field check"><label><input type="radio" name="approval" value="none"${attr('checked', state.approval === 'none')}> Publish without approval</label></div>
  <div class="field check"><label><input type="radio" name="approval" value="required"${attr('checked', state.approval === 'required')}> An approver must approve it (on Telegram or in the <a href="/approvals">approval queue</a>)</label></div>
  ${
    ctx.workspace.telegram?.approverChatIds.length
      ? ''
      : html`<p class="hint">No Telegram approvers are set up; approve in the queue, or set them up in <a href="/settings#tg-h">Settings</a>.</p>`
  }
  <div class="field"><label for="deadline">Approval deadline (${zone}, optional)</label>
    <input id="deadline" name="deadline" type="datetime-local" value="${state.deadlineLocal}"><p class="hint">Defaults to the publish time.</p></div>
  <div class="field"><label for="onDeadline">If nobody decides by the deadline</label>
    <select id="onDeadline" name="onDeadline">
      <option value="expire"${attr('selected', state.onDeadline === 'expire')}>Do not publish (the post expires)</option>
      <option value="approve"${attr('selected', state.onDeadline === 'approve')}>Publish anyway (approve automatically)</option>
    </select></div>
</fieldset>
</div>

<div class="composer-side">
<h2>Per platform</h2>
<p class="hint">Override the text or set options for one target. Empty fields use the main text and the platform's defaults.</p>
${accounts.map((a) => {
  const info = platforms.get(a.platform);
  const fields = info ? optionFieldsFor(a.platform, info.capabilities) : [];
  return html`<details class="target" data-target-for="${a.id}"${attr('open', selected.has(a.id))}>
  <summary>${accountLabel(a, platforms)}</summary>
  <fieldset><legend class="visually-hidden">${accountLabel(a, platforms)}</legend>
  <div class="field"><label for="text-${a.id}">Text for ${info?.displayName ?? a.platform} only</label>
    <textarea id="text-${a.id}" name="text:${a.id}" rows="3" data-override-for="${a.id}">${state.overrides[a.id] ?? ''}</textarea></div>
  ${fields.map((f) => optionInput(a.id, f, state.options[a.id]?.[f.key]))}
</fieldset></details>`;
})}
${
  extra.previews && state.accountIds.length
    ? html`<section aria-labelledby="preview-h" class="previews"><h2 id="preview-h">Preview</h2>
${accounts.filter((a) => selected.has(a.id)).map((a) => previewCard(a, platforms.get(a.platform), state, countFor(a.id), media))}</section>`
    : ''
}
</div>
</div>
<div class="composer-actions">
  <button type="submit" name="intent" value="preview" class="secondary" formnovalidate>Preview</button>
  <button type="submit" name="intent" value="create">Create post</button>
</div>
</form>`,
    extra.status,
  );
}

function safeFormat(local: string, zone: string): string {
  try {
    return formatInZone(zonedLocalToInstant(local, zone).instant, zone);
  } catch {
    return 'not a valid time';
  }
}

/** The composer (upload, preview, create) and the live counter endpoint. */
export function composeRoutes() {
  return [
    route.workspace('GET', '/compose', async (ctx) => {
      const state = emptyState();
      const preset = ctx.query.getAll('accountId');
      if (preset.length) state.accountIds = preset;
      return composePage(ctx, state);
    }),

    route.workspace('POST', '/compose', async (ctx) => {
      const relaypost = ctx.deps.relaypost;
      const platforms = platformMap(relaypost);
      const accounts = new Map((await relaypost.accounts.list(ctx.workspace.id)).map((a) => [a.id, a]));
      const state = readComposeState(ctx.form, accounts, platforms);
      const intent = ctx.form.get('intent') ?? 'create';
      const errors: string[] = [];

      // Media first: each file is checked against the selected platforms and stored.
      const files = ctx.form.files('media');
      const targetPlatforms = [...new Set(state.accountIds.map((id) => accounts.get(id)!.platform))];
      for (const file of files) {
        try {
          const asset = await relaypost.media.upload({
            workspaceId: ctx.workspace.id,
            data: new Uint8Array(await file.arrayBuffer()),
            ...(state.altText.trim() ? { altText: state.altText.trim() } : {}),
            platforms: targetPlatforms,
          });
          state.mediaIds.push(asset.id);
        } catch (error) {
          if (!ValidationError.isInstance(error)) throw error;
          errors.push(
            ...error.issues.map(
              (i) =>
                `${file.name}: ${i.path.replace(/^platforms\./, '')}: ${i.message}${i.limit !== undefined ? ` (limit ${i.limit}${i.actual !== undefined ? `, is ${i.actual}` : ''})` : ''}`,
            ),
          );
        }
      }
      if (files.length && !errors.length) state.altText = '';

      if (intent !== 'create' || errors.length) {
        return composePage(ctx, state, {
          errors,
          previews: intent === 'preview',
          status: errors.length ? 422 : 200,
        });
      }

      const built = buildCreateInput(state, ctx.workspace.timeZone);
      if ('errors' in built)
        return composePage(ctx, state, { errors: built.errors, previews: true, status: 422 });
      try {
        const post = await relaypost.posts.create(ctx.workspace.id, built.input);
        ctx.setFlash(
          'notice',
          [
            state.caption ? 'Post created; the AI caption is being written.' : 'Post created.',
            ...built.notes,
          ].join(' '),
        );
        return redirect(`/posts/${post.id}`);
      } catch (error) {
        if (!ValidationError.isInstance(error)) throw error;
        const labels = state.accountIds.map((id) => accountLabel(accounts.get(id)!, platforms));
        return composePage(ctx, state, {
          errors: describeIssues(error.issues, labels),
          previews: true,
          status: 422,
        });
      }
    }),

    /**
     * `POST /api/count` (JSON, `x-csrf-token` header): counts as each platform counts. The
     * composer's script calls it while the user types; see README "Live counters".
     */
    route.workspace('POST', '/api/count', async (ctx) => {
      if (ctx.body.kind !== 'json') throw new HttpError(415, 'Send JSON.');
      const body = ctx.body.value as { text?: unknown; thread?: unknown; targets?: unknown };
      if (
        typeof body.text !== 'string' ||
        !Array.isArray(body.targets) ||
        body.targets.length > 50 ||
        body.text.length > 100_000
      ) {
        throw new HttpError(400, 'Expected { text, thread?, targets: [{ key, platform, text? }] }.');
      }
      const targets: Array<{ key: string; platform: PlatformId; text: string | null }> = [];
      for (const t of body.targets as Array<Record<string, unknown>>) {
        const platform = platformIdSchema.safeParse(t?.platform);
        if (!platform.success || typeof t.key !== 'string') continue;
        targets.push({
          key: t.key.slice(0, 100),
          platform: platform.data,
          text: typeof t.text === 'string' ? t.text.slice(0, 100_000) : null,
        });
      }
      const platforms = platformMap(ctx.deps.relaypost);
      const counts = countTargets(
        { text: body.text, thread: body.thread === true, targets },
        (p) => platforms.get(p)?.capabilities,
      );
      return json({ counts: counts.map((c) => ({ ...c, countingLabel: COUNTING_LABELS[c.counting] })) });
    }),
  ];
}
