import { ServiceUnavailableError } from '@app/common';
import type { RallyConfig } from '@app/config';
import type { DataSource } from 'typeorm';
import { RepresentativesService } from './representatives.service';

/** A strict fake: answers the two reads the service plans and fails on anything else. */
function fakeDataSource() {
  const calls: string[] = [];
  let release!: () => void;
  let gate = new Promise<void>((r) => (release = r));
  const ds = {
    query: async (sql: string) => {
      calls.push(sql);
      await gate;
      if (sql.includes('FROM legislators')) {
        return [{ id: 'S000033', name: 'Bernard Sanders', chamber: 'senate', state: 'VT', district: null, party: 'Independent', title: 'Senator', deliveryEmail: null }];
      }
      if (sql.includes('FROM zip_districts')) return [{ zip: '05401', state: 'VT', district: 0 }];
      throw new Error(`unplanned query: ${sql}`);
    },
  };
  return {
    ds: ds as unknown as DataSource,
    calls,
    open: () => release(),
    close: () => (gate = new Promise<void>((r) => (release = r))),
  };
}

describe('RepresentativesService', () => {
  const cfg = { DATABASE_URL: 'postgres://unused' } as RallyConfig;

  it('answers 503, not 404, before any data is loaded', () => {
    const service = new RepresentativesService(fakeDataSource().ds, cfg);
    expect(() => service.lookup('05401')).toThrow(ServiceUnavailableError);
  });

  it('serves lookups from memory once loaded', async () => {
    const fake = fakeDataSource();
    fake.open();
    const service = new RepresentativesService(fake.ds, cfg);
    expect(await service.reload()).toEqual({ legislators: 1, zips: 1 });
    expect(service.lookup('05401').representatives.map((r) => r.id)).toEqual(['S000033']);
    expect(service.getById('S000033')?.title).toBe('Senator');
  });

  it('folds a burst of reload requests into the running read plus one more', async () => {
    const fake = fakeDataSource();
    const service = new RepresentativesService(fake.ds, cfg);
    const burst = [service.reload(), service.reload(), service.reload(), service.reload(), service.reload()];
    fake.open();
    await Promise.all(burst);
    expect(fake.calls).toHaveLength(4); // two reads of two tables each
  });
});
