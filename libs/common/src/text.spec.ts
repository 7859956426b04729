import { CONTROL_CHARACTERS, findControlCharacters, LINE_CONTROL_CHARACTERS } from './text';

describe('control characters', () => {
  it('are every C0 control but tab and line breaks, and DEL, in any text', () => {
    for (let c = 0; c < 0x20; c++) {
      const allowed = c === 0x09 || c === 0x0a || c === 0x0d;
      expect([c, CONTROL_CHARACTERS.test(`a${String.fromCharCode(c)}b`)]).toEqual([c, !allowed]);
      expect([c, LINE_CONTROL_CHARACTERS.test(`a${String.fromCharCode(c)}b`)]).toEqual([c, true]);
    }
    expect(CONTROL_CHARACTERS.test('\u007f')).toBe(true);
    expect(CONTROL_CHARACTERS.test('Zoë Ñúñez 😀 \u00a0 ½')).toBe(false);
    expect(LINE_CONTROL_CHARACTERS.test('Zoë Ñúñez 😀 \u00a0 ½')).toBe(false);
  });

  it('are found anywhere in a parsed body, named by their path, values never echoed', () => {
    expect(findControlCharacters({ givenName: 'Ana', message: 'Hello,\r\n\tthere' })).toBeUndefined();
    expect(findControlCharacters({ givenName: 'A\u0000na' })).toBe('givenName');
    expect(findControlCharacters({ address: { line1: 'ok', city: 'x\u001b' } })).toBe('address.city');
    expect(findControlCharacters({ ids: ['1', '2', '\u0000'] })).toBe('ids.2');
    expect(findControlCharacters({ 'bad\u0000key': 1 })).toBe('body');
    expect(findControlCharacters('\u0000')).toBe('');
    expect(findControlCharacters([1, null, true, { a: 2 }])).toBeUndefined();
  });

  it('are found in a body nested far deeper than the call stack would allow', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findControlCharacters(deep)).toMatch(/^0(\.0)+$/);
  });
});
