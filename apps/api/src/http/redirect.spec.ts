import { safeRedirectPath } from './redirect';

const PUBLIC = 'https://rally.example';

describe('safeRedirectPath', () => {
  it.each([
    ['/', '/'],
    ['/campaigns/save-the-river', '/campaigns/save-the-river'],
    ['/es/campaigns/x?tab=1#act', '/es/campaigns/x?tab=1#act'],
    ['/a/../b', '/b'],
    ['https://rally.example/dashboard?x=1', '/dashboard?x=1'],
    ['dashboard', '/dashboard'],
  ])('keeps a same-origin path: %j', (target, expected) => {
    expect(safeRedirectPath(target, PUBLIC)).toBe(expected);
  });

  it.each([
    '/\t/evil.example/phish',
    '/%09/evil.example/phish'.replace('%09', '\t'),
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '/\\/evil.example',
    '\\\\evil.example',
    'https://evil.example',
    'HTTPS://rally.example.evil.example/',
    'javascript:alert(1)',
    '/\r\nSet-Cookie:x',
    '\r\nSet-Cookie:x',
    '/\nx',
    '/\u0000',
    '/ /evil.example',
    '/\u00a0/evil.example',
    '/.//evil.example',
    '/./\\evil.example',
    '',
    'x'.repeat(2001),
  ])('sends %j to /', (target) => {
    expect(safeRedirectPath(target, PUBLIC)).toBe('/');
  });

  it('sends anything that is not a string to /', () => {
    expect(safeRedirectPath(undefined, PUBLIC)).toBe('/');
    expect(safeRedirectPath(['/a', '/b'], PUBLIC)).toBe('/');
    expect(safeRedirectPath({ a: 1 }, PUBLIC)).toBe('/');
  });

  it('every answer resolves to the PUBLIC_URL origin', () => {
    for (const t of ['/%2F/evil.example', '/%5Cevil.example', '/%5C%5Cevil.example', '/@evil.example', '/:@evil.example']) {
      const path = safeRedirectPath(t, PUBLIC);
      expect(new URL(path, PUBLIC).origin).toBe(PUBLIC);
      expect(path.startsWith('//')).toBe(false);
    }
  });
});
