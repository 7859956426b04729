import { en, type Catalogue } from './en';
import { es } from './es';

export type Lang = 'en' | 'es';
export type { Catalogue };
export const LANGS: Lang[] = ['en', 'es'];
export const CATALOGUES: Record<Lang, Catalogue> = { en, es };

/** Fills `{name}` placeholders. */
export function fmt(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/**
 * The page language: the `lang` cookie when the visitor chose one with the switch, else the
 * best Accept-Language match (by q-value, then order), else English.
 */
export function pickLang(cookieHeader: string | undefined, acceptLanguage: string | undefined): Lang {
  const fromCookie = /(?:^|;\s*)lang=(en|es)(?:;|$)/.exec(cookieHeader ?? '');
  if (fromCookie) return fromCookie[1] as Lang;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return { base: tag.split('-')[0], q: q ? Number(q[1]) : 1, i };
    })
    .filter((x) => x.q > 0 && (x.base === 'en' || x.base === 'es'))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return (ranked[0]?.base as Lang) ?? 'en';
}

export function numberFormat(lang: Lang): Intl.NumberFormat {
  return new Intl.NumberFormat(lang === 'es' ? 'es-US' : 'en-US');
}
