import type { CampaignEntity } from '@app/campaigns';
import type { Stats } from '@app/counters';
import { html, Html } from '../html';
import type { PageContext } from '../page-context';
import { layout } from './layout';
import { kindLabel, meter, totals } from './parts';

export interface CampaignSummary {
  campaign: CampaignEntity;
  stats: Stats;
}

/** `/`: the Take Action page. */
export function homePage(ctx: PageContext, site: Stats, campaigns: CampaignSummary[]): Html {
  const { t } = ctx;
  const cards = campaigns.map(({ campaign: c, stats }) => {
    const kinds = [...new Set((c.actions ?? []).map((a) => kindLabel(ctx, a.kind)))];
    return html`<li class="card">
<span class="kind">${kinds.join(' · ')}</span>
<h3${ctx.lang !== 'en' ? html` lang="en"` : ''}><a href="/campaigns/${c.slug}">${c.title}</a></h3>
<p${ctx.lang !== 'en' ? html` lang="en"` : ''}>${c.summary}</p>
${meter(ctx, stats.actionsTaken, c.goal)}
<a class="more" href="/campaigns/${c.slug}" aria-label="${t.actNow}: ${c.title}">${t.actNow}</a>
</li>`;
  });
  const main = html`<h1>${t.homeTitle}</h1>
<p class="lead">${t.homeIntro}</p>
${totals(ctx, site, '/api/stats/stream')}
<h2>${t.campaignsHeading}</h2>
${cards.length ? html`<ul class="cards">${cards}</ul>` : html`<p class="notice">${t.noCampaigns}</p>`}`;
  return layout(ctx, { title: t.homeTitle, main });
}
