import { cleanText, headerValue, nameForMail, textToHtml } from '@app/mail';

/** Placeholders a letter's subject and body may use. Anything else renders as nothing. */
export const LETTER_PLACEHOLDERS = [
  'target.title',
  'target.name',
  'supporter.name',
  'supporter.givenName',
  'supporter.city',
  'message',
] as const;
export type LetterPlaceholder = (typeof LETTER_PLACEHOLDERS)[number];
export type LetterValues = Record<LetterPlaceholder, string>;

const PLACEHOLDER_RE = /\{\{\s*([A-Za-z.]+)\s*\}\}/g;

/** Placeholders in a template that Rally does not know (for staff-side validation and preview). */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(LETTER_PLACEHOLDERS);
  return [...new Set([...template.matchAll(PLACEHOLDER_RE)].map((m) => m[1]).filter((p) => !known.has(p)))];
}

/**
 * Fills placeholders in one pass: a value is never scanned again, so a supporter who types
 * `{{target.name}}` in their message gets those characters, not a substitution. An empty value
 * also swallows one following space, so "Dear {{target.title}} {{target.name}}" reads
 * "Dear Name" for a target without a title.
 */
export function fillTemplate(template: string, values: Partial<LetterValues>): string {
  return template.replace(/\{\{\s*([A-Za-z.]+)\s*\}\}( ?)/g, (_m, key: string, space: string) => {
    const v = (values as Record<string, string | undefined>)[key] ?? '';
    return v ? v + space : '';
  });
}

export interface LetterInput {
  subjectTemplate: string;
  bodyTemplate: string;
  target: { title?: string | null; name: string };
  supporter: { givenName?: string | null; familyName?: string | null; city?: string | null };
  /** The supporter's own words; ignored unless the action is editable. */
  message?: string | null;
  editable: boolean;
  maxMessageLength: number;
}

export interface LetterContent {
  subject: string;
  text: string;
  html: string;
}

/** The supporter's full name as a letter or its sender line shows it: see nameForMail. */
export function supporterName(s: { givenName?: string | null; familyName?: string | null }): string {
  return nameForMail([nameForMail(s.givenName), nameForMail(s.familyName)].filter(Boolean).join(' '));
}

/** A supporter's own message as it goes into a letter: cleaned, trimmed, cut to the action's limit. */
export function supporterMessage(message: string | null | undefined, editable: boolean, max: number): string {
  if (!editable || !message) return '';
  const cleaned = cleanText(message).replace(/[ \t]+$/gm, '').trim();
  return [...cleaned].slice(0, max).join('').trim();
}

/**
 * One letter to one target. Pure: the same input always gives the same letter, which is what
 * the preview shows and what delivery sends. The subject is a single safe header line; the HTML
 * part escapes everything, so nothing the supporter (or staff) typed becomes markup. The
 * supporter's name and city go to a third party: cut short and without links (nameForMail).
 */
export function renderLetter(input: LetterInput): LetterContent {
  const one = (v: string | null | undefined) => headerValue(v ?? '', 200);
  const values: LetterValues = {
    'target.title': one(input.target.title),
    'target.name': one(input.target.name),
    'supporter.name': supporterName(input.supporter),
    'supporter.givenName': nameForMail(input.supporter.givenName),
    'supporter.city': nameForMail(input.supporter.city),
    message: supporterMessage(input.message, input.editable, input.maxMessageLength),
  };
  const subject = headerValue(fillTemplate(input.subjectTemplate, values));
  const text =
    cleanText(fillTemplate(input.bodyTemplate, values))
      .replace(/[ \t]+$/gm, '')
      // An empty {{message}} or {{supporter.city}} leaves blank lines behind: keep one at most.
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n';
  return { subject, text, html: textToHtml(text) };
}

/**
 * The city from a free-text address such as "12 Main St, Burlington, VT 05401": the part after
 * the street. Empty when the address has no separate parts (we have no ZIP → city data).
 */
export function cityFromAddress(address: string | null | undefined): string {
  if (!address) return '';
  const parts = cleanText(address)
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2) return '';
  const city = parts[1];
  // "VT 05401" or "05401" is the state/ZIP, not a city.
  if (/^([A-Za-z]{2}\s*)?\d{5}(-\d{4})?$/.test(city)) return '';
  return headerValue(city.replace(/\s+[A-Z]{2}(\s+\d{5}(-\d{4})?)?$/, ''), 100);
}

/** The first line of a free-text address (the street), for CWC's Address1. */
export function streetFromAddress(address: string | null | undefined): string {
  if (!address) return '';
  return headerValue(cleanText(address).split(/[,\n]/)[0] ?? '', 200);
}
