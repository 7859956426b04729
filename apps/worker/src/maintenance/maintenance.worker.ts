import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { rootLogger } from '@app/common';
import { JOBS, QUEUES, QueueService, redisConnection } from '@app/queue';
import { RetentionService } from '@app/abuse';

/** Daily at 03:30 server time, when signups are fewest. */
export const RETENTION_SCHEDULE = { id: 'daily-retention', pattern: '30 3 * * *' };

/**
 * Processor of the maintenance queue. One handler per job name; an unknown name fails at once
 * rather than being retried. The daily retention run is a BullMQ job scheduler (idempotent
 * upsert, so every worker may register it and there is still one run a day).
 */
@Injectable()
export class MaintenanceWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = rootLogger().child({ context: 'MaintenanceWorker' });
  private worker?: Worker;
  private connection?: IORedis;
  private readonly handlers: Record<string, () => Promise<unknown>>;

  constructor(
    private readonly retention: RetentionService,
    private readonly queue: QueueService,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {
    this.handlers = { [JOBS.applyRetention]: async () => ({ cleared: await this.retention.apply() }) };
  }

  onApplicationBootstrap(): void {
    const connection = (this.connection = redisConnection(this.cfg.REDIS_URL, 'worker'));
    this.worker = new Worker(QUEUES.maintenance, (job) => this.process(job), {
      connection,
      prefix: this.cfg.REDIS_PREFIX,
      concurrency: 1,
      lockDuration: 5 * 60_000,
    });
    this.worker.on('error', (err) => this.log.warn({ err: err.message }, 'maintenance worker error'));
    // Not awaited: a worker started while Redis is down must still come up and deliver later.
    this.queue.maintenance
      .upsertJobScheduler(RETENTION_SCHEDULE.id, { pattern: RETENTION_SCHEDULE.pattern }, { name: JOBS.applyRetention, opts: { removeOnComplete: 30, removeOnFail: 30 } })
      .catch((err: Error) => this.log.warn({ err: err.message }, 'could not schedule the daily retention job; will retry at next start'));
  }

  private async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name];
    if (!handler) throw new UnrecoverableError(`no handler for maintenance job ${job.name}`);
    return handler();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.worker) await this.worker.close();
    if (this.connection) await this.connection.quit().catch(() => this.connection?.disconnect());
  }
}
