import { catalogue, EN, ES, MAIL_CATALOGUES, MailCatalogue } from './catalogue';
import { alreadySignedEmail, confirmationEmail, thankYouEmail } from './supporter-emails';

/** Every key path of a catalogue, with "()" marking a function and its arity. */
function shape(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? shape(v, `${prefix}${k}.`) : [`${prefix}${k}${typeof v === 'function' ? `(${v.length})` : ''}`],
  ).sort();
}

describe('supporter email catalogues', () => {
  it('English and Spanish have the same keys, and functions take the same arguments', () => {
    expect(shape(ES)).toEqual(shape(EN));
    expect(Object.keys(MAIL_CATALOGUES).sort()).toEqual(['en', 'es']);
  });

  it('every Spanish string is filled and differs from the English one (nothing left untranslated)', () => {
    const leaves = (c: MailCatalogue) =>
      shape(c).map((path) => {
        const keys = path.replace(/\(\d\)$/, '').split('.');
        const v = keys.reduce<any>((o, k) => o[k], c);
        return typeof v === 'function' ? v('«A»', '«B»') : v;
      });
    const en = leaves(EN);
    leaves(ES).forEach((text, i) => {
      expect(text.trim()).not.toBe('');
      if (!['lang'].includes(shape(EN)[i])) expect(text).not.toBe(en[i]);
    });
  });

  it('placeholders survive in both languages', () => {
    for (const c of [EN, ES]) {
      expect(c.thankYou.subject('«A»')).toContain('«A»');
      expect(c.thankYou.shareBody('«A»', 'https://x.test/c')).toContain('https://x.test/c');
      expect(c.greeting('Ana')).toContain('Ana');
    }
  });

  it('falls back to English for an unknown or missing language', () => {
    expect(catalogue('es')).toBe(ES);
    expect(catalogue('fr')).toBe(EN);
    expect(catalogue(null)).toBe(EN);
  });

  it('renders the three Spanish emails with lang="es" and Spanish copy', () => {
    const ctx = { givenName: 'Ana', actionTitle: 'Firme', actionKind: 'pledge' as const, campaignTitle: 'C', campaignUrl: 'https://x.test/c', unsubscribeUrl: 'https://x.test/u/t' };
    expect(confirmationEmail(ES, ctx, 'https://x.test/confirm/t').subject).toBe('Confirme, por favor: Firme');
    const thanks = thankYouEmail(ES, ctx);
    expect(thanks.html).toContain('lang="es"');
    expect(thanks.text).toContain('Darse de baja');
    expect(alreadySignedEmail(ES, ctx).subject).toBe('Usted ya tomó esta acción');
  });
});
