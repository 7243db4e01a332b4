import { type Html, html } from '../html/html.js';

/**
 * Server-rendered SVG charts: no script, no library, styled by `app.css` classes. Each chart has
 * a title and description for screen readers; the analytics page also prints the numbers in a
 * table next to it.
 */

export interface DailyBar {
  day: string;
  published: number;
  failed: number;
}

/**
 * Bars per day: published (bottom) and failed (stacked on top).
 *
 * @example
 * ```ts
 * dailyBarChart({ title: 'Bluesky', days: [{ day: '2026-03-01', published: 3, failed: 1 }] })
 * ```
 */
export function dailyBarChart(input: {
  title: string;
  days: readonly DailyBar[];
  width?: number;
  height?: number;
}): Html {
  const width = input.width ?? 560;
  const height = input.height ?? 160;
  const pad = { top: 10, right: 10, bottom: 24, left: 32 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const max = Math.max(1, ...input.days.map((d) => d.published + d.failed));
  const step = input.days.length ? innerW / input.days.length : innerW;
  const barW = Math.max(1, Math.min(24, step * 0.7));
  const y = (v: number) => pad.top + innerH - (v / max) * innerH;
  const id = `c${hashId(input.title)}`;
  const totals = input.days.reduce((a, d) => ({ p: a.p + d.published, f: a.f + d.failed }), { p: 0, f: 0 });
  const labelEvery = Math.max(1, Math.ceil(input.days.length / 8));
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-t ${id}-d">
  <title id="${id}-t">${input.title}: published and failed per day</title>
  <desc id="${id}-d">${totals.p} published and ${totals.f} failed over ${input.days.length} days; the highest day had ${max}.</desc>
  <line class="axis" x1="${pad.left}" y1="${pad.top + innerH}" x2="${width - pad.right}" y2="${pad.top + innerH}"></line>
  <text class="tick" x="${pad.left - 4}" y="${pad.top + 4}" text-anchor="end">${max}</text>
  <text class="tick" x="${pad.left - 4}" y="${pad.top + innerH}" text-anchor="end">0</text>
  ${input.days.map((d, i) => {
    const x = pad.left + i * step + (step - barW) / 2;
    const pubTop = y(d.published);
    const failTop = y(d.published + d.failed);
    return html`<g><title>${d.day}: ${d.published} published, ${d.failed} failed</title>
    ${d.published ? html`<rect class="bar-published" x="${x.toFixed(1)}" y="${pubTop.toFixed(1)}" width="${barW.toFixed(1)}" height="${(pad.top + innerH - pubTop).toFixed(1)}"></rect>` : ''}
    ${d.failed ? html`<rect class="bar-failed" x="${x.toFixed(1)}" y="${failTop.toFixed(1)}" width="${barW.toFixed(1)}" height="${(pubTop - failTop).toFixed(1)}"></rect>` : ''}
    ${i % labelEvery === 0 ? html`<text class="tick" x="${(x + barW / 2).toFixed(1)}" y="${height - 8}" text-anchor="middle">${d.day.slice(5)}</text>` : ''}</g>`;
  })}
</svg>`;
}

export interface HorizontalBar {
  label: string;
  value: number | null;
  /** Shown at the end of the bar, e.g. "93%" or "1.2 s". */
  display: string;
  className?: string;
}

/**
 * One horizontal bar per row (success rate per platform, lateness per platform).
 *
 * @example
 * ```ts
 * horizontalBarChart({ title: 'Success rate', max: 1, bars: [{ label: 'X', value: 0.9, display: '90%' }] })
 * ```
 */
export function horizontalBarChart(input: {
  title: string;
  description: string;
  bars: readonly HorizontalBar[];
  max?: number;
  width?: number;
}): Html {
  const width = input.width ?? 560;
  const rowH = 24;
  const labelW = 110;
  const valueW = 80;
  const height = Math.max(rowH, input.bars.length * rowH) + 8;
  const max = input.max ?? Math.max(1e-9, ...input.bars.map((b) => b.value ?? 0));
  const innerW = width - labelW - valueW;
  const id = `h${hashId(input.title)}`;
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-t ${id}-d">
  <title id="${id}-t">${input.title}</title>
  <desc id="${id}-d">${input.description}</desc>
  ${input.bars.map((bar, i) => {
    const y = 4 + i * rowH;
    const w = bar.value === null ? 0 : Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * innerW);
    return html`<g>
    <text class="label" x="${labelW - 8}" y="${y + 16}" text-anchor="end">${bar.label}</text>
    <rect class="track" x="${labelW}" y="${y + 4}" width="${innerW}" height="${rowH - 8}"></rect>
    <rect class="${bar.className ?? 'bar-published'}" x="${labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}"></rect>
    <text class="value" x="${labelW + innerW + 6}" y="${y + 16}">${bar.display}</text></g>`;
  })}
</svg>`;
}

/** Every day from `from` to `to` (inclusive, `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** Milliseconds for people: `850 ms`, `12.4 s`, `3.2 min`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

function hashId(text: string): string {
  let h = 0;
  for (const ch of text) h = (Math.imul(h, 31) + (ch.codePointAt(0) ?? 0)) | 0;
  return (h >>> 0).toString(36);
}
