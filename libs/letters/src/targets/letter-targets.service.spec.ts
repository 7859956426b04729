import { parseConfig } from '@app/config';
import { ActionEntity } from '@app/campaigns';
import { UnprocessableError, NotFoundError } from '@app/common';
import type { Representative } from '@app/representatives';
import { LetterTargetsService, memberOffice, RepresentativesLookup } from './letter-targets.service';

const rep = (id: string, chamber: 'senate' | 'house', extra: Partial<Representative> = {}): Representative => ({
  id,
  name: `Member ${id}`,
  chamber,
  state: 'VT',
  district: chamber === 'house' ? 0 : null,
  party: 'Independent',
  title: chamber === 'senate' ? 'Senator' : 'Representative',
  deliveryEmail: null,
  ...extra,
});

/** A strict fake: only forDistrict exists, and it records its calls. */
function fakeReps(opts: { split?: boolean; unknown?: boolean; house?: Representative | null; senators?: Representative[] } = {}) {
  const calls: Array<[string, number | undefined]> = [];
  const reps = {
    forDistrict(zip: string, district?: number) {
      calls.push([zip, district]);
      if (opts.unknown) throw new NotFoundError('unknown ZIP');
      if (opts.split && district === undefined) throw new UnprocessableError('pick a district', [{ field: 'district', message: 'choose' }]);
      return { lookup: {} as never, senators: opts.senators ?? [rep('S000033', 'senate'), rep('W000800', 'senate')], house: opts.house === undefined ? rep('B001318', 'house') : opts.house };
    },
  } as unknown as RepresentativesLookup;
  return { reps, calls };
}

const action = (extra: Partial<ActionEntity> = {}) => ({ kind: 'letter', targetKinds: ['senate', 'house'], customTargets: [], ...extra }) as ActionEntity;
const service = (env: Record<string, string>, reps = fakeReps().reps) => new LetterTargetsService(parseConfig({ NODE_ENV: 'test', ...env }), reps);

describe('letter target planning', () => {
  it('plans two senators and the House member, with placeholder addresses in development', async () => {
    const { reps, calls } = fakeReps();
    const t = await service({}, reps).planTargets(action(), { zip: '05401-1234' });
    expect(calls).toEqual([['05401', undefined]]);
    expect(t.map((x) => [x.id, x.chamber, x.channel, x.email, x.deliverable])).toEqual([
      ['S000033', 'senate', 'email', 'S000033@congress.rally.test', true],
      ['W000800', 'senate', 'email', 'W000800@congress.rally.test', true],
      ['B001318', 'house', 'email', 'B001318@congress.rally.test', true],
    ]);
    expect(t[0].title).toBe('Senator');
  });

  it('prefers a configured delivery email, then CWC when CWC_URL is set', async () => {
    const { reps } = fakeReps({ senators: [rep('S000033', 'senate', { deliveryEmail: 'letters@sanders.example' }), rep('W000800', 'senate')] });
    const t = await service({ CWC_URL: 'https://cwc.example/v2/message' }, reps).planTargets(action(), { zip: '05401' });
    expect(t.map((x) => [x.channel, x.email ?? x.office])).toEqual([
      ['email', 'letters@sanders.example'],
      ['cwc', 'SVT02'],
      ['cwc', 'HVT00'],
    ]);
  });

  it('marks Congress targets undeliverable with CONGRESS_DELIVERY=none (the production default)', async () => {
    const none = await service({ CONGRESS_DELIVERY: 'none' }).planTargets(action(), { zip: '05401' });
    expect(none.every((x) => !x.deliverable && x.channel === null)).toBe(true);
    const prod = await service({ NODE_ENV: 'production', APP_SECRET: 'x'.repeat(32) }).planTargets(action(), { zip: '05401' });
    expect(prod.every((x) => !x.deliverable)).toBe(true);
    expect(prod).toHaveLength(3);
  });

  it('honours the action target kinds and adds custom targets', async () => {
    const t = await service({}).planTargets(
      action({ targetKinds: ['house', 'custom'], customTargets: [{ name: 'City Council', email: 'council@city.example', title: 'Members of the' }] }),
      { zip: '05401' },
    );
    expect(t.map((x) => [x.id, x.chamber, x.email])).toEqual([
      ['B001318', 'house', 'B001318@congress.rally.test'],
      ['custom-1', 'custom', 'council@city.example'],
    ]);
  });

  it('does not look up representatives for a custom-only action', async () => {
    const { reps, calls } = fakeReps({ unknown: true });
    const t = await service({}, reps).planTargets(action({ targetKinds: ['custom'], customTargets: [{ name: 'A', email: 'a@b.example' }] }), { zip: '99999' });
    expect(t).toHaveLength(1);
    expect(calls).toHaveLength(0);
  });

  it('passes the district through and lets a split ZIP without one fail with 422', async () => {
    const { reps, calls } = fakeReps({ split: true });
    await expect(service({}, reps).planTargets(action(), { zip: '10001' })).rejects.toMatchObject({ status: 422, errors: [{ field: 'district' }] });
    await expect(service({}, reps).planTargets(action(), { zip: '10001', district: 12 })).resolves.toHaveLength(3);
    expect(calls[1]).toEqual(['10001', 12]);
  });

  it('turns an unknown ZIP into 422 on the zip field', async () => {
    await expect(service({}, fakeReps({ unknown: true }).reps).planTargets(action(), { zip: '00000' })).rejects.toMatchObject({
      status: 422,
      errors: [{ field: 'zip' }],
    });
  });

  it('leaves out a vacant House seat', async () => {
    expect(await service({}, fakeReps({ house: null }).reps).planTargets(action(), { zip: '05401' })).toHaveLength(2);
  });

  it('builds CWC office codes', () => {
    expect(memberOffice(rep('X', 'house', { state: 'CA', district: 7 }))).toBe('HCA07');
    expect(memberOffice(rep('X', 'house', { state: 'AK', district: 0 }))).toBe('HAK00');
    expect(memberOffice(rep('X', 'senate', { state: 'CA' }), 1)).toBe('SCA02');
    expect(memberOffice({ ...rep('X', 'senate'), cwcOffice: 'SVT03' } as never)).toBe('SVT03');
  });
});
