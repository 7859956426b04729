import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDataDir, importRepresentativesData, ImportRefusedError, RepresentativesService } from '@app/representatives';
import { getJson, startTestApi, TestApi } from './support/api';

describe('representatives by ZIP code (real imported data)', () => {
  let api: TestApi;
  let tmp: string;
  const get = (zip: string) => getJson(`${api.url}/api/representatives?zip=${encodeURIComponent(zip)}`);
  const counts = async () =>
    (
      await api.ds.query(
        `SELECT (SELECT count(*) FROM legislators)::int AS legislators, (SELECT count(*) FROM zip_districts)::int AS zips,
                (SELECT count(*) FROM state_legislators)::int AS state_legislators`,
      )
    )[0];

  beforeAll(async () => {
    api = await startTestApi();
    tmp = mkdtempSync(join(tmpdir(), 'rally-data-'));
  });
  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    await api.close();
  });

  it('gives Burlington, VT its two senators and its at-large member', async () => {
    const res = await get('05401');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ zip: '05401', state: 'VT', districts: [{ state: 'VT', district: 0 }], needsChoice: false });
    const reps = res.json.representatives;
    expect(reps.filter((r: any) => r.chamber === 'senate').map((r: any) => r.name).sort()).toEqual(['Bernard Sanders', 'Peter Welch']);
    expect(reps.filter((r: any) => r.chamber === 'house')).toEqual([
      { id: 'B001318', name: 'Becca Balint', chamber: 'house', state: 'VT', district: 0, party: 'Democrat', title: 'Representative' },
    ]);
    // Only public fields: a staff-set delivery address never leaves the server.
    for (const r of reps) expect(Object.keys(r).sort()).toEqual(['chamber', 'district', 'id', 'name', 'party', 'state', 'title']);
  });

  it('accepts a ZIP+4', async () => {
    const res = await get('05401-2345');
    expect(res.status).toBe(200);
    expect(res.json.zip).toBe('05401');
  });

  it('lists every candidate district of a ZIP that spans several, and asks for a choice', async () => {
    const res = await get('35062'); // AL-4, AL-6, AL-7 in zccd.csv
    expect(res.status).toBe(200);
    expect(res.json.needsChoice).toBe(true);
    expect(res.json.districts).toEqual([
      { state: 'AL', district: 4 },
      { state: 'AL', district: 6 },
      { state: 'AL', district: 7 },
    ]);
    const house = res.json.representatives.filter((r: any) => r.chamber === 'house').map((r: any) => r.district);
    expect(house).toEqual([4, 6, 7]);
    expect(res.json.representatives.filter((r: any) => r.chamber === 'senate')).toHaveLength(2);
  });

  it('names the senators of both states for a ZIP crossing a state line', async () => {
    const res = await get('30165'); // AL-3 and GA-14
    expect(res.status).toBe(200);
    expect(new Set(res.json.districts.map((d: any) => d.state))).toEqual(new Set(['AL', 'GA']));
    const senators = res.json.representatives.filter((r: any) => r.chamber === 'senate');
    expect(senators.map((r: any) => r.state).sort()).toEqual(['AL', 'AL', 'GA', 'GA']);
  });

  it.each([
    ['20001', 'DC', 'Delegate', 'Eleanor Holmes Norton'],
    ['00901', 'PR', 'Resident Commissioner', 'Pablo José Hernández'],
    ['96910', 'GU', 'Delegate', 'James C. Moylan'],
    ['00802', 'VI', 'Delegate', 'Stacey E. Plaskett'],
  ])('gives %s (%s) its %s and no senators', async (zip, state, title, name) => {
    const res = await get(zip);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ state, districts: [{ state, district: 0 }], needsChoice: false });
    expect(res.json.representatives).toEqual([expect.objectContaining({ chamber: 'house', district: 0, title, name })]);
  });

  it('gives only the senators for a ZIP whose House seat is vacant (CA-14)', async () => {
    const res = await get('94541');
    expect(res.status).toBe(200);
    expect(res.json.districts).toEqual([{ state: 'CA', district: 14 }]);
    expect(res.json.representatives.map((r: any) => r.chamber)).toEqual(['senate', 'senate']);
  });

  it.each(['abc', '', '1234', '123456'])('answers 400 problem+json for the malformed ZIP %p', async (zip) => {
    const res = await get(zip);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json).toMatchObject({ status: 400, title: 'Bad Request' });
  });

  it('answers 400 when the zip parameter is missing', async () => {
    const res = await getJson(`${api.url}/api/representatives`);
    expect(res.status).toBe(400);
  });

  it.each(['00000', '09012', '96601'])('answers 404 problem+json for %s (unknown or military)', async (zip) => {
    const res = await get(zip);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('documents the endpoint in the OpenAPI description', async () => {
    const res = await getJson(`${api.url}/api/docs-json`);
    expect(res.json.paths['/api/representatives'].get.parameters).toEqual([expect.objectContaining({ name: 'zip', in: 'query' })]);
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await counts();
    expect(before).toEqual({ legislators: 537, zips: 42033, state_legislators: 7445 });
    const again = await importRepresentativesData(api.ds);
    for (const t of [again.legislators, again.zipDistricts, again.stateLegislators]) {
      expect({ inserted: t.inserted, updated: t.updated, deleted: t.deleted }).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    }
    expect(await counts()).toEqual(before);
  });

  it('applies a newer data set: a resignation, a party switch, a new ZIP; keeps staff delivery addresses; the API reloads', async () => {
    const service = api.app.get(RepresentativesService);
    await service.setDeliveryEmail('S000033', 'letters@sanders.example');
    await service.setDeliveryEmail('B001318', 'letters@balint.example');

    cpSync(defaultDataDir(), tmp, { recursive: true });
    const people = JSON.parse(readFileSync(join(tmp, 'legislators-current.json'), 'utf8'));
    const balint = people.findIndex((p: any) => p.id.bioguide === 'B001318');
    people.splice(balint, 1); // the VT seat falls vacant
    const sanders = people.find((p: any) => p.id.bioguide === 'S000033');
    sanders.terms[sanders.terms.length - 1].party = 'Democrat';
    writeFileSync(join(tmp, 'legislators-current.json'), JSON.stringify(people));
    writeFileSync(join(tmp, 'zccd.csv'), readFileSync(join(tmp, 'zccd.csv'), 'utf8') + '50,VT,05999,0\n');

    // Imported by "another process" (no direct reload): the API must pick it up through NOTIFY.
    const result = await importRepresentativesData(api.ds, tmp);
    expect(result.legislators).toMatchObject({ inserted: 0, updated: 1, deleted: 1 });
    expect(result.zipDistricts).toMatchObject({ inserted: 1, deleted: 0 });

    let res = await get('05999');
    for (let i = 0; i < 100 && res.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      res = await get('05999');
    }
    expect(res.status).toBe(200);
    expect(res.json.representatives.map((r: any) => [r.name, r.party])).toEqual([
      ['Bernard Sanders', 'Democrat'],
      ['Peter Welch', 'Democrat'],
    ]);
    expect(service.getById('S000033')?.deliveryEmail).toBe('letters@sanders.example');
    const [row] = await api.ds.query(`SELECT delivery_email FROM legislators WHERE id = 'S000033'`);
    expect(row.delivery_email).toBe('letters@sanders.example');

    // Back to the bundled data: the member returns, without the address set for her before.
    const back = await service.importData();
    expect(back.legislators).toMatchObject({ inserted: 1, updated: 1, deleted: 0 });
    expect(back.zipDistricts).toMatchObject({ inserted: 0, deleted: 1 });
    expect(service.getById('B001318')?.deliveryEmail).toBeNull();
    expect(service.getById('S000033')?.deliveryEmail).toBe('letters@sanders.example');
    expect((await get('05999')).status).toBe(404);
  });

  it('refuses a data set that would delete most rows (a truncated download) and changes nothing', async () => {
    cpSync(defaultDataDir(), tmp, { recursive: true });
    const csv = readFileSync(join(tmp, 'zccd.csv'), 'utf8').split('\n');
    writeFileSync(join(tmp, 'zccd.csv'), csv.slice(0, 1000).join('\n'));
    const before = await counts();
    await expect(importRepresentativesData(api.ds, tmp)).rejects.toThrow(ImportRefusedError);
    expect(await counts()).toEqual(before);
  });
});
