import { MailCatalogue } from './catalogue';
import { escapeHtml, headerValue, htmlDocument, htmlLink, textToHtml } from './text';

/** An email's content; addressing and headers are added by the renderer. */
export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface SupporterEmailContext {
  givenName: string;
  actionTitle: string;
  actionKind: 'pledge' | 'petition' | 'letter';
  /** Whether letters are on their way (a letter action whose targets could all not be reached sends none). */
  lettersSent?: boolean;
  campaignTitle: string;
  campaignUrl: string;
  /** Present on emails that may be unsubscribed from (everything but the confirmation). */
  unsubscribeUrl?: string;
}

interface Block {
  text: string;
  html: string;
}

const para = (text: string): Block => ({ text, html: textToHtml(text) });
const link = (label: string, url: string): Block => ({ text: `${label}:\n${url}`, html: `<p>${htmlLink(url, label)}<br>\n${escapeHtml(url)}</p>` });

function assemble(c: MailCatalogue, subject: string, blocks: Block[], ctx: SupporterEmailContext): EmailContent {
  const all = [para(c.greeting(ctx.givenName)), ...blocks, para(c.signOff), para(c.helpLine)];
  if (ctx.unsubscribeUrl) all.push(para(c.unsubscribe.footer), link(c.unsubscribe.link, ctx.unsubscribeUrl));
  const safeSubject = headerValue(subject);
  return {
    subject: safeSubject,
    text: all.filter((b) => b.text).map((b) => b.text).join('\n\n') + '\n',
    html: htmlDocument(c.lang, safeSubject, all.filter((b) => b.html).map((b) => b.html).join('\n')),
  };
}

/** Asks the supporter to confirm; the link opens a page whose button POSTs the confirmation. */
export function confirmationEmail(c: MailCatalogue, ctx: SupporterEmailContext, confirmUrl: string): EmailContent {
  return assemble(c, c.confirmation.subject(ctx.actionTitle), [
    para(c.confirmation.intro(ctx.actionTitle)),
    para(c.confirmation.instruction),
    link(c.confirmation.button, confirmUrl),
    para(c.confirmation.notYou),
  ], ctx);
}

/** Thanks, plain share links (no third-party scripts or trackers) and the unsubscribe link. */
export function thankYouEmail(c: MailCatalogue, ctx: SupporterEmailContext): EmailContent {
  const mailto =
    `mailto:?subject=${encodeURIComponent(c.thankYou.shareSubject(ctx.campaignTitle))}` +
    `&body=${encodeURIComponent(c.thankYou.shareBody(ctx.campaignTitle, ctx.campaignUrl))}`;
  const blocks = [para(c.thankYou.intro(ctx.actionTitle))];
  if (ctx.actionKind === 'letter' && ctx.lettersSent !== false) blocks.push(para(c.thankYou.letters));
  blocks.push(para(c.thankYou.shareIntro), link(ctx.campaignTitle, ctx.campaignUrl), {
    text: '',
    html: `<p>${htmlLink(mailto, c.thankYou.shareByEmail)}</p>`,
  });
  return assemble(c, c.thankYou.subject(ctx.actionTitle), blocks, ctx);
}

/** Sent instead of telling the API caller that this address has already taken the action. */
export function alreadySignedEmail(c: MailCatalogue, ctx: SupporterEmailContext): EmailContent {
  return assemble(c, c.alreadySigned.subject(ctx.actionTitle), [para(c.alreadySigned.intro(ctx.actionTitle)), para(c.alreadySigned.notYou)], ctx);
}
