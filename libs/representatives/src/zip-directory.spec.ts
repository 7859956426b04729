import { BadRequestError, NotFoundError, UnprocessableError } from '@app/common';
import type { Representative, ZipDistrictRow } from './representative.types';
import { ZipDirectory } from './zip-directory';

const sen = (id: string, name: string, state: string): Representative => ({
  id, name, chamber: 'senate', state, district: null, party: 'Independent', title: 'Senator', deliveryEmail: null,
});
const rep = (id: string, name: string, state: string, district: number, title = 'Representative'): Representative => ({
  id, name, chamber: 'house', state, district, party: 'Democrat', title, deliveryEmail: null,
});

const members: Representative[] = [
  sen('S000033', 'Bernard Sanders', 'VT'),
  sen('W000800', 'Peter Welch', 'VT'),
  rep('B001318', 'Becca Balint', 'VT', 0),
  sen('A000001', 'Alabama Senior', 'AL'),
  sen('A000002', 'Alabama Junior', 'AL'),
  rep('A000003', 'Alabama Three', 'AL', 3),
  rep('A000004', 'Alabama Four', 'AL', 4),
  rep('A000006', 'Alabama Six', 'AL', 6),
  sen('G000001', 'Georgia One', 'GA'),
  sen('G000002', 'Georgia Two', 'GA'),
  rep('G000014', 'Georgia Fourteen', 'GA', 14),
  sen('C000001', 'California One', 'CA'),
  sen('C000002', 'California Two', 'CA'),
  rep('N000147', 'Eleanor Holmes Norton', 'DC', 0, 'Delegate'),
  rep('H001103', 'Pablo José Hernández', 'PR', 0, 'Resident Commissioner'),
  rep('M001219', 'James C. Moylan', 'GU', 0, 'Delegate'),
  rep('P000610', 'Stacey E. Plaskett', 'VI', 0, 'Delegate'),
];

const rows: ZipDistrictRow[] = [
  { zip: '05401', state: 'VT', district: 0 },
  { zip: '35062', state: 'AL', district: 4 },
  { zip: '35062', state: 'AL', district: 6 },
  { zip: '35062', state: 'AL', district: 7 }, // AL-7 vacant in this fixture
  { zip: '30165', state: 'GA', district: 14 },
  { zip: '30165', state: 'AL', district: 3 },
  { zip: '30165', state: 'GA', district: 14 }, // duplicate rows are ignored
  { zip: '94541', state: 'CA', district: 14 }, // vacant seat
  { zip: '20001', state: 'DC', district: 0 },
  { zip: '00901', state: 'PR', district: 0 },
];

const dir = new ZipDirectory(members, rows);
const ids = (list: Representative[]) => list.map((r) => r.id);

describe('ZipDirectory.lookup', () => {
  it('gives two senators and the at-large member for a one-district ZIP', () => {
    const found = dir.lookup('05401');
    expect(found).toMatchObject({ zip: '05401', state: 'VT', districts: [{ state: 'VT', district: 0 }], needsChoice: false });
    expect(ids(found.representatives)).toEqual(['S000033', 'W000800', 'B001318']);
  });

  it('accepts ZIP+4 with or without a dash, and surrounding spaces', () => {
    expect(dir.lookup('05401-1234').zip).toBe('05401');
    expect(dir.lookup('054011234').zip).toBe('05401');
    expect(dir.lookup(' 05401 ').zip).toBe('05401');
  });

  it.each(['abc', '', '5401', '054011', '05401-12', '05401-12345', '0540l'])('rejects malformed ZIP %p with a 400', (zip) => {
    expect(() => dir.lookup(zip)).toThrow(BadRequestError);
  });

  it('rejects a non-string ZIP (a repeated query parameter) with a 400', () => {
    expect(() => dir.lookup(['05401', '05402'] as unknown as string)).toThrow(BadRequestError);
  });

  it('lists every candidate district of a split ZIP and asks for a choice; vacant seats are absent', () => {
    const found = dir.lookup('35062');
    expect(found.needsChoice).toBe(true);
    expect(found.districts).toEqual([
      { state: 'AL', district: 4 },
      { state: 'AL', district: 6 },
      { state: 'AL', district: 7 },
    ]);
    expect(ids(found.representatives)).toEqual(['A000002', 'A000001', 'A000004', 'A000006']);
  });

  it('names the senators of each state for a ZIP crossing a state line', () => {
    const found = dir.lookup('30165');
    expect(found.state).toBe('AL'); // one district each: alphabetical tie-break
    expect(found.districts).toEqual([
      { state: 'AL', district: 3 },
      { state: 'GA', district: 14 },
    ]);
    expect(ids(found.representatives)).toEqual(['A000002', 'A000001', 'A000003', 'G000001', 'G000002', 'G000014']);
  });

  it('gives only the senators when the House seat is vacant', () => {
    const found = dir.lookup('94541');
    expect(found.needsChoice).toBe(false);
    expect(ids(found.representatives)).toEqual(['C000001', 'C000002']);
  });

  it('gives DC and Puerto Rico their delegate or resident commissioner and no senators', () => {
    expect(dir.lookup('20001').representatives.map((r) => r.title)).toEqual(['Delegate']);
    expect(dir.lookup('00901').representatives.map((r) => [r.id, r.title])).toEqual([['H001103', 'Resident Commissioner']]);
  });

  it('maps Guam and Virgin Islands ZIPs by prefix', () => {
    expect(dir.lookup('96910')).toMatchObject({ state: 'GU', districts: [{ state: 'GU', district: 0 }], needsChoice: false });
    expect(ids(dir.lookup('96932').representatives)).toEqual(['M001219']);
    expect(ids(dir.lookup('00802').representatives)).toEqual(['P000610']);
    // American Samoa has no member in this fixture: district known, nobody to write to.
    expect(dir.lookup('96799')).toMatchObject({ state: 'AS', representatives: [] });
  });

  it.each(['09001', '34002', '96201', '96601'])('answers 404 for military ZIP %s', (zip) => {
    expect(() => dir.lookup(zip)).toThrow(/military/);
  });

  it('answers 404 for an unknown ZIP', () => {
    expect(() => dir.lookup('00000')).toThrow(NotFoundError);
    expect(() => dir.lookup('96933')).toThrow(NotFoundError);
  });

  it('returns frozen answers that callers cannot corrupt', () => {
    const found = dir.lookup('05401');
    expect(Object.isFrozen(found)).toBe(true);
    expect(Object.isFrozen(found.representatives)).toBe(true);
    expect(Object.isFrozen(found.representatives[0])).toBe(true);
  });
});

describe('ZipDirectory.forDistrict', () => {
  it('needs no district for a one-district ZIP', () => {
    const t = dir.forDistrict('05401');
    expect(ids(t.senators)).toEqual(['S000033', 'W000800']);
    expect(t.house?.id).toBe('B001318');
  });

  it('refuses a split ZIP without a district with a 422 on the district field', () => {
    try {
      dir.forDistrict('35062');
      throw new Error('expected a 422');
    } catch (err) {
      expect(err).toBeInstanceOf(UnprocessableError);
      expect((err as UnprocessableError).errors).toEqual([{ field: 'district', message: 'choose one of AL-4, AL-6, AL-7' }]);
    }
  });

  it('refuses a district that is not a candidate of the ZIP', () => {
    expect(() => dir.forDistrict('35062', 3)).toThrow(UnprocessableError);
    expect(() => dir.forDistrict('05401', 1)).toThrow(UnprocessableError);
  });

  it('gives the chosen district member, or none while the seat is vacant', () => {
    expect(dir.forDistrict('35062', 6).house?.id).toBe('A000006');
    const vacant = dir.forDistrict('35062', 7);
    expect(vacant.house).toBeNull();
    expect(vacant.senators).toHaveLength(2);
  });

  it('gives the senators of the chosen district state for a ZIP across a state line', () => {
    const t = dir.forDistrict('30165', 14);
    expect(ids(t.senators)).toEqual(['G000001', 'G000002']);
    expect(t.house?.id).toBe('G000014');
  });

  it('gives a territory no senators', () => {
    expect(dir.forDistrict('20001')).toMatchObject({ senators: [], house: { id: 'N000147' } });
  });
});

describe('ZipDirectory.getById', () => {
  it('finds a member by bioguide id', () => {
    expect(dir.getById('S000033')?.name).toBe('Bernard Sanders');
    expect(dir.getById('X000000')).toBeUndefined();
  });
});
