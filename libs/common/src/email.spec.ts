import fc from 'fast-check';
import { isEmailAddress } from './email';

describe('isEmailAddress', () => {
  it.each(['ana.lee@example.org', 'Ana.Lee+rally@Example.ORG', "o'brien@example.ie", 'zoë@exämple.de', 'a_b-c@sub.example.co.uk'])('accepts %j', (e) => {
    expect(isEmailAddress(e)).toBe(true);
  });

  it.each([
    '"a\r\nBcc: x@evil"@example.org',
    '"a"@example.org',
    '"a b"@example.org',
    '"a,b"@example.org',
    'a,b@example.org',
    'a@example.org,b@example.org',
    'a@example.org, b@example.org',
    'a;b@example.org',
    'a@example.org\r\nBcc: x@evil.example',
    'a\u0000@example.org',
    'a@example.org\u0000',
    'a\t@example.org',
    'a b@example.org',
    '<a@example.org>',
    'Ana <a@example.org>',
    'a\\b@example.org',
    'a@@example.org',
    'a@b@example.org',
    'a@[127.0.0.1]',
    'a@127.0.0.1',
    'a@localhost',
    'a@example.org\ufffd',
    `${'a'.repeat(250)}@example.org`,
    '',
  ])('refuses %j', (e) => {
    expect(isEmailAddress(e)).toBe(false);
  });

  it('refuses anything not a string', () => {
    for (const v of [undefined, null, 1, {}, ['a@example.org']]) expect(isEmailAddress(v)).toBe(false);
  });

  it('never accepts a control character, a quote, a comma or whitespace, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.nat(), fc.constantFrom('\u0000', '\r', '\n', '\t', '\u001f', '\u007f', '"', ',', ' '), (email, at, bad) => {
        const i = at % (email.length + 1);
        expect(isEmailAddress(email.slice(0, i) + bad + email.slice(i))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
