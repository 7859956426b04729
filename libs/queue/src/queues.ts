/**
 * The only place queue names, job names and job payloads are defined.
 * Producers (API, sweeper) and processors (worker) import them from here.
 */
export const QUEUES = {
  /** Outbox delivery: one job per `messages` row, job id `msg-<id>`. */
  delivery: 'delivery',
  /** Periodic housekeeping: outbox sweeper, retention, closing actions at their date. */
  maintenance: 'maintenance',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  deliverMessage: 'deliver-message',
  sweepOutbox: 'sweep-outbox',
  applyRetention: 'apply-retention',
  closeDueActions: 'close-due-actions',
} as const;

export type JobName = (typeof JOBS)[keyof typeof JOBS];

export interface DeliverMessageJob {
  messageId: string;
}

export type MaintenanceJob = Record<string, never>;

/** Deterministic job id: re-adding a message that already has a job is a no-op in BullMQ. */
export function deliveryJobId(messageId: string | number): string {
  return `msg-${messageId}`;
}

/** Attempts and backoff for delivery jobs; transient failures retry, permanent ones fail at once. */
export const DELIVERY_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
  removeOnComplete: { age: 3600, count: 10000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;
