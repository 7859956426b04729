import { DataFileError, parseLegislators, parseStateLegislators, parseZipDistricts, titleFor } from './data-files';

const person = (bioguide: string, terms: object[], name: object = { first: 'Ann', last: 'Example' }) => ({ id: { bioguide }, name, terms });

describe('parseLegislators', () => {
  it('uses the last term as the current one', () => {
    const [row] = parseLegislators(
      JSON.stringify([
        person('C000127', [
          { type: 'rep', state: 'WA', district: 1, party: 'Democrat', end: '1995-01-03' },
          { type: 'sen', state: 'WA', party: 'Democrat', end: '2031-01-03', url: 'https://x.senate.gov', phone: '202-224-3441' },
        ], { first: 'Maria', last: 'Cantwell', official_full: 'Maria Cantwell' }),
      ]),
    );
    expect(row).toMatchObject({ id: 'C000127', name: 'Maria Cantwell', chamber: 'senate', state: 'WA', district: null, title: 'Senator', term_end: '2031-01-03' });
  });

  it('keeps district 0 for at-large members and titles delegates', () => {
    const rows = parseLegislators(
      JSON.stringify([
        person('B001318', [{ type: 'rep', state: 'VT', district: 0, party: 'Democrat' }]),
        person('H001103', [{ type: 'rep', state: 'PR', district: 0, party: 'Democrat' }]),
        person('N000147', [{ type: 'rep', state: 'DC', district: 0, party: 'Democrat' }]),
      ]),
    );
    expect(rows.map((r) => [r.district, r.title])).toEqual([
      [0, 'Representative'],
      [0, 'Resident Commissioner'],
      [0, 'Delegate'],
    ]);
    expect(rows[0].name).toBe('Ann Example');
  });

  it('names the file and person when a record is broken', () => {
    expect(() => parseLegislators(JSON.stringify([person('bad', [{ type: 'sen', state: 'VT' }])]))).toThrow(DataFileError);
    expect(() => parseLegislators(JSON.stringify([person('A000001', [{ type: 'rep', state: 'VT' }])]))).toThrow(/A000001.*district/);
    expect(() => parseLegislators('{')).toThrow(/legislators-current.json.*JSON/);
  });
});

describe('parseZipDistricts', () => {
  it('reads columns by name, restores leading zeros and drops duplicate rows', () => {
    const rows = parseZipDistricts('state_fips,state_abbr,zcta,cd\n50,VT,5401,0\n01,AL,35062,4\n01,AL,35062,4\n\n');
    expect(rows).toEqual([
      { zip: '05401', state: 'VT', district: 0 },
      { zip: '35062', state: 'AL', district: 4 },
    ]);
  });

  it('refuses a file without the expected columns or with a bad line', () => {
    expect(() => parseZipDistricts('zip,state\n05401,VT\n')).toThrow(/no "state_abbr" column/);
    expect(() => parseZipDistricts('state_fips,state_abbr,zcta,cd\n50,VT,05401,x\n')).toThrow(/line 2/);
  });
});

describe('parseStateLegislators and titleFor', () => {
  it('keeps text districts', () => {
    const [row] = parseStateLegislators(
      JSON.stringify([{ id: 'ocd-person/1', name: 'A B', party: 'Democratic', state: 'VT', chamber: 'lower', district: 'Chittenden-17', email: 'a@b.org' }]),
    );
    expect(row).toMatchObject({ district: 'Chittenden-17', email: 'a@b.org', phone: null });
  });

  it('titles every kind of member', () => {
    expect(['senate', 'house', 'house', 'house'].map((c, i) => titleFor(c as 'senate', ['VT', 'VT', 'PR', 'GU'][i]))).toEqual([
      'Senator',
      'Representative',
      'Resident Commissioner',
      'Delegate',
    ]);
  });
});
