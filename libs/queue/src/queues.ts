/**
 * The only place queue names, job names and job payloads are defined.
 * Producers (API, lib services) and processors (worker) import them from here.
 */
export const QUEUES = {
  /** Outbox delivery: one job per `messages` row, job id `msg-<id>`. */
  delivery: 'delivery',
  /** Periodic housekeeping, each a job scheduler: outbox sweep, retention, closing actions at their date. */
  maintenance: 'maintenance',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  deliverMessage: 'deliver-message',
  sweepOutbox: 'sweep-outbox',
  applyRetention: 'apply-retention',
  closeDueActions: 'close-due-actions',
  purgeStaffSessions: 'purge-staff-sessions',
} as const;

export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** The queue each job runs on. The worker refuses to start unless each has exactly one handler. */
export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  [JOBS.deliverMessage]: QUEUES.delivery,
  [JOBS.sweepOutbox]: QUEUES.maintenance,
  [JOBS.applyRetention]: QUEUES.maintenance,
  [JOBS.closeDueActions]: QUEUES.maintenance,
  [JOBS.purgeStaffSessions]: QUEUES.maintenance,
};

export interface DeliverMessageJob {
  messageId: string;
  /** Set by the worker when the recipient domain's rate limit postponed the job: its reserved send time (ms). */
  rateSlot?: number;
}

/** Periodic jobs carry no data: each run works from the database's current state. */
export type MaintenanceJob = Record<string, never>;

/** Deterministic job id: re-adding a message that already has a job is a no-op in BullMQ. */
export function deliveryJobId(messageId: string | number): string {
  return `msg-${messageId}`;
}

/**
 * Attempts and backoff for delivery jobs; transient failures retry, permanent ones fail at once.
 * The backoff type is resolved by the worker (`deliveryBackoffDelay` with DELIVERY_BACKOFF_MS), so
 * the delay is the consumer's setting and not frozen into jobs by whichever process enqueued them.
 */
export const DELIVERY_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'delivery' },
  removeOnComplete: { age: 3600, count: 10000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/**
 * Exponential backoff with jitter for attempt `attemptsMade` (1 after the first failure):
 * base * 2^(n-1), drawn uniformly from its upper half so retries of a burst spread out.
 * Capped at one hour.
 */
export function deliveryBackoffDelay(attemptsMade: number, baseMs: number): number {
  const ceiling = Math.min(baseMs * 2 ** Math.max(0, attemptsMade - 1), 3600_000);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
