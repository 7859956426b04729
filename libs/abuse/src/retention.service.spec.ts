import type { RallyConfig } from '@app/config';
import type { SubmissionsRepository } from '@app/submissions';
import { strict } from '../../../test/support/strict-fake';
import { RetentionService } from './retention.service';

describe('RetentionService', () => {
  it('clears in batches until a batch comes back short, and returns the total', async () => {
    const calls: Array<[number, number]> = [];
    const answers = [2000, 2000, 17];
    const service = new RetentionService(
      strict<SubmissionsRepository>({ clearPastRetention: async (days: number, limit: number) => (calls.push([days, limit]), answers.shift()!) }),
      { RETENTION_DAYS: 90 } as RallyConfig,
    );
    expect(await service.apply()).toBe(4017);
    expect(calls).toEqual([[90, 2000], [90, 2000], [90, 2000]]);
  });

  it('takes the number of days it is given', async () => {
    const calls: number[] = [];
    const service = new RetentionService(strict<SubmissionsRepository>({ clearPastRetention: async (days: number) => (calls.push(days), 0) }), { RETENTION_DAYS: 90 } as RallyConfig);
    expect(await service.apply(7)).toBe(0);
    expect(calls).toEqual([7]);
  });
});
