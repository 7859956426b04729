import type { ActionEntity, CampaignEntity } from '@app/campaigns';
import type { Stats } from '@app/counters';
import { html, Html } from '../html';
import type { PageContext } from '../page-context';
import { layout } from './layout';
import { EMPTY_FORM, errorSummary, field, formGuards, FormState, kindLabel, meter, paragraphs, supporterFields, totals } from './parts';

export interface CampaignPageData {
  campaign: CampaignEntity;
  stats: Stats;
  /** Count per action id. */
  counts: Map<string, number>;
  /** The state of one action's form after a failed submission. */
  failed?: { actionId: string; state: FormState };
}

export function isOpen(action: ActionEntity, campaign: CampaignEntity): boolean {
  return action.status === 'live' && campaign.status === 'live' && !(action.closesAt && action.closesAt.getTime() <= Date.now());
}

/** `/campaigns/:slug`: the campaign, its totals and every action with its form. */
export function campaignPage(ctx: PageContext, data: CampaignPageData): Html {
  const { campaign: c } = data;
  const en = ctx.lang !== 'en' ? html` lang="en"` : '';
  const actions = (c.actions ?? []).map((a) => {
    const state = data.failed?.actionId === a.id ? data.failed.state : EMPTY_FORM;
    return html`<section class="action" id="action-${a.slug}" aria-labelledby="h-${a.slug}">
<span class="kind">${kindLabel(ctx, a.kind)}</span>
<h2 id="h-${a.slug}"${en}>${a.title}</h2>
${meter(ctx, data.counts.get(a.id) ?? 0, a.goal)}
${a.text ? paragraphs(ctx, a.text, a.kind === 'letter' ? 'body-text' : 'statement') : ''}
${!isOpen(a, c) ? html`<p class="notice">${ctx.t.actionClosed}</p>` : a.kind === 'letter' ? letterStart(ctx, a, state) : signForm(ctx, a, state)}
</section>`;
  });
  const main = html`<h1${en}>${c.title}</h1>
${totals(ctx, data.stats, `/api/stats/stream?campaign=${encodeURIComponent(c.slug)}`)}
${paragraphs(ctx, c.body)}
${actions}`;
  return layout(ctx, { title: c.title, main });
}

/** Pledge or petition: one POST form. */
export function signForm(ctx: PageContext, action: ActionEntity, state: FormState): Html {
  const prefix = `f-${action.slug}`;
  const submit = action.kind === 'petition' ? ctx.t.submitPetition : ctx.t.submitPledge;
  return html`<form class="act" id="form-${action.id}" method="post" action="/act/${action.id}" data-enhance>
${errorSummary(ctx, state, prefix)}
<p class="hint">${ctx.t.requiredNote}</p>
${supporterFields(ctx, state, prefix)}
${formGuards(ctx)}
<button type="submit" data-sending="${ctx.t.sending}">${submit}</button>
</form>`;
}

/** Letter step 1: the ZIP code (a GET form: it only reads who represents that ZIP). */
export function letterStart(ctx: PageContext, action: ActionEntity, state: FormState): Html {
  const prefix = `l-${action.slug}`;
  return html`<form class="act" id="letter-${action.id}" method="get" action="/letter/${action.id}" data-enhance>
<p class="steps">${ctx.t.letterStep1}</p>
${errorSummary(ctx, state, prefix)}
${field(state, { prefix, name: 'zip', label: ctx.t.zip, hint: ctx.t.zipHint, autocomplete: 'postal-code', inputmode: 'numeric', cls: 'zip', maxlength: 10, pattern: '[0-9]{5}(-[0-9]{4})?' })}
<button type="submit">${ctx.t.findRepresentatives}</button>
</form>`;
}
