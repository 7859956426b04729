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
