import fc from 'fast-check';
import { cityFromAddress, fillTemplate, renderLetter, streetFromAddress, supporterMessage, unknownPlaceholders } from './letter-template';

const base = {
  subjectTemplate: 'Please pass the ENABLERS Act',
  bodyTemplate: 'Dear {{target.title}} {{target.name}},\n\nPlease act.\n\n{{message}}\n\nSincerely,\n{{supporter.name}}\n{{supporter.city}}',
  target: { title: 'Senator', name: 'Bernard Sanders' },
  supporter: { givenName: 'Ada', familyName: 'Lovelace', city: 'Burlington' },
  editable: true,
  maxMessageLength: 100,
};

describe('letter templates', () => {
  it('fills every placeholder with the target and supporter', () => {
    const l = renderLetter({ ...base, message: 'My own words.' });
    expect(l.text).toBe('Dear Senator Bernard Sanders,\n\nPlease act.\n\nMy own words.\n\nSincerely,\nAda Lovelace\nBurlington\n');
    expect(l.subject).toBe('Please pass the ENABLERS Act');
  });

  it('shows a third party a supporter-typed name cut short and without links', () => {
    const l = renderLetter({
      ...base,
      subjectTemplate: 'From {{supporter.givenName}}',
      supporter: { givenName: 'Cheap pills at https://evil.example/buy', familyName: `www.evil.example Lee evil.example ${'x'.repeat(80)}`, city: 'Visit evil.example' },
    });
    expect(l.text).not.toMatch(/evil|https?:|www\./);
    expect(l.subject).toBe('From Cheap pills at');
    const signature = l.text.trim().split('\n').slice(-2);
    expect(signature[0].length).toBeLessThanOrEqual(60);
    expect(signature[0]).toMatch(/^Cheap pills at Lee x+$/);
    expect(signature[1]).toBe('Visit');
  });

  it('leaves no double blank line or stray space when optional values are empty', () => {
    const l = renderLetter({ ...base, target: { title: '', name: 'Board' }, supporter: { givenName: 'Ada' }, message: '' });
    expect(l.text).toBe('Dear Board,\n\nPlease act.\n\nSincerely,\nAda\n');
  });

  it('ignores the message when the action is not editable', () => {
    expect(renderLetter({ ...base, editable: false, message: 'sneaky' }).text).not.toContain('sneaky');
  });

  it('cuts the message to the action limit', () => {
    expect(supporterMessage('x'.repeat(500), true, 100)).toHaveLength(100);
  });

  it('never substitutes placeholders typed by the supporter', () => {
    const l = renderLetter({ ...base, message: 'I am {{target.name}} and {{supporter.name}}' });
    expect(l.text).toContain('I am {{target.name}} and {{supporter.name}}');
  });

  it('renders unknown placeholders as nothing and reports them', () => {
    expect(fillTemplate('a {{nope}}b', {})).toBe('a b');
    expect(unknownPlaceholders('{{target.name}} {{nope}} {{ nope }}')).toEqual(['nope']);
  });

  it('escapes hostile HTML in the HTML part and keeps it literal in the text part', () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)> & "quotes"';
    const l = renderLetter({ ...base, message: evil, supporter: { givenName: '<b>Eve</b>', familyName: 'O\'Hara' } });
    expect(l.html).not.toMatch(/<script|<img|<b>/);
    expect(l.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(l.html).toContain('&lt;b&gt;Eve&lt;/b&gt; O&#39;Hara');
    expect(l.text).toContain(evil);
  });

  it('keeps CR/LF out of the subject (no header injection)', () => {
    const l = renderLetter({ ...base, subjectTemplate: 'Hi {{supporter.name}}', supporter: { givenName: 'Eve\r\nBcc: victim@example.org' } });
    // One line, and the address is dropped too (no addresses or links in a name).
    expect(l.subject).toBe('Hi Eve Bcc:');
    expect(l.subject).not.toMatch(/[\r\n]/);
  });

  it('property: subject never contains control characters; HTML never contains a raw "<" from input', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (name, msg, title) => {
        const l = renderLetter({ ...base, subjectTemplate: `S {{supporter.name}} {{target.title}}`, target: { title, name: 'X' }, supporter: { givenName: name }, message: msg });
        expect(l.subject).not.toMatch(/[\u0000-\u001f\u007f]/);
        const stripped = l.html.replace(/<\/?p>|<br>/g, '');
        expect(stripped).not.toContain('<');
      }),
      { numRuns: 300 },
    );
  });

  it('finds the city and street in a free-text address', () => {
    expect(cityFromAddress('12 Main St, Burlington, VT 05401')).toBe('Burlington');
    expect(cityFromAddress('12 Main St\nBurlington VT 05401')).toBe('Burlington');
    expect(cityFromAddress('12 Main St, VT 05401')).toBe('');
    expect(cityFromAddress('12 Main St')).toBe('');
    expect(cityFromAddress(null)).toBe('');
    expect(streetFromAddress('12 Main St, Burlington')).toBe('12 Main St');
  });
});
