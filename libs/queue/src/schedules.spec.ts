import { JOBS } from './queues';
import { periodicJobs, RETENTION_PATTERN, upsertSchedules } from './schedules';

describe('periodicJobs', () => {
  it('schedules the outbox sweep, retention, closing due actions and the session purge from config', () => {
    const { on, off } = periodicJobs({ OUTBOX_SWEEP_MS: 15000, CLOSE_DUE_INTERVAL_MS: 30000 });
    expect(on).toEqual([
      { id: 'outbox-sweep', job: JOBS.sweepOutbox, repeat: { every: 15000 } },
      { id: 'daily-retention', job: JOBS.applyRetention, repeat: { pattern: RETENTION_PATTERN } },
      { id: 'close-due-actions', job: JOBS.closeDueActions, repeat: { every: 30000 } },
      { id: 'purge-staff-sessions', job: JOBS.purgeStaffSessions, repeat: { every: 30000 } },
    ]);
    expect(off).toEqual([]);
  });

  it('a setting of 0 turns its task off and lists its scheduler for removal', () => {
    const { on, off } = periodicJobs({ OUTBOX_SWEEP_MS: 0, CLOSE_DUE_INTERVAL_MS: 0 });
    expect(on.map((p) => p.id)).toEqual(['daily-retention']);
    expect(off).toEqual(['outbox-sweep', 'close-due-actions', 'purge-staff-sessions']);
  });
});

describe('upsertSchedules', () => {
  /** A strict fake: records the calls it expects and fails on anything else. */
  function fakeQueue() {
    const calls: unknown[][] = [];
    const queue = new Proxy(
      {
        upsertJobScheduler: async (...args: unknown[]) => void calls.push(['upsert', ...args]),
        removeJobScheduler: async (id: string) => (calls.push(['remove', id]), true),
      },
      {
        get(target, prop) {
          if (!(prop in target)) throw new Error(`unexpected call: ${String(prop)}`);
          return target[prop as keyof typeof target];
        },
      },
    );
    return { queue, calls };
  }

  it('upserts each enabled task once, by name, with no retry and bounded history', async () => {
    const { queue, calls } = fakeQueue();
    await upsertSchedules(queue as never, { OUTBOX_SWEEP_MS: 1000, CLOSE_DUE_INTERVAL_MS: 0 });
    const opts = { attempts: 1, removeOnComplete: 30, removeOnFail: 30 };
    expect(calls).toEqual([
      ['upsert', 'outbox-sweep', { every: 1000 }, { name: JOBS.sweepOutbox, opts }],
      ['upsert', 'daily-retention', { pattern: RETENTION_PATTERN }, { name: JOBS.applyRetention, opts }],
      ['remove', 'close-due-actions'],
      ['remove', 'purge-staff-sessions'],
    ]);
  });

  it('fails when Redis refuses, so the caller can try again', async () => {
    const queue = { upsertJobScheduler: async () => Promise.reject(new Error('Connection is closed.')), removeJobScheduler: async () => true };
    await expect(upsertSchedules(queue as never, { OUTBOX_SWEEP_MS: 1000, CLOSE_DUE_INTERVAL_MS: 1000 })).rejects.toThrow('Connection is closed.');
  });
});
