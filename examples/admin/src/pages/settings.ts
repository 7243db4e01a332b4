import { type UpdateWorkspaceInput, ValidationError } from '@relaypost/core';
import { route, type WsCtx } from '../context.js';
import { html } from '../html/html.js';
import { csrfField, errorList } from '../html/layout.js';
import { type Form, redirect } from '../http/http.js';
import { sendTelegramTestMessage } from '../lib/telegram.js';
import { timeZoneSelect } from './auth.js';

type Section = 'general' | 'ai' | 'telegram' | 'webhook';

/** Brand-voice samples are edited as one text area, separated by a line holding only `---`. */
export function parseSamples(text: string): string[] {
  return text
    .split(/^\s*---\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Chat ids (numbers, or `@channel` names) and user ids, separated by commas, spaces or lines. */
export function parseIdList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const setOrNot = (on: boolean) =>
  on
    ? html`<span class="status status-published">set</span>`
    : html`<span class="status status-cancelled">not set</span>`;

function settingsPage(ctx: WsCtx, state: { section?: Section; errors?: string[]; form?: Form } = {}) {
  const ws = ctx.workspace;
  const editing = (s: Section) => (state.section === s ? state.form : undefined);
  const errorsFor = (s: Section) => (state.section === s ? errorList(state.errors ?? []) : '');
  const g = editing('general');
  const a = editing('ai');
  const t = editing('telegram');
  const w = editing('webhook');
  return ctx.render(
    'Settings',
    html`<h1>Workspace settings</h1>
<section aria-labelledby="general-h" class="card">
<h2 id="general-h">General</h2>
${errorsFor('general')}
<form method="post" action="/settings/general" class="stack">
  ${csrfField(ctx.csrfToken)}
  <div class="field"><label for="name">Workspace name</label>
    <input id="name" name="name" required maxlength="200" value="${g?.get('name') ?? ws.name}"></div>
  <div class="field"><label for="timeZone">Time zone</label>${timeZoneSelect('timeZone', 'timeZone', g?.get('timeZone') ?? ws.timeZone)}
    <p class="hint">The composer and calendar use this zone.</p></div>
  <button type="submit">Save</button>
</form>
</section>

<section aria-labelledby="ai-h" class="card">
<h2 id="ai-h">AI captions</h2>
<p>Captions are written by Anthropic's API with your workspace's own key. The key is stored encrypted by RelayPost and is never shown again.</p>
${errorsFor('ai')}
<form method="post" action="/settings/ai" class="stack">
  ${csrfField(ctx.csrfToken)}
  <div class="field"><label for="anthropicApiKey">Anthropic API key ${setOrNot(Boolean(ws.ai?.anthropicApiKey))}</label>
    <input id="anthropicApiKey" name="anthropicApiKey" type="password" autocomplete="off" spellcheck="false" placeholder="${ws.ai?.anthropicApiKey ? 'Leave empty to keep the stored key' : 'sk-ant-…'}" aria-describedby="key-hint">
    <p class="hint" id="key-hint">Write-only: type a new key to replace the stored one.</p></div>
  <div class="field"><label for="model">Model</label>
    <input id="model" name="model" maxlength="100" value="${a?.get('model') ?? ws.ai?.model ?? 'claude-sonnet-5-5'}"></div>
  <div class="field"><label for="tone">Tone</label>
    <input id="tone" name="tone" maxlength="500" placeholder="e.g. warm, concise, no hashtags" value="${a?.get('tone') ?? ws.ai?.tone ?? ''}"></div>
  <div class="field"><label for="samples">Brand-voice samples</label>
    <textarea id="samples" name="samples" rows="6" aria-describedby="samples-hint">${a?.get('samples') ?? (ws.ai?.brandVoiceSamples ?? []).join('\n---\n')}</textarea>
    <p class="hint" id="samples-hint">Posts that sound like you; separate samples with a line holding only <code>---</code> (20 at most).</p></div>
  <button type="submit">Save AI settings</button>
</form>
</section>

<section aria-labelledby="tg-h" class="card">
<h2 id="tg-h">Telegram approvals</h2>
<p>When a post needs approval, RelayPost's bot sends it to the approver chats with Approve and Reject buttons. Only the listed users may press them.</p>
${errorsFor('telegram')}
<form method="post" action="/settings/telegram" class="stack">
  ${csrfField(ctx.csrfToken)}
  <div class="field"><label for="botToken">Bot token ${setOrNot(Boolean(ws.telegram?.botToken))}</label>
    <input id="botToken" name="botToken" type="password" autocomplete="off" spellcheck="false" placeholder="${ws.telegram?.botToken ? 'Leave empty to keep the stored token' : '123456:ABC…'}">
    <p class="hint">From @BotFather. Write-only.</p></div>
  <div class="field"><label for="approverChatIds">Approver chats</label>
    <input id="approverChatIds" name="approverChatIds" value="${t?.get('approverChatIds') ?? (ws.telegram?.approverChatIds ?? []).join(', ')}" aria-describedby="chats-hint">
    <p class="hint" id="chats-hint">Chat ids (e.g. <code>-1001234567890</code>) or channel names (<code>@team_channel</code>), separated by commas.</p></div>
  <div class="field"><label for="approverUserIds">Approver user ids</label>
    <input id="approverUserIds" name="approverUserIds" inputmode="numeric" value="${t?.get('approverUserIds') ?? (ws.telegram?.approverUserIds ?? []).join(', ')}" aria-describedby="users-hint">
    <p class="hint" id="users-hint">Numeric Telegram user ids allowed to approve, separated by commas.</p></div>
  <button type="submit">Save Telegram settings</button>
</form>
<form method="post" action="/settings/telegram/test" class="inline-actions">
  ${csrfField(ctx.csrfToken)}
  <button type="submit" class="secondary"${ws.telegram?.botToken && ws.telegram.approverChatIds.length ? '' : html` disabled title="Save a bot token and at least one approver chat first"`}>Send test message</button>
</form>
</section>

<section aria-labelledby="wh-h" class="card">
<h2 id="wh-h">Webhook</h2>
<p>RelayPost posts signed outcome notifications (published, failed, needs reconnect) to this URL.</p>
${errorsFor('webhook')}
<form method="post" action="/settings/webhook" class="stack">
  ${csrfField(ctx.csrfToken)}
  <div class="field"><label for="webhookUrl">URL</label>
    <input id="webhookUrl" name="url" type="url" placeholder="https://example.com/relaypost" value="${w?.get('url') ?? ws.webhook?.url ?? ''}"></div>
  <div class="field"><label for="webhookSecret">Signing secret ${setOrNot(Boolean(ws.webhook?.secret))}</label>
    <input id="webhookSecret" name="secret" type="password" autocomplete="off" placeholder="${ws.webhook?.secret ? 'Leave empty to keep the stored secret' : ''}">
    <p class="hint">Write-only. Each delivery carries <code>X-RelayPost-Signature: t=…,v1=…</code> (HMAC-SHA256 of <code>t.body</code> with this secret).</p></div>
  <div class="inline-actions">
    <button type="submit">Save webhook</button>
    ${ws.webhook ? html`<button type="submit" name="remove" value="1" class="danger secondary">Remove webhook</button>` : ''}
  </div>
</form>
</section>`,
    state.errors?.length ? 422 : 200,
  );
}

/** Saves one section; a refused update re-renders the page with the SDK's issues. */
async function save(ctx: WsCtx, section: Section, update: () => UpdateWorkspaceInput | string[]) {
  const input = update();
  if (Array.isArray(input)) return settingsPage(ctx, { section, errors: input, form: ctx.form });
  try {
    await ctx.deps.relaypost.workspaces.update(ctx.workspace.id, input);
  } catch (error) {
    if (!ValidationError.isInstance(error)) throw error;
    return settingsPage(ctx, {
      section,
      errors: error.issues.map((i) => `${i.path}: ${i.message}`),
      form: ctx.form,
    });
  }
  ctx.setFlash('notice', 'Settings saved.');
  return redirect(
    `/settings#${section === 'general' ? 'general' : section === 'ai' ? 'ai' : section === 'telegram' ? 'tg' : 'wh'}-h`,
  );
}

/**
 * A stored secret is never shown, so an empty field means "keep it". The update sends the stored
 * value back (revealed only here, server-side) so that it stays whether the store replaces the
 * settings object or merges it.
 */
const keep = (
  typed: string | undefined,
  stored: { reveal(): string } | null | undefined,
): string | undefined => {
  const value = typed?.trim();
  if (value) return value;
  return stored ? stored.reveal() : undefined;
};

/** Workspace settings: general, AI captions, Telegram approvals (with a test message), webhook. */
export function settingsRoutes() {
  return [
    route.workspace('GET', '/settings', async (ctx) => settingsPage(ctx)),

    route.workspace('POST', '/settings/general', (ctx) =>
      save(ctx, 'general', () => ({
        name: (ctx.form.get('name') ?? '').trim(),
        timeZone: ctx.form.get('timeZone') ?? '',
      })),
    ),

    route.workspace('POST', '/settings/ai', (ctx) =>
      save(ctx, 'ai', () => {
        const key = keep(ctx.form.get('anthropicApiKey'), ctx.workspace.ai?.anthropicApiKey);
        const tone = ctx.form.get('tone')?.trim();
        return {
          ai: {
            ...(key ? { anthropicApiKey: key } : {}),
            model: ctx.form.get('model')?.trim() || 'claude-sonnet-5-5',
            brandVoiceSamples: parseSamples(ctx.form.get('samples') ?? ''),
            ...(tone ? { tone } : {}),
          },
        };
      }),
    ),

    route.workspace('POST', '/settings/telegram', (ctx) =>
      save(ctx, 'telegram', () => {
        const errors: string[] = [];
        const chats = parseIdList(ctx.form.get('approverChatIds') ?? '').map((id) =>
          /^-?\d+$/.test(id) ? Number(id) : id,
        );
        const users = parseIdList(ctx.form.get('approverUserIds') ?? '').map((id) => {
          if (!/^\d+$/.test(id)) errors.push(`Approver user ids: “${id}” is not a numeric Telegram user id.`);
          return Number(id);
        });
        if (errors.length) return errors;
        const token = keep(ctx.form.get('botToken'), ctx.workspace.telegram?.botToken);
        return {
          telegram: { ...(token ? { botToken: token } : {}), approverChatIds: chats, approverUserIds: users },
        };
      }),
    ),

    route.workspace('POST', '/settings/telegram/test', async (ctx) => {
      const telegram = ctx.workspace.telegram;
      const token = telegram?.botToken?.reveal();
      if (!token || !telegram?.approverChatIds.length) {
        return settingsPage(ctx, {
          section: 'telegram',
          errors: ['Save a bot token and at least one approver chat first.'],
        });
      }
      const results = await sendTelegramTestMessage({
        apiRoot: ctx.deps.telegramApiRoot,
        botToken: token,
        chatIds: telegram.approverChatIds,
        text: `RelayPost test message for the workspace “${ctx.workspace.name}”. Approval requests will arrive in this chat.`,
        fetch: ctx.deps.fetch,
      });
      // Post/redirect/get: the outcome travels in the flash, so a reload does not send again.
      ctx.setFlash(
        results.every((r) => r.ok) ? 'notice' : 'error',
        `Test message: ${results.map((r) => `chat ${r.chatId}: ${r.ok ? 'delivered' : `failed (${r.error ?? 'unknown error'})`}`).join('; ')}.`,
      );
      return redirect('/settings#tg-h');
    }),

    route.workspace('POST', '/settings/webhook', (ctx) =>
      save(ctx, 'webhook', () => {
        if (ctx.form.get('remove') === '1') return { webhook: null };
        const url = ctx.form.get('url')?.trim() ?? '';
        if (!url) return ['Enter the webhook URL, or use “Remove webhook”.'];
        const secret = keep(ctx.form.get('secret'), ctx.workspace.webhook?.secret);
        return { webhook: { url, ...(secret ? { secret } : {}) } };
      }),
    ),
  ];
}
