import { normaliseStaffEmail, staffEmailLookalike } from './staff-email';

describe('staff email forms', () => {
  it('compares ASCII addresses trimmed, with A-Z folded only', () => {
    expect(normaliseStaffEmail('  Editor@Example.ORG ')).toBe('editor@example.org');
    expect(normaliseStaffEmail('editor@example.org')).toBe('editor@example.org');
  });

  it('has no comparison form for anything but printable ASCII (so no look-alike reaches an account)', () => {
    for (const raw of ['edİtor@example.org', 'edıtor@example.org', 'éditor@example.org', 'edi\u0307tor@example.org', 'ed itor@example.org', 'ed\0itor@example.org', '', '   ', 'a'.repeat(255), 42, null]) {
      expect([raw, normaliseStaffEmail(raw)]).toEqual([raw, null]);
    }
  });

  it('maps look-alike spellings to the ASCII address they imitate', () => {
    for (const raw of ['edİtor@example.org', 'EDİTOR@example.org', 'edıtor@example.org', 'édītör@example.org', 'edi\u0307tor@example.org', 'ＥＤＩＴＯＲ@example.org']) {
      expect([raw, staffEmailLookalike(raw)]).toEqual([raw, 'editor@example.org']);
    }
    expect(staffEmailLookalike('Editor@example.org')).toBe('editor@example.org');
    // Other scripts imitate nothing in ASCII.
    expect(staffEmailLookalike('еditor@example.org')).toBeNull();
  });
});
