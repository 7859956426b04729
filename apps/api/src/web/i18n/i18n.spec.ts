import { en } from './en';
import { es } from './es';
import { fmt, pickLang } from './index';

describe('page language', () => {
  it('has the same keys and placeholders in English and Spanish', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect([key, holes(es[key])]).toEqual([key, holes(en[key])]);
    }
  });

  it('prefers the cookie, then Accept-Language by q-value, then English', () => {
    expect(pickLang('lang=es', 'en-US')).toBe('es');
    expect(pickLang('other=1; lang=en', 'es')).toBe('en');
    expect(pickLang(undefined, 'es-MX,es;q=0.9,en;q=0.8')).toBe('es');
    expect(pickLang(undefined, 'fr-FR, en;q=0.5, es;q=0.7')).toBe('es');
    expect(pickLang(undefined, 'de')).toBe('en');
    expect(pickLang('lang=fr', undefined)).toBe('en');
  });

  it('fills placeholders', () => {
    expect(fmt('{count} of {goal}', { count: 3, goal: '10' })).toBe('3 of 10');
  });
});
