import type { ActionEntity, CampaignEntity } from '@app/campaigns';
import type { PublicTarget } from '@app/submissions';
import type { ZipLookup } from '@app/representatives';
import { attr, html, Html } from '../html';
import { fmt } from '../i18n';
import type { PageContext } from '../page-context';
import { letterStart } from './campaign';
import { layout } from './layout';
import { errorSummary, formGuards, FormState, supporterFields } from './parts';

export function targetLabel(ctx: PageContext, t: PublicTarget): string {
  const role = t.chamber === 'senate' ? ctx.t.chamberSenate : t.chamber === 'house' ? ctx.t.chamberHouse : ctx.t.chamberOther;
  const where = t.state ? (t.chamber === 'house' && t.district !== null ? `${t.state}-${t.district === 0 ? 'AL' : t.district}` : t.state) : '';
  return `${role} ${t.name}${where ? ` (${where})` : ''}`;
}

/** Who receives the letter; offices that cannot be reached are listed and said to be so. */
export function targetList(ctx: PageContext, targets: PublicTarget[]): Html {
  return html`<ul class="targets" data-targets>${targets.map(
    (t) => html`<li data-target="${t.id}" data-deliverable="${String(t.deliverable)}">${targetLabel(ctx, t)}${t.deliverable ? '' : html` <span class="nd">(${ctx.t.notDeliverable})</span>`}</li>`,
  )}</ul>`;
}

function districtLabel(ctx: PageContext, d: { state: string; district: number }): string {
  return d.district === 0 ? fmt(ctx.t.districtAtLarge, { state: d.state }) : fmt(ctx.t.districtOption, { state: d.state, district: d.district });
}

export interface LetterPageData {
  action: ActionEntity;
  campaign: CampaignEntity;
  /** Step 1 again (bad or unknown ZIP), with the error. */
  zipState?: FormState;
  lookup?: ZipLookup;
  /** Set once the district is known (or the ZIP has only one). */
  district?: number;
  targets?: PublicTarget[];
  /** Step 3: subject and the first recipient's letter as it will be sent. */
  preview?: { subject: string; text: string };
  /** Step 3 form state (typed values and errors after a failed send). */
  state?: FormState;
  step: 1 | 2 | 3;
}

function header(ctx: PageContext, d: LetterPageData): Html {
  const en = ctx.lang !== 'en' ? html` lang="en"` : '';
  return html`<p><a href="/campaigns/${d.campaign.slug}#action-${d.action.slug}"${en}>${d.campaign.title}</a></p>
<h1${en}>${d.action.title}</h1>`;
}

/** `/letter/:actionId`: steps 2 and 3 of a letter (step 1 is on the campaign page, and here after an error). */
export function letterPage(ctx: PageContext, d: LetterPageData): Html {
  const { t } = ctx;
  let body: Html;
  if (d.step === 1 || !d.lookup) {
    body = letterStart(ctx, d.action, d.zipState ?? { values: {}, errors: {} });
  } else if (d.step === 2) {
    body = step2(ctx, d, d.lookup);
  } else {
    body = step3(ctx, d, d.lookup);
  }
  const title = d.step === 3 ? t.letterStep3 : d.step === 2 ? t.letterStep2 : t.letterStep1;
  return layout(ctx, { title: `${title} · ${d.action.title}`, main: html`${header(ctx, d)}${body}` });
}

function changeZip(ctx: PageContext, d: LetterPageData): Html {
  return html`<p><a href="/campaigns/${d.campaign.slug}#action-${d.action.slug}">${ctx.t.changeZip}</a></p>`;
}

function step2(ctx: PageContext, d: LetterPageData, lookup: ZipLookup): Html {
  const { t } = ctx;
  const prefix = `l-${d.action.slug}`;
  const state = d.state ?? { values: {}, errors: {} };
  if (d.district === undefined && lookup.needsChoice) {
    const house = (s: string, n: number) => lookup.representatives.find((r) => r.chamber === 'house' && r.state === s && r.district === n);
    return html`<form class="act" id="district-${d.action.id}" method="get" action="/letter/${d.action.id}" data-enhance>
<p class="steps">${t.letterStep2}</p>
${errorSummary(ctx, state, prefix)}
<input type="hidden" name="zip" value="${lookup.zip}">
<fieldset class="field radios" id="${prefix}-district">
<legend>${t.chooseDistrict}</legend>
${lookup.districts.map((dist, i) => {
  const id = `${prefix}-district-${i}`;
  const rep = house(dist.state, dist.district);
  return html`<label for="${id}"><input type="radio" id="${id}" name="district" value="${dist.district}" required${attr('checked', i === 0 && lookup.districts.length === 1)}> ${districtLabel(ctx, dist)}${rep ? html` · ${t.chamberHouse} ${rep.name}` : ''}</label>`;
})}
</fieldset>
<button type="submit">${t.continue}</button>
</form>
${changeZip(ctx, d)}`;
  }
  const targets = d.targets ?? [];
  const deliverable = targets.filter((x) => x.deliverable).length;
  return html`<form class="act" id="recipients-${d.action.id}" method="get" action="/letter/${d.action.id}" data-enhance>
<p class="steps">${t.letterStep2}</p>
${lookup.needsChoice && d.district !== undefined ? html`<p>${fmt(t.districtChosen, { district: districtLabel(ctx, { state: lookup.state, district: d.district }) })}</p>` : ''}
<p>${t.recipientsIntro}</p>
${targetList(ctx, targets)}
${targets.length && !deliverable ? html`<p class="notice">${t.noDeliverableTargets}</p>` : ''}
<input type="hidden" name="zip" value="${lookup.zip}">
${d.district !== undefined ? html`<input type="hidden" name="district" value="${d.district}">` : ''}
<input type="hidden" name="step" value="3">
<button type="submit">${t.continue}</button>
</form>
${changeZip(ctx, d)}`;
}

function step3(ctx: PageContext, d: LetterPageData, lookup: ZipLookup): Html {
  const { t } = ctx;
  const a = d.action;
  const prefix = `s-${a.slug}`;
  const state = d.state ?? { values: {}, errors: {} };
  const en = ctx.lang !== 'en' ? html` lang="en"` : '';
  const msgError = state.errors.message;
  return html`<form class="act" id="send-${a.id}" method="post" action="/act/${a.id}" data-enhance>
<p class="steps">${t.letterStep3}</p>
${errorSummary(ctx, state, prefix)}
<p>${t.recipientsIntro}</p>
${targetList(ctx, d.targets ?? [])}
${d.preview ? html`<h2>${t.subject}: <span${en}>${d.preview.subject}</span></h2>
<p>${t.letterPreview}</p>
<div class="letter"${en} tabindex="0" role="region" aria-label="${t.letterPreview}">${d.preview.text}</div>` : ''}
${a.editable ? html`<div class="field${msgError ? ' invalid' : ''}">
<label for="${prefix}-message">${t.yourWords}</label>
<span class="hint" id="${prefix}-message-hint">${fmt(t.yourWordsHint, { n: ctx.nf.format(a.maxMessageLength) })}</span>
${msgError ? html`<span class="error" id="${prefix}-message-error">${msgError}</span>` : ''}
<textarea id="${prefix}-message" name="message" maxlength="${a.maxMessageLength}" rows="6" data-counter="${prefix}-left" aria-describedby="${msgError ? `${prefix}-message-error ` : ''}${prefix}-message-hint ${prefix}-left"${msgError ? html` aria-invalid="true"` : ''}>${state.values.message ?? ''}</textarea>
<span class="hint" id="${prefix}-left" data-template="${t.charactersLeft}"></span>
</div>` : ''}
${supporterFields(ctx, state, prefix, false)}
<input type="hidden" name="zip" value="${lookup.zip}">
${d.district !== undefined ? html`<input type="hidden" name="district" value="${d.district}">` : ''}
${formGuards(ctx)}
<button type="submit" data-sending="${t.sending}">${t.sendLetter}</button>
</form>
${changeZip(ctx, d)}`;
}
