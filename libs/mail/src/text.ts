/**
 * Escaping and sanitising for everything that ends up in an email or a web page built from
 * text a supporter or staff member typed. Pure functions: unit-tested with hostile input.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Removes control characters a person would not mean to type (keeps newlines and tabs),
 * normalises line ends to \n. Used on every free-text field before it is rendered.
 */
export function cleanText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '');
}

/**
 * A value safe for one header line: no CR/LF (header injection), no other control characters,
 * whitespace collapsed, length-limited. Encoding of non-ASCII is left to nodemailer.
 */
export function headerValue(value: string, max = 200): string {
  const flat = cleanText(value).replace(/[\s\u0085]+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1).trimEnd() + '…' : flat;
}

/**
 * A word a mail client could turn into a link: a scheme (`https://`), `www.`, an address (`@`), or
 * anything domain-like (`evil.example`, also with an ideographic or full-width dot).
 */
const LINK_LIKE = /[a-z][a-z0-9+.-]*:\/\/|www[.\u3002\uff0e\uff61]|@|[\p{L}\p{N}_-][.\u3002\uff0e\uff61]\p{L}{2,}/iu;

/** Longest supporter-typed name Rally puts in an email. */
export const MAIL_NAME_MAX = 60;

/**
 * A name a supporter typed, as it may appear in an email (to a representative, to a custom
 * target, or to the address typed, which may be someone else's): one line, every word that
 * looks like a link or an address dropped, cut to MAIL_NAME_MAX characters. So Rally is no
 * relay for short spam ("Ana, see cheap-pills.example"). A real name loses nothing.
 */
export function nameForMail(value: string | null | undefined, max = MAIL_NAME_MAX): string {
  if (!value) return '';
  const words = headerValue(value, 1000)
    .split(' ')
    .filter((w) => w && !LINK_LIKE.test(w));
  return [...words.join(' ')].slice(0, max).join('').trim();
}

/** `"Display Name" <address>` with the name quoted and escaped per RFC 5322. */
export function formatMailbox(name: string, address: string): string {
  const n = headerValue(name, 120).replace(/[\\"]/g, (c) => `\\${c}`);
  return n ? `"${n}" <${address}>` : address;
}

/** Splits MAIL_FROM (`Name <addr>` or `addr`) into its display name and address. */
export function parseMailbox(value: string): { name: string; address: string } {
  const m = value.match(/^\s*"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>\s*$/);
  if (m) return { name: m[1].trim(), address: m[2] };
  return { name: '', address: value.trim() };
}

/** The lower-case domain of an address, for per-domain rate limits. */
export function emailDomain(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

/**
 * Plain text to minimal HTML: everything escaped, blank lines become paragraphs, single line
 * breaks become <br>. Links are not auto-linked: what a supporter types never becomes markup.
 */
export function textToHtml(text: string): string {
  return cleanText(text)
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

/** A whole HTML email: no external resources, no scripts, inline-free so any client shows it plainly. */
export function htmlDocument(lang: string, title: string, bodyHtml: string): string {
  return (
    `<!DOCTYPE html>\n<html lang="${escapeHtml(lang)}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escapeHtml(title)}</title>\n</head>\n` +
    `<body>\n${bodyHtml}\n</body>\n</html>\n`
  );
}

/** A link whose href and label are both escaped; only http(s) and mailto URLs are linked. */
export function htmlLink(href: string, label: string): string {
  if (!/^(https?:|mailto:)/i.test(href)) return escapeHtml(label);
  return `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
}
