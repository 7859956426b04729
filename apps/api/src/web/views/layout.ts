import { html, Html } from '../html';
import { fmt } from '../i18n';
import type { PageContext } from '../page-context';

export interface LayoutOptions {
  title: string;
  main: Html;
  /** Extra class on <body> (the dashboard uses a larger type scale). */
  bodyClass?: string;
  /** Extra same-origin stylesheets after site.css (the staff console's admin.css). */
  stylesheets?: string[];
}

const HOTLINE_PHONE = '1-888-373-7888';
const HOTLINE_SMS = '233733';

/** The frame of every public page: Quick Exit, language switch, hotline banner, footer. */
export function layout(ctx: PageContext, opts: LayoutOptions): Html {
  const { t } = ctx;
  const other = ctx.lang === 'en' ? 'es' : 'en';
  return html`<!doctype html>
<html lang="${t.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${opts.title} · ${t.siteName}</title>
<link rel="stylesheet" href="${ctx.css}">
${(opts.stylesheets ?? []).map((href) => html`<link rel="stylesheet" href="${href}">
`)}<script src="${ctx.js}" defer></script>
</head>
<body class="${opts.bodyClass ?? ''}">
<a class="skip" href="#main">${t.skipToContent}</a>
<header class="topbar">
<div class="wrap">
<a class="brand" href="/">${t.siteName}</a>
<nav aria-label="${t.siteName}"><a href="/">${t.navTakeAction}</a><a href="/dashboard">${t.navDashboard}</a></nav>
<a class="lang" href="/lang/${other}?next=${encodeURIComponent(ctx.path)}" lang="${other}" hreflang="${other}" title="${t.languageSwitchLabel}">${t.languageSwitch}</a>
<a class="quick-exit" href="${ctx.quickExitUrl}" rel="noreferrer" data-quick-exit title="${t.quickExitHint}">${t.quickExit}</a>
</div>
</header>
<aside class="hotline" aria-label="${t.hotlineTitle}">
<div class="wrap"><p><strong>${t.hotlineTitle}:</strong>
<a href="tel:+18883737888">${fmt(t.hotlineCall, { phone: HOTLINE_PHONE })}</a>
<a href="sms:${HOTLINE_SMS}?&amp;body=BeFree">${fmt(t.hotlineText, { sms: HOTLINE_SMS })}</a>.
<span class="facts">${t.hotlineFacts}</span></p></div>
</aside>
<main id="main" class="wrap">
${opts.main}
</main>
<footer><div class="wrap"><nav aria-label="${t.siteName} (footer)"><a href="/">${t.navTakeAction}</a><a href="/dashboard">${t.navDashboard}</a></nav><p>${t.footerPrivacy}</p></div></footer>
</body>
</html>
`;
}
