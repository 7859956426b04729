import type { CampaignEntity } from '@app/campaigns';
import type { Stats } from '@app/counters';
import { html, Html } from '../html';
import { fmt } from '../i18n';
import type { PageContext } from '../page-context';
import type { HourCount } from '../hourly.service';
import { layout } from './layout';
import { totals } from './parts';

const W = 720;
const H = 200;
const TOP = 16;
const BASE = 176;

/** "Mon 14:00 UTC": a label a wall-screen viewer can read. */
export function hourLabel(ctx: PageContext, iso: string): string {
  return new Intl.DateTimeFormat(ctx.lang === 'es' ? 'es-US' : 'en-US', {
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: 'UTC',
  }).format(new Date(iso)) + ' UTC';
}

/** Bar chart as SVG attributes only (no inline style, allowed by the strict CSP); site.js moves the bars. */
export function hourlyChart(ctx: PageContext, hours: HourCount[]): Html {
  const max = Math.max(1, ...hours.map((h) => h.count));
  const total = hours.reduce((s, h) => s + h.count, 0);
  const busiest = hours.reduce((a, b) => (b.count > a.count ? b : a), hours[0] ?? { hour: new Date().toISOString(), count: 0 });
  const plot = BASE - TOP;
  const step = (W - 40) / Math.max(1, hours.length);
  const bars = hours.map((h, i) => {
    const bh = Math.round((h.count / max) * plot);
    const label = hourLabel(ctx, h.hour);
    return html`<rect class="bar" x="${(40 + i * step + 1).toFixed(1)}" y="${BASE - bh}" width="${Math.max(1, step - 2).toFixed(1)}" height="${bh}"><title>${label}: ${ctx.nf.format(h.count)}</title></rect>`;
  });
  const ticks = hours
    .map((h, i) => ({ h, i }))
    .filter(({ i }) => i % 12 === 0)
    .map(({ h, i }) => html`<text x="${(40 + i * step).toFixed(1)}" y="${H - 6}">${hourLabel(ctx, h.hour)}</text>`);
  const summary = fmt(ctx.t.chartSummary, { total: ctx.nf.format(total), max: `${hourLabel(ctx, busiest.hour)} (${ctx.nf.format(busiest.count)})` });
  return html`<figure class="chart">
<svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-desc" data-chart data-plot-height="${plot}" data-plot-base="${BASE}">
<title id="chart-desc">${summary}</title>
<line class="axis" x1="40" y1="${BASE}" x2="${W}" y2="${BASE}"></line>
<text x="0" y="${TOP + 4}" data-max>${ctx.nf.format(max)}</text>
<text x="0" y="${BASE}">0</text>
${bars}
${ticks}
</svg>
</figure>`;
}

export interface DashboardData {
  site: Stats;
  campaigns: Array<{ campaign: CampaignEntity; stats: Stats }>;
  hours: HourCount[];
}

/** `/dashboard`: big live totals for a wall screen, per-campaign table, hourly chart. */
export function dashboardPage(ctx: PageContext, d: DashboardData): Html {
  const { t, nf } = ctx;
  const en = ctx.lang !== 'en' ? html` lang="en"` : '';
  const main = html`<h1>${t.dashboardTitle}</h1>
<p><span class="status" role="status" data-live-status data-on="${t.dashboardLive}" data-off="${t.dashboardReconnecting}">${t.dashboardLive}</span></p>
${totals(ctx, d.site, '/api/stats/stream', true)}
<h2>${t.dashboardCampaigns}</h2>
<table>
<thead><tr><th scope="col">${t.campaignColumn}</th><th scope="col" class="num">${t.actionsTaken}</th><th scope="col" class="num">${t.messagesSent}</th><th scope="col" class="num">${t.pledgesMade}</th></tr></thead>
<tbody>${d.campaigns.map(
    ({ campaign: c, stats: s }) =>
      html`<tr data-campaign="${c.slug}"><th scope="row"${en}><a href="/campaigns/${c.slug}">${c.title}</a></th><td class="num" data-stat-cell="actionsTaken">${nf.format(s.actionsTaken)}</td><td class="num" data-stat-cell="messagesSent">${nf.format(s.messagesSent)}</td><td class="num" data-stat-cell="pledgesMade">${nf.format(s.pledgesMade)}</td></tr>`,
  )}</tbody>
</table>
<h2>${t.chartTitle}</h2>
${hourlyChart(ctx, d.hours)}`;
  return layout(ctx, { title: t.dashboardTitle, main, bodyClass: 'dash' });
}
