import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { rootLogger } from '@app/common';
import { DELIVERY_JOB_OPTIONS, DeliverMessageJob, deliveryJobId, JOBS, MaintenanceJob, QUEUES } from './queues';
import { periodicJobs } from './schedules';
import { redisConnection } from './redis';

export const REDIS = Symbol('REDIS');

/**
 * Producer side of the queues, shared by the API and the worker. Redis being down never fails
 * the caller: the outbox rows are already committed and the outbox sweep job enqueues them later.
 */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly log = rootLogger().child({ context: 'QueueService' });
  readonly delivery: Queue<DeliverMessageJob>;
  readonly maintenance: Queue<MaintenanceJob>;
  private readonly connection: IORedis;

  constructor(@Inject(RALLY_CONFIG) private readonly cfg: RallyConfig, @Inject(REDIS) readonly redis: IORedis) {
    const connection = (this.connection = redisConnection(cfg.REDIS_URL, 'client'));
    this.delivery = new Queue(QUEUES.delivery, { connection, prefix: cfg.REDIS_PREFIX });
    this.maintenance = new Queue(QUEUES.maintenance, { connection, prefix: cfg.REDIS_PREFIX });
    this.delivery.on('error', () => undefined);
    this.maintenance.on('error', () => undefined);
  }

  /** Enqueues delivery jobs for committed outbox rows. Returns false if Redis could not take them. */
  async enqueueMessages(messageIds: Array<string | number>, delayMs = 0): Promise<boolean> {
    if (!messageIds.length) return true;
    try {
      await this.delivery.addBulk(
        messageIds.map((id) => ({
          name: JOBS.deliverMessage,
          data: { messageId: String(id) },
          opts: { ...DELIVERY_JOB_OPTIONS, jobId: deliveryJobId(id), delay: delayMs || undefined },
        })),
      );
      return true;
    } catch (err) {
      this.log.warn({ count: messageIds.length, err: (err as Error).message }, 'could not enqueue messages; the outbox sweeper will retry');
      return false;
    }
  }

  /**
   * Upserts the job scheduler of every periodic task (idempotent: every worker calls it at start
   * and when Redis may have lost its data) and removes those whose setting is 0.
   */
  async upsertSchedules(): Promise<void> {
    const { on, off } = periodicJobs(this.cfg);
    await Promise.all([
      ...on.map((p) => this.maintenance.upsertJobScheduler(p.id, p.repeat, { name: p.job, opts: { attempts: 1, removeOnComplete: 30, removeOnFail: 30 } })),
      ...off.map((id) => this.maintenance.removeJobScheduler(id)),
    ]);
  }

  private pending: string[] = [];
  private flushTimer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  /**
   * Batches delivery jobs from many requests into one Redis round trip every few milliseconds.
   * The caller does not wait: its outbox rows are committed, and if this enqueue fails the
   * sweeper picks them up. Used on the signup hot path.
   */
  enqueueSoon(messageIds: Array<string | number>): void {
    for (const id of messageIds) this.pending.push(String(id));
    if (this.pending.length >= 500) void this.flush();
    else if (!this.flushTimer) this.flushTimer = setTimeout(() => void this.flush(), 5);
  }

  /** Sends what enqueueSoon has buffered (also called at shutdown). */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.pending;
    this.pending = [];
    const run = (this.flushing ?? Promise.resolve()).then(() => this.enqueueMessages(batch)).then(() => undefined);
    this.flushing = run;
    await run;
  }

  async onApplicationShutdown(): Promise<void> {
    await bounded(this.flush(), 2000);
    // With Redis down, Queue.close() waits for a connection that never comes: bound it.
    await bounded(Promise.allSettled([this.delivery.close(), this.maintenance.close()]), 2000);
    // Queues do not close a connection they were given.
    await closeRedis(this.connection);
  }
}

/** Waits for `p` at most `ms`; shutdown must never hang on an unreachable server. */
function bounded(p: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    p.then(
      () => (clearTimeout(timer), resolve()),
      () => (clearTimeout(timer), resolve()),
    );
  });
}

async function closeRedis(redis: IORedis): Promise<void> {
  if (redis.status !== 'ready') return redis.disconnect();
  await bounded(redis.quit(), 1000);
  redis.disconnect();
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: IORedis) {}
  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.redis);
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [RALLY_CONFIG],
      useFactory: (cfg: RallyConfig) => redisConnection(cfg.REDIS_URL, 'client'),
    },
    QueueService,
    RedisCloser,
  ],
  exports: [REDIS, QueueService],
})
export class QueueModule {}
