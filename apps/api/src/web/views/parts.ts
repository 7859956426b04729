import type { Stats } from '@app/counters';
import { attr, html, Html, raw } from '../html';
import { fmt } from '../i18n';
import type { PageContext } from '../page-context';

/** The three totals. `stream` makes them live (site.js subscribes to that SSE URL). */
export function totals(ctx: PageContext, stats: Stats, stream: string, dashboard = false): Html {
  const { t, nf } = ctx;
  const box = (key: keyof Stats, label: string) =>
    html`<li class="total"><span class="n" data-stat="${key}">${nf.format(stats[key])}</span><span class="l">${label}</span></li>`;
  return html`<section aria-labelledby="totals-h" data-stream="${stream}"${attr('data-dashboard', dashboard)}>
<h2 id="totals-h" class="visually-hidden">${t.totalsLabel}</h2>
<ul class="totals">${box('actionsTaken', t.actionsTaken)}${box('messagesSent', t.messagesSent)}${box('pledgesMade', t.pledgesMade)}</ul>
</section>`;
}

/** Progress toward a goal as a native <progress> (no inline style needed under the strict CSP). */
export function meter(ctx: PageContext, count: number, goal: number | null): Html {
  if (!goal) return html``;
  const { t, nf } = ctx;
  const label = fmt(t.progressLabel, { goal: nf.format(goal) });
  return html`<div class="meter"><progress max="${goal}" value="${Math.min(count, goal)}" aria-label="${label}"></progress><span class="count">${fmt(t.progress, { count: nf.format(count), goal: nf.format(goal) })}</span></div>`;
}

export function kindLabel(ctx: PageContext, kind: string): string {
  return kind === 'letter' ? ctx.t.kindLetter : kind === 'petition' ? ctx.t.kindPetition : ctx.t.kindPledge;
}

/** Staff-written text: paragraphs split on blank lines. Marked lang="en" on Spanish pages (content is not translated). */
export function paragraphs(ctx: PageContext, text: string, cls = 'body-text'): Html {
  const parts = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return html`<div class="${cls}"${ctx.lang !== 'en' ? raw(' lang="en"') : ''}>${parts.map((p) => html`<p>${p}</p>`)}</div>`;
}

export interface FormState {
  values: Record<string, string>;
  /** Field name → message already in the page's language. */
  errors: Record<string, string>;
}

export const EMPTY_FORM: FormState = { values: {}, errors: {} };

export interface FieldOptions {
  prefix: string;
  name: string;
  label: string;
  type?: 'text' | 'email';
  hint?: string;
  autocomplete?: string;
  inputmode?: string;
  cls?: string;
  maxlength?: number;
  pattern?: string;
}

/** A labelled input with its hint and error tied to it through aria-describedby. */
export function field(state: FormState, o: FieldOptions): Html {
  const id = `${o.prefix}-${o.name}`;
  const error = state.errors[o.name];
  const describedBy = [error ? `${id}-error` : '', o.hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return html`<div class="field${error ? ' invalid' : ''}">
<label for="${id}">${o.label}</label>
${o.hint ? html`<span class="hint" id="${id}-hint">${o.hint}</span>` : ''}
${error ? html`<span class="error" id="${id}-error">${error}</span>` : ''}
<input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${state.values[o.name] ?? ''}" required${o.cls ? html` class="${o.cls}"` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${o.pattern ? html` pattern="${o.pattern}"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${attr('aria-invalid="true"', Boolean(error))}>
</div>`;
}

/** Error summary at the top of a form: focusable, announced, each entry links to its field. */
export function errorSummary(ctx: PageContext, state: FormState, prefix: string): Html {
  const entries = Object.entries(state.errors);
  if (!entries.length) return html``;
  return html`<div class="summary" role="alert" tabindex="-1" id="${prefix}-summary">
<h2>${ctx.t.errorSummary}</h2>
<ul>${entries.map(([name, message]) => html`<li><a href="#${prefix}-${name === 'form' ? 'email' : name}">${message}</a></li>`)}</ul>
</div>`;
}

/** Honeypot and render stamp (checked by the anti-abuse rules), and where the signature came from. */
export function formGuards(ctx: PageContext, source = 'web'): Html {
  return html`<div class="hp" aria-hidden="true"><label for="website-${ctx.renderedAt.slice(-6)}">Website</label><input id="website-${ctx.renderedAt.slice(-6)}" name="website" type="text" tabindex="-1" autocomplete="off" value=""></div>
<input type="hidden" name="renderedAt" value="${ctx.renderedAt}">
<input type="hidden" name="source" value="${source}">`;
}

/** Name, email, ZIP and opt-in: the fields every action asks for. */
export function supporterFields(ctx: PageContext, state: FormState, prefix: string, withZip = true): Html {
  const { t } = ctx;
  return html`${field(state, { prefix, name: 'givenName', label: t.givenName, autocomplete: 'given-name', maxlength: 100 })}
${field(state, { prefix, name: 'familyName', label: t.familyName, autocomplete: 'family-name', maxlength: 100 })}
${field(state, { prefix, name: 'email', label: t.email, type: 'email', hint: t.emailHint, autocomplete: 'email', maxlength: 254 })}
${withZip ? field(state, { prefix, name: 'zip', label: t.zip, hint: t.zipHint, autocomplete: 'postal-code', inputmode: 'numeric', cls: 'zip', maxlength: 10, pattern: '[0-9]{5}(-[0-9]{4})?' }) : ''}
<div class="field check"><input id="${prefix}-emailOptIn" name="emailOptIn" type="checkbox" value="true"${attr('checked', state.values.emailOptIn === 'true')}><label for="${prefix}-emailOptIn">${t.optIn}</label></div>`;
}
