import { controlCharacterField } from './control-characters';

describe('control characters in a request target', () => {
  it('are none in ordinary paths and queries (escapes of other characters included)', () => {
    for (const url of ['/', '/api/stats?campaign=save-the-river', '/campaigns/caf%C3%A9?q=a%20b&x=%2F%25', '/api/stats?campaign=%E2%80%A8', '/a?b=%25%30%30']) {
      expect([url, controlCharacterField(url)]).toEqual([url, undefined]);
    }
  });

  it('are named by the part that holds them, %-encoded or not', () => {
    expect(controlCharacterField('/api/actions/%00')).toBe('path');
    expect(controlCharacterField('/api/actions/a%0Ab?x=1')).toBe('path');
    expect(controlCharacterField('/api/stats?campaign=%00')).toBe('campaign');
    expect(controlCharacterField('/api/admin/audit?limit=5&entity=a%7fb')).toBe('entity');
    expect(controlCharacterField('/api/admin/audit?entity%1f=1')).toBe('query');
    expect(controlCharacterField('/x?a=\u0000')).toBe('a');
    expect(controlCharacterField('/x?a=%0d%0aSet-Cookie:x')).toBe('a');
  });

  it("leave a route's redirect parameter to the redirect resolver, and nothing else", () => {
    expect(controlCharacterField('/lang/es?next=/%09/evil.example', 'next')).toBeUndefined();
    expect(controlCharacterField('/lang/es?next=%0d%0aSet-Cookie:x', 'next')).toBeUndefined();
    expect(controlCharacterField('/lang/es?next=/a&x=%00', 'next')).toBe('x');
    expect(controlCharacterField('/lang/%00?next=/', 'next')).toBe('path');
    expect(controlCharacterField('/lang/es?next=/%09/evil.example')).toBe('next');
  });
});
