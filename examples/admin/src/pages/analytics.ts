import { route, type WsCtx } from '../context.js';
import { html } from '../html/html.js';
import { dailyBarChart, daysBetween, formatDuration, horizontalBarChart } from '../lib/charts.js';
import { PLATFORM_NAMES } from '../lib/platforms.js';
import { startOfZonedDay, zonedDate } from '../lib/time-zone.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 366;

async function analyticsPage(ctx: WsCtx) {
  const zone = ctx.workspace.timeZone;
  const today = zonedDate(Date.now(), zone);
  let to = DATE.test(ctx.query.get('to') ?? '') ? ctx.query.get('to')! : today;
  let from = DATE.test(ctx.query.get('from') ?? '')
    ? ctx.query.get('from')!
    : zonedDate(Date.now() - 29 * 86_400_000, zone);
  if (from > to) [from, to] = [to, from];
  if (daysBetween(from, to).length > MAX_DAYS)
    from = new Date(Date.parse(`${to}T00:00:00Z`) - (MAX_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  const end = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const summary = await ctx.deps.relaypost.analytics.summary(ctx.workspace.id, {
    from: startOfZonedDay(from, zone),
    to: startOfZonedDay(end, zone),
  });
  const days = daysBetween(from, to);
  const platforms = summary.byPlatform.map((p) => p.platform).sort();
  const totals = summary.byPlatform.reduce(
    (a, p) => ({
      published: a.published + p.published,
      failed: a.failed + p.failed,
      uncertain: a.uncertain + p.uncertain,
    }),
    { published: 0, failed: 0, uncertain: 0 },
  );
  const finished = totals.published + totals.failed + totals.uncertain;
  const maxLateness = Math.max(1, ...summary.byPlatform.map((p) => p.latenessMs.p99 ?? 0));

  return ctx.render(
    'Analytics',
    html`<h1>Analytics</h1>
<form method="get" action="/analytics" class="filters" aria-label="Period">
  <div class="field"><label for="a-from">From</label><input id="a-from" name="from" type="date" value="${from}"></div>
  <div class="field"><label for="a-to">To</label><input id="a-to" name="to" type="date" value="${to}"></div>
  <button type="submit" class="secondary">Show</button>
</form>
<ul class="kpis">
  <li><span class="kpi">${summary.posts}</span> posts</li>
  <li><span class="kpi">${totals.published}</span> targets published</li>
  <li><span class="kpi">${totals.failed}</span> failed</li>
  <li><span class="kpi">${finished ? `${Math.round((totals.published / finished) * 100)}%` : '—'}</span> success rate</li>
</ul>
${
  platforms.length
    ? html`
<section aria-labelledby="daily-h"><h2 id="daily-h">Published and failed per day</h2>
<p class="legend"><span class="swatch bar-published"></span> published <span class="swatch bar-failed"></span> failed <span class="muted small">(days in UTC)</span></p>
<div class="chart-grid">${platforms.map((platform) => {
        const byDay = new Map(summary.daily.filter((d) => d.platform === platform).map((d) => [d.day, d]));
        return html`<figure><figcaption>${PLATFORM_NAMES[platform]}</figcaption>${dailyBarChart({
          title: PLATFORM_NAMES[platform],
          days: days.map((day) => ({
            day,
            published: byDay.get(day)?.published ?? 0,
            failed: byDay.get(day)?.failed ?? 0,
          })),
        })}</figure>`;
      })}</div></section>

<section aria-labelledby="rate-h"><h2 id="rate-h">Success rate</h2>
${horizontalBarChart({
  title: 'Success rate per platform',
  description: summary.byPlatform
    .map(
      (p) =>
        `${PLATFORM_NAMES[p.platform]} ${p.successRate === null ? 'no results' : `${Math.round(p.successRate * 100)}%`}`,
    )
    .join(', '),
  max: 1,
  bars: summary.byPlatform.map((p) => ({
    label: PLATFORM_NAMES[p.platform],
    value: p.successRate,
    display: p.successRate === null ? '—' : `${Math.round(p.successRate * 100)}%`,
  })),
})}</section>

<section aria-labelledby="late-h"><h2 id="late-h">Publish lateness</h2>
<p class="hint">Time from the scheduled moment to the platform's receipt: median (p50) and p99.</p>
${horizontalBarChart({
  title: 'Publish lateness, p50 and p99, per platform',
  description: summary.byPlatform
    .map(
      (p) =>
        `${PLATFORM_NAMES[p.platform]} p50 ${formatDuration(p.latenessMs.p50)}, p99 ${formatDuration(p.latenessMs.p99)}`,
    )
    .join('; '),
  max: maxLateness,
  bars: summary.byPlatform.flatMap((p) => [
    {
      label: `${PLATFORM_NAMES[p.platform]} p50`,
      value: p.latenessMs.p50,
      display: formatDuration(p.latenessMs.p50),
    },
    {
      label: `${PLATFORM_NAMES[p.platform]} p99`,
      value: p.latenessMs.p99,
      display: formatDuration(p.latenessMs.p99),
      className: 'bar-p99',
    },
  ]),
})}</section>

<section aria-labelledby="table-h"><h2 id="table-h">Numbers</h2>
<table class="data"><thead><tr><th scope="col">Platform</th><th scope="col">Published</th><th scope="col">Failed</th><th scope="col">Uncertain</th><th scope="col">Success rate</th><th scope="col">Lateness p50</th><th scope="col">p99</th><th scope="col">max</th></tr></thead>
<tbody>${summary.byPlatform.map(
        (
          p,
        ) => html`<tr><th scope="row">${PLATFORM_NAMES[p.platform]}</th><td>${p.published}</td><td>${p.failed}</td><td>${p.uncertain}</td>
<td>${p.successRate === null ? '—' : `${(p.successRate * 100).toFixed(1)}%`}</td><td>${formatDuration(p.latenessMs.p50)}</td><td>${formatDuration(p.latenessMs.p99)}</td><td>${formatDuration(p.latenessMs.max)}</td></tr>`,
      )}</tbody></table></section>`
    : html`<p class="empty">Nothing was published or failed in this period.</p>`
}`,
  );
}

/** Analytics from `analytics.summary`: per-platform outcomes over time, success rate, lateness. */
export function analyticsRoutes() {
  return [route.workspace('GET', '/analytics', analyticsPage)];
}
