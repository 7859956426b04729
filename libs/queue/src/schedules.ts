import type { Queue } from 'bullmq';
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

/**
 * Upserts the job scheduler of every periodic task on the maintenance queue and removes those
 * whose setting is 0. Idempotent: an existing scheduler keeps its next run.
 */
export async function upsertSchedules(maintenance: Pick<Queue, 'upsertJobScheduler' | 'removeJobScheduler'>, cfg: Pick<RallyConfig, 'OUTBOX_SWEEP_MS' | 'CLOSE_DUE_INTERVAL_MS'>): Promise<void> {
  const { on, off } = periodicJobs(cfg);
  await Promise.all([
    ...on.map((p) => maintenance.upsertJobScheduler(p.id, p.repeat, { name: p.job, opts: { attempts: 1, removeOnComplete: 30, removeOnFail: 30 } })),
    ...off.map((id) => maintenance.removeJobScheduler(id)),
  ]);
}
