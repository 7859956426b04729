import type { DataSource } from 'typeorm';
import type { CountersService } from '@app/counters';
import type { QueueService } from '@app/queue';
import { strict } from '../../../test/support/strict-fake';
import { HeldSubmissionsService } from './held-submissions.service';
import type { HeldSubmissionsQuery } from './held-submissions.query';

function setup(row: Record<string, unknown>) {
  const calls: string[] = [];
  const statements: Array<{ sql: string; params: unknown[] }> = [];
  const ds = strict<DataSource>({ query: (async (sql: string, params: unknown[]) => (statements.push({ sql, params }), [row])) as DataSource['query'] });
  const counters = strict<CountersService>({ shards: 4, notifyChanged: () => void calls.push('notify') } as Partial<CountersService>);
  const queue = strict<QueueService>({ enqueueMessages: async (ids: Array<string | number>) => (calls.push(`enqueue ${ids.join(',')}`), true) });
  return { service: new HeldSubmissionsService(ds, counters, queue, strict<HeldSubmissionsQuery>({})), calls, statements };
}

describe('HeldSubmissionsService', () => {
  it('approves in one statement that counts, releases letters and cancels the pending confirmation, then notifies and enqueues', async () => {
    const { service, calls, statements } = setup({ approved: 2, queued: ['11', '12'] });
    expect(await service.approve(['5', '6'])).toBe(2);
    expect(statements).toHaveLength(1);
    const { sql, params } = statements[0];
    expect(params[0]).toEqual(['5', '6']);
    expect(params[1]).toEqual(expect.any(Number));
    expect(sql).not.toContain(';');
    for (const part of ["UPDATE submissions SET status = 'counted'", 'INSERT INTO counter_shards', "m.status = 'awaiting_confirmation'", "AND m.kind = 'confirmation' AND m.status IN ('queued')"]) {
      expect(sql).toContain(part);
    }
    expect(calls).toEqual(['notify', 'enqueue 11,12']);
  });

  it('moves no counter and sends nothing when no held submission was approved', async () => {
    const { service, calls } = setup({ approved: 0, queued: null });
    expect(await service.approve(['5'])).toBe(0);
    expect(calls).toEqual([]);
  });

  it('removes in one statement that cancels the unsent mail and never touches the counters', async () => {
    const { service, statements } = setup({ removed: 1 });
    expect(await service.remove(['5'])).toBe(1);
    expect(statements[0].sql).toContain("UPDATE submissions SET status = 'removed' WHERE status = 'held'");
    expect(statements[0].sql).toContain("status = 'cancelled'");
    expect(statements[0].sql).not.toContain('counter_shards');
  });

  it('does nothing for an empty selection', async () => {
    const { service, statements } = setup({});
    expect(await service.approve([])).toBe(0);
    expect(await service.remove([])).toBe(0);
    expect(statements).toEqual([]);
  });
});
