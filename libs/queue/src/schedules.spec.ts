import { JOBS } from './queues';
import { periodicJobs, RETENTION_PATTERN } from './schedules';

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
