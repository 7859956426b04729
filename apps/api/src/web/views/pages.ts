import type { CampaignEntity } from '@app/campaigns';
import type { PublicTarget } from '@app/submissions';
import { html, Html } from '../html';
import type { PageContext } from '../page-context';
import { layout } from './layout';
import { targetList } from './letter';

/** `/thanks/:actionId`: what happens next, and plain share links (no third-party scripts). */
export function thanksPage(ctx: PageContext, campaign: CampaignEntity, targets: PublicTarget[]): Html {
  const { t } = ctx;
  const url = `${ctx.publicUrl}/campaigns/${campaign.slug}`;
  const text = t.shareText;
  const q = encodeURIComponent;
  const links = [
    { label: t.shareEmail, href: `mailto:?subject=${q(campaign.title)}&body=${q(`${text}\n\n${url}`)}` },
    { label: t.shareX, href: `https://x.com/intent/post?text=${q(text)}&url=${q(url)}` },
    { label: t.shareFacebook, href: `https://www.facebook.com/sharer/sharer.php?u=${q(url)}` },
    { label: t.shareWhatsApp, href: `https://wa.me/?text=${q(`${text} ${url}`)}` },
  ];
  const main = html`<h1>${t.thanksTitle}</h1>
<p class="lead">${t.thanksBody}</p>
${targets.length ? html`<p>${t.thanksLetters}</p>${targetList(ctx, targets)}` : ''}
<h2>${t.shareHeading}</h2>
<ul class="share">${links.map((l) => html`<li><a href="${l.href}" rel="noreferrer noopener">${l.label}</a></li>`)}</ul>
<p><a href="/">${t.backToCampaigns}</a></p>`;
  return layout(ctx, { title: t.thanksTitle, main });
}

/** `/confirm/:token`: a button, because mail scanners GET every link and must not confirm. */
export function confirmPage(ctx: PageContext, token: string): Html {
  const { t } = ctx;
  const main = html`<h1>${t.confirmTitle}</h1>
<p class="lead">${t.confirmBody}</p>
<form class="act" id="confirm-form" method="post" action="/confirm/${encodeURIComponent(token)}" data-enhance>
<button type="submit" data-sending="${t.sending}">${t.confirmButton}</button>
</form>`;
  return layout(ctx, { title: t.confirmTitle, main });
}

export function messagePage(ctx: PageContext, title: string, body: string, links = true): Html {
  const main = html`<h1>${title}</h1>
<p class="lead">${body}</p>
${links ? html`<p><a href="/">${ctx.t.backToCampaigns}</a></p>` : ''}`;
  return layout(ctx, { title, main });
}

/** The unsubscribe pages (links in supporter emails): the button, the result, or an unknown link. */
export function unsubscribePage(ctx: PageContext, state: 'ask' | 'done' | 'invalid', formAction = ''): Html {
  const { t } = ctx;
  if (state === 'invalid') return layout(ctx, { title: t.unsubInvalidTitle, main: html`<h1>${t.unsubInvalidTitle}</h1>\n<p>${t.unsubInvalidBody}</p>` });
  if (state === 'done') return layout(ctx, { title: t.unsubDoneTitle, main: html`<h1>${t.unsubDoneTitle}</h1>\n<p>${t.unsubDoneBody}</p>` });
  const main = html`<h1>${t.unsubTitle}</h1>
<p>${t.unsubBody}</p>
<form method="post" action="${formAction}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">${t.unsubButton}</button>
</form>`;
  return layout(ctx, { title: t.unsubTitle, main });
}
