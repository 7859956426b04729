import type { RallyConfig } from '@app/config';
import { JOBS, JobName } from './queues';

/** A periodic task: a BullMQ job scheduler on the maintenance queue, run by the worker. */
export interface PeriodicJob {
  /** Scheduler id: upserting it again (every worker does at start) keeps one schedule. */
  id: string;
  job: JobName;
  repeat: { every: number } | { pattern: string };
}

/** Daily at 03:30 server time, when signups are fewest. */
export const RETENTION_PATTERN = '30 3 * * *';

/**
 * Every periodic task and its schedule from config. A setting of 0 turns its task off: it is
 * listed in `off` so that a schedule left by an earlier run is removed.
 */
export function periodicJobs(cfg: Pick<RallyConfig, 'OUTBOX_SWEEP_MS' | 'CLOSE_DUE_INTERVAL_MS'>): { on: PeriodicJob[]; off: string[] } {
  const all: Array<PeriodicJob | { id: string; job: JobName; repeat: undefined }> = [
    // Recovers outbox rows whose job was lost (Redis flushed, enqueue failed after commit).
    { id: 'outbox-sweep', job: JOBS.sweepOutbox, repeat: cfg.OUTBOX_SWEEP_MS ? { every: cfg.OUTBOX_SWEEP_MS } : undefined },
    { id: 'daily-retention', job: JOBS.applyRetention, repeat: { pattern: RETENTION_PATTERN } },
    { id: 'close-due-actions', job: JOBS.closeDueActions, repeat: cfg.CLOSE_DUE_INTERVAL_MS ? { every: cfg.CLOSE_DUE_INTERVAL_MS } : undefined },
    // Expired sessions are refused already; purging only keeps the table small.
    { id: 'purge-staff-sessions', job: JOBS.purgeStaffSessions, repeat: cfg.CLOSE_DUE_INTERVAL_MS ? { every: cfg.CLOSE_DUE_INTERVAL_MS } : undefined },
  ];
  return {
    on: all.filter((p): p is PeriodicJob => !!p.repeat),
    off: all.filter((p) => !p.repeat).map((p) => p.id),
  };
}
