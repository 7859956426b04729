import { hashToken, keyedHash } from '@app/common';
import { EN } from './catalogue';
import { alreadySignedEmail, confirmationEmail, thankYouEmail } from './supporter-emails';
import { emailDomain, escapeHtml, formatMailbox, headerValue, MAIL_NAME_MAX, nameForMail, parseMailbox } from './text';
import { confirmToken, isLinkToken, unsubscribeToken } from './tokens';

const ctx = {
  givenName: '<Eve>',
  actionTitle: 'Write "now" & <act>',
  actionKind: 'letter' as const,
  campaignTitle: 'Pass the ENABLERS Act',
  campaignUrl: 'https://rally.example/campaigns/pass-the-enablers-act',
};

describe('names in emails', () => {
  it.each([
    ['Ana', 'Ana'],
    ['  Ana   María  ', 'Ana María'],
    ["Seán O'Brien-Ní Dhuibhir", "Seán O'Brien-Ní Dhuibhir"],
    ['J. R. R. Tolkien', 'J. R. R. Tolkien'],
    ['St. John Smythe', 'St. John Smythe'],
    ['李小龍', '李小龍'],
    ['Ana\r\nBcc: x', 'Ana Bcc: x'],
  ])('keep a real name: %j', (typed, shown) => {
    expect(nameForMail(typed)).toBe(shown);
  });

  it.each([
    ['Ana https://evil.example/pills', 'Ana'],
    ['Ana http://x', 'Ana'],
    ['Ana hxxp://x.y ftp://evil', 'Ana'],
    ['Win at www.evil.example now', 'Win at now'],
    ['Ana WWW.EVIL.EXAMPLE', 'Ana'],
    ['Ana evil.example', 'Ana'],
    ['Ana (cheap-pills.example)', 'Ana'],
    ['Ana EVIL.COM', 'Ana'],
    ['Ana evil。example', 'Ana'],
    ['Ana evil．example', 'Ana'],
    ['Ana x@evil.example', 'Ana'],
    ['Ana bit.ly/abc', 'Ana'],
    ['Ana,visit.example', ''],
  ])('drop every word that could be a link: %j', (typed, shown) => {
    expect(nameForMail(typed)).toBe(shown);
  });

  it('cut to a sensible length', () => {
    expect(nameForMail('A'.repeat(100))).toHaveLength(MAIL_NAME_MAX);
    expect([...nameForMail('😀'.repeat(100))]).toHaveLength(MAIL_NAME_MAX);
    expect(nameForMail(`${'Ana '.repeat(20)}`)).toBe('Ana '.repeat(15).trim());
    expect(nameForMail(null)).toBe('');
  });
});

describe('mail text helpers', () => {
  it('escapes HTML', () => expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;'));
  it('flattens header values and strips control characters', () => {
    expect(headerValue('a\r\nBcc: x@y\u0000 b')).toBe('a Bcc: x@y b');
    expect(headerValue('x'.repeat(300)).length).toBe(200);
  });
  it('quotes display names safely', () => {
    expect(formatMailbox('Eve "the" \\ hacker\r\nBcc: a@b', 'no-reply@rally.test')).toBe('"Eve \\"the\\" \\\\ hacker Bcc: a@b" <no-reply@rally.test>');
  });
  it('parses MAIL_FROM', () => {
    expect(parseMailbox('Rally <no-reply@localhost>')).toEqual({ name: 'Rally', address: 'no-reply@localhost' });
    expect(parseMailbox('"Rally Team" <a@b.org>')).toEqual({ name: 'Rally Team', address: 'a@b.org' });
    expect(parseMailbox('a@b.org')).toEqual({ name: '', address: 'a@b.org' });
  });
  it('takes the domain in lower case', () => expect(emailDomain('X@Senate.GOV')).toBe('senate.gov'));
});

describe('link tokens', () => {
  const nonce = '6f1c2a4e-8b7d-4c3e-9a10-2b3c4d5e6f70';
  it('are deterministic per record, nonce and secret, and differ by purpose', () => {
    const a = confirmToken('s'.repeat(32), '42', nonce);
    expect(confirmToken('s'.repeat(32), 42, nonce)).toBe(a);
    expect(confirmToken('t'.repeat(32), '42', nonce)).not.toBe(a);
    expect(confirmToken('s'.repeat(32), '42', '0f1c2a4e-8b7d-4c3e-9a10-2b3c4d5e6f70')).not.toBe(a);
    expect(unsubscribeToken('s'.repeat(32), '42', nonce)).not.toBe(a);
    expect(isLinkToken(a)).toBe(true);
    expect(a).not.toContain('42');
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
  });
  it('are not the HMAC of the id alone, and cannot be made without a nonce', () => {
    expect(confirmToken('s'.repeat(32), '42', nonce)).not.toBe(keyedHash('s'.repeat(32), 'confirm:42'));
    expect(unsubscribeToken('s'.repeat(32), '42', nonce)).not.toBe(keyedHash('s'.repeat(32), 'unsubscribe:42'));
    expect(() => confirmToken('s'.repeat(32), '42', '')).toThrow(/link_nonce/);
    expect(() => unsubscribeToken('s'.repeat(32), '42', undefined as unknown as string)).toThrow(/link_nonce/);
  });
  it('rejects malformed tokens before any lookup', () => {
    expect(isLinkToken('../etc/passwd')).toBe(false);
    expect(isLinkToken('short')).toBe(false);
  });
});

describe('supporter emails', () => {
  it('confirmation carries the link and escapes everything in HTML', () => {
    const m = confirmationEmail(EN, ctx, 'https://rally.example/confirm/abc_DEF-123');
    expect(m.text).toContain('https://rally.example/confirm/abc_DEF-123');
    expect(m.html).toContain('href="https://rally.example/confirm/abc_DEF-123"');
    expect(m.html).not.toMatch(/<Eve>|<act>/);
    expect(m.html).toContain('&lt;Eve&gt;');
    expect(m.subject).toBe('Please confirm: Write "now" & <act>');
    expect(m.text).not.toContain('Unsubscribe');
  });
  it('thank-you has share links, no scripts or remote resources, and an unsubscribe link', () => {
    const m = thankYouEmail(EN, { ...ctx, unsubscribeUrl: 'https://rally.example/unsubscribe/tok' });
    expect(m.text).toContain(ctx.campaignUrl);
    expect(m.html).toContain('href="mailto:?subject=');
    expect(m.html).toContain('href="https://rally.example/unsubscribe/tok"');
    expect(m.html).not.toMatch(/<script|<img|<link|src=/i);
    expect(m.text).toContain('1-888-373-7888');
    expect(m.text).toContain('letters are on their way');
    expect(thankYouEmail(EN, { ...ctx, lettersSent: false }).text).not.toContain('letters are on their way');
  });
  it('already-signed says so without anything else', () => {
    const m = alreadySignedEmail(EN, { ...ctx, unsubscribeUrl: 'https://rally.example/unsubscribe/tok' });
    expect(m.subject).toBe('You have already taken this action');
    expect(m.text).toContain('had already taken it');
  });
});
