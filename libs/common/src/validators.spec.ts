import { isRowId, isUuid } from './validators';

describe('id checks', () => {
  it('takes a UUID of any version and case, and nothing else', () => {
    expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(true);
    expect(isUuid('3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toBe(true);
    for (const bad of ['not-a-uuid', '00000000-0000-0000-0000-00000000000', '00000000-0000-0000-0000-000000000000\u0000', '', 42, null, undefined]) {
      expect(isUuid(bad)).toBe(false);
    }
  });

  it('takes a bigint row id of 1 to 18 digits written as a string, and nothing else', () => {
    expect(isRowId('1')).toBe(true);
    expect(isRowId('9'.repeat(18))).toBe(true);
    for (const bad of ['9'.repeat(19), '', '-1', '1.5', '1e3', ' 1', '1\n', 1, null]) expect(isRowId(bad)).toBe(false);
  });
});
